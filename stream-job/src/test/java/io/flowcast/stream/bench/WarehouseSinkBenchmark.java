package io.flowcast.stream.bench;

import io.flowcast.stream.inference.Prediction;
import io.flowcast.stream.local.LocalWarehouse;
import io.flowcast.stream.sink.warehouse.PostgresConnectionFactory;
import io.flowcast.stream.sink.warehouse.RetryPolicy;
import io.flowcast.stream.sink.warehouse.WarehouseConfig;
import io.flowcast.stream.sink.warehouse.WarehouseDialect.BindLayout;
import io.flowcast.stream.sink.warehouse.WarehouseSinks;
import io.flowcast.stream.testing.GeneratedPredictions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Rows/s per subtask of the real warehouse sink ({@link WarehouseSinks#predictions}, batching,
 * timer and checkpoint flushes, retries, metrics) on a local MiniCluster, writing into the local
 * warehouse (embedded PostgreSQL 17, {@link LocalWarehouse}, the DDL of {@code
 * schemas/warehouse/local-postgres.sql} with its indexes) at parallelism 1 and 2, for the
 * PostgreSQL layouts COPY into staging then upsert (the default) and {@code unnest} MERGE. Each run
 * first inserts new predictions, then replays the same ones (every row an update). The source is
 * chained to the sink (generating a prediction and its features JSON is part of the subtask's time,
 * as mapping is in the job). Checkpoints every 5 s flush too.
 *
 * <p>Per subtask, the time runs from its first record to the end of its final flush; rows/s =
 * records / that time. Prints figures and the ratio to the target of 20,000 rows/s per sink
 * subtask; asserts nothing except that the table holds exactly the rows written.
 *
 * <p>Usage: {@code WarehouseSinkBenchmark [--rows N] [--batch N] [--parallelism 1,2] [--layout
 * copy|unnest|both] [--no-warmup]}; {@code scripts/bench-sinks.sh} builds and runs it.
 */
public final class WarehouseSinkBenchmark {

    static final double TARGET_ROWS_PER_SECOND = 20_000;

    /** Per run and subtask: {first record nanos, end of last flush nanos, records}. */
    static final Map<Integer, long[]> TIMES = new ConcurrentHashMap<>();

    private WarehouseSinkBenchmark() {}

    /** Runs the benchmark; see the class comment. */
    public static void main(String[] args) throws Exception {
        int rowsPerSubtask = 150_000;
        int batch = WarehouseConfig.DEFAULT_BATCH_MAX_ROWS;
        List<Integer> parallelisms = List.of(1, 2);
        List<BindLayout> layouts = List.of(BindLayout.COPY_STAGING, BindLayout.COLUMN_ARRAYS);
        boolean warmup = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows":
                    rowsPerSubtask =
                            BenchArgs.positive("--rows", BenchArgs.value(args, ++i, "--rows"));
                    break;
                case "--batch":
                    batch = BenchArgs.positive("--batch", BenchArgs.value(args, ++i, "--batch"));
                    break;
                case "--parallelism":
                    List<Integer> ps = new ArrayList<>();
                    for (String p : BenchArgs.value(args, ++i, "--parallelism").split(",")) {
                        ps.add(BenchArgs.positive("--parallelism", p.trim()));
                    }
                    parallelisms = ps;
                    break;
                case "--layout":
                    String l = BenchArgs.value(args, ++i, "--layout");
                    layouts =
                            l.equals("copy")
                                    ? List.of(BindLayout.COPY_STAGING)
                                    : l.equals("unnest")
                                            ? List.of(BindLayout.COLUMN_ARRAYS)
                                            : l.equals("both") ? layouts : null;
                    if (layouts == null) {
                        throw new IllegalArgumentException(
                                "--layout takes copy, unnest or both, got " + l);
                    }
                    break;
                case "--no-warmup":
                    warmup = false;
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path dir = Files.createTempDirectory("flowcast-bench-warehouse-");
        System.out.printf(
                "WarehouseSinkBenchmark: %,d rows per subtask, batch.max.rows %,d, load average"
                        + " %.2f, %d CPUs%n",
                rowsPerSubtask,
                batch,
                JvmStats.loadAverage(),
                Runtime.getRuntime().availableProcessors());
        List<String> summary = new ArrayList<>();
        try (LocalWarehouse warehouse = LocalWarehouse.start(dir, 0)) {
            if (warmup) {
                for (BindLayout layout : layouts) {
                    run(warehouse, layout, 1, 30_000, batch, "warmup", null);
                }
            }
            for (BindLayout layout : layouts) {
                for (int parallelism : parallelisms) {
                    truncate(warehouse);
                    String runId = layout + "-p" + parallelism;
                    for (String phase : new String[] {"insert", "replay"}) {
                        run(warehouse, layout, parallelism, rowsPerSubtask, batch, runId, phase)
                                .forEach(summary::add);
                    }
                }
            }
        } finally {
            deleteRecursively(dir);
        }
        System.out.println();
        System.out.println(
                "layout        p  phase   subtask     rows   seconds     rows/s  vs 20k");
        summary.forEach(System.out::println);
        System.out.printf("load average after: %.2f%n", JvmStats.loadAverage());
    }

    private static List<String> run(
            LocalWarehouse warehouse,
            BindLayout layout,
            int parallelism,
            int rowsPerSubtask,
            int batch,
            String runId,
            String phase)
            throws Exception {
        TIMES.clear();
        long rows = (long) rowsPerSubtask * parallelism;
        WarehouseConfig config =
                WarehouseConfig.of(
                        new PostgresConnectionFactory(
                                LocalWarehouse.HOST,
                                warehouse.port(),
                                PostgresConnectionFactory.LOCAL_DATABASE,
                                layout),
                        batch,
                        WarehouseConfig.DEFAULT_FLUSH_INTERVAL,
                        RetryPolicy.defaults());
        Configuration conf = new Configuration();
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        env.enableCheckpointing(5_000);
        env.fromSource(
                        new DataGeneratorSource<>(
                                new GeneratedPredictions(rows, runId),
                                rows,
                                TypeInformation.of(Prediction.class)),
                        WatermarkStrategy.noWatermarks(),
                        "predictions")
                .sinkTo(new TimingSink<>(WarehouseSinks.predictions(config)))
                .name("warehouse predictions");
        env.execute("warehouse sink benchmark " + runId + " " + phase);
        long inTable = count(warehouse);
        if (phase == null) {
            return List.of();
        }
        if (inTable != rows) {
            throw new IllegalStateException(
                    "expected " + rows + " rows in the table, found " + inTable);
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<Integer, long[]> e : new TreeMap<>(TIMES).entrySet()) {
            long[] t = e.getValue();
            double seconds = (t[1] - t[0]) / 1e9;
            double perSecond = t[2] / seconds;
            lines.add(
                    String.format(
                            "%-13s %d  %-7s %7d %,8d %9.2f %,10.0f  %5.2fx",
                            layout,
                            parallelism,
                            phase,
                            e.getKey(),
                            t[2],
                            seconds,
                            perSecond,
                            perSecond / TARGET_ROWS_PER_SECOND));
        }
        lines.forEach(System.out::println);
        return lines;
    }

    private static long count(LocalWarehouse warehouse) throws Exception {
        try (Connection c = warehouse.connectionFactory().connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM predictions")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void truncate(LocalWarehouse warehouse) throws Exception {
        try (Connection c = warehouse.connectionFactory().connect();
                Statement s = c.createStatement()) {
            s.execute("TRUNCATE predictions");
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Wraps a sink's writer to time each subtask (first record to end of the final flush). */
    static final class TimingSink<T> implements Sink<T> {
        private static final long serialVersionUID = 1L;
        private final Sink<T> delegate;

        TimingSink(Sink<T> delegate) {
            this.delegate = delegate;
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
            SinkWriter<T> writer = delegate.createWriter(context);
            int subtask = context.getTaskInfo().getIndexOfThisSubtask();
            long[] times = new long[3];
            TIMES.put(subtask, times);
            return new SinkWriter<T>() {
                @Override
                public void write(T element, Context c) throws IOException, InterruptedException {
                    if (times[2]++ == 0) {
                        times[0] = System.nanoTime();
                    }
                    writer.write(element, c);
                }

                @Override
                public void flush(boolean endOfInput) throws IOException, InterruptedException {
                    writer.flush(endOfInput);
                    times[1] = System.nanoTime();
                }

                @Override
                public void close() throws Exception {
                    writer.close();
                }
            };
        }

        @Deprecated
        @Override
        public SinkWriter<T> createWriter(InitContext context) {
            throw new UnsupportedOperationException("needs a WriterInitContext");
        }
    }
}
