package io.flowcast.stream.bench;

import io.flowcast.stream.FlowcastPipeline;
import io.flowcast.stream.config.JobConfig;
import io.flowcast.stream.config.PropertyGroups;
import io.flowcast.stream.source.RawTelemetryRecord;
import io.flowcast.stream.window.FeatureSpec;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Throughput of parse + window and state size per asset-window: the benchmark "samples/s
 * through parse + window on this 2-core machine with 10,000 assets x 20 signals, and state bytes
 * per active asset; targets >= 200k samples/s, <= 2 KB heap state per asset-window". A measurement,
 * not a test: it fails (exit code 1) only when the run did not do the work it claims, never because
 * a figure misses its target.
 *
 * <p><b>Throughput.</b> Runs the real graph ({@link FlowcastPipeline}: parse, asset-type gate,
 * watermarks, keyBy asset, 60 s event-time tumbling window with the incremental feature aggregate,
 * feature vectors) on a local MiniCluster with the heap state backend ({@code hashmap}),
 * checkpointing off and object reuse on (unless {@code --object-reuse off}). The source is a
 * bounded {@code DataGeneratorSource} of pre-built N3uron records ({@link WindowBenchRecords}): one
 * record per asset per second with all 20 signals of asset type {@code bench20} ({@code
 * flowcast/features/bench20.json} in the test resources), event time ending at the last full minute
 * before the run, so every window is full and every timestamp passes the parser's plausibility
 * checks. Sinks only count ({@link WindowBenchSinks}). The figure is the job's net runtime as the
 * JobManager reports it (deployment to finish; MiniCluster start-up excluded, shown separately as
 * wall time). A short warm-up job runs first in the same JVM so the measured job does not pay for
 * JIT compilation.
 *
 * <p>After each run the counts are checked: feature vectors = assets x windows, the vectors' sample
 * counts add up to every sample generated, every vector complete, no duplicates, no dead letters.
 *
 * <p><b>State.</b> {@link WindowStateSize}: one asset-window's accumulator built through the job's
 * aggregate function at 1 sample/s and at 1 sample per 5 s with the job's default duplicate
 * detection, and at 1 sample/s without it ({@code Windows/features.deduplicate=false}); serialized
 * size and JOL heap size, each split into statistics, duplicate detection and the rest.
 *
 * <p>Usage: {@code WindowBenchmark [--quick] [--minutes N] [--assets N] [--parallelism 2[,1...]]
 * [--object-reuse on|off] [--deduplicate on|off] [--no-warmup] [--state-only]}; {@code
 * scripts/bench-window.sh} builds the classes and runs it with the right class path and heap.
 */
public final class WindowBenchmark {

    /** The throughput target. */
    static final double TARGET_SAMPLES_PER_SECOND = 200_000;

    /** The fleet. */
    static final int DEFAULT_ASSETS = 10_000;

    static final int DEFAULT_MINUTES = 5;
    static final int QUICK_MINUTES = 2;

    static final String ASSET_TYPE = "bench20";
    static final String ASSET_TYPE_RULES = "bench20=.*/Bench-[^/]+";
    static final long WINDOW_MILLIS = 60_000L;

    private final PrintStream out = System.out;
    private final Options options;

    private WindowBenchmark(Options options) {
        this.options = options;
    }

    /** Runs the benchmark; exit code 0, 1 if a run's counts are wrong, 2 for bad arguments. */
    public static void main(String[] args) {
        BenchMain.run(
                "WindowBenchmark",
                Options.USAGE,
                args,
                Options::parse,
                o -> o.help,
                o -> new WindowBenchmark(o).run());
    }

    /**
     * The configuration the job would read on AWS, with the benchmark's asset type.
     *
     * @param deduplicate {@code Windows/features.deduplicate}; on is the job's default
     */
    static JobConfig jobConfig(boolean deduplicate) {
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        groups.put(
                "KinesisSource",
                Map.of(
                        "stream.arn",
                        "arn:aws:kinesis:eu-west-1:123456789012:stream/window-benchmark",
                        "aws.region",
                        "eu-west-1"));
        // Required by JobConfig; the benchmark's pipeline ends before enrichment.
        groups.put(
                "Aurora", Map.of("host", "127.0.0.1", "database", "unused", "tls.mode", "DISABLE"));
        groups.put("Inference", Map.of("aws.region", "eu-west-1", "model.registry", "unused"));
        // Never written: the dead-letter sink is replaced by a counting one.
        groups.put("Lake", Map.of("path", "file:///tmp/flowcast-window-benchmark"));
        groups.put("Warehouse", Map.of("engine", "NONE"));
        groups.put(
                "Windows",
                Map.of(
                        "window.type",
                        "TUMBLING",
                        "window.size",
                        "60s",
                        "features.deduplicate",
                        String.valueOf(deduplicate),
                        "asset.type.rules",
                        ASSET_TYPE_RULES));
        return JobConfig.from(PropertyGroups.of(groups));
    }

    private boolean run() throws Exception {
        JobConfig config = jobConfig(options.deduplicate);
        FeatureSpec spec = config.windows().featureSpecs().forType(ASSET_TYPE);
        if (spec.signals().size() != WindowBenchRecords.SIGNALS) {
            throw new IllegalStateException(
                    "bench20.json must use " + WindowBenchRecords.SIGNALS + " signals");
        }
        printEnvironment();

        List<WindowStateSize.Result> state = new ArrayList<>();
        // The job's default (duplicate detection on) at 1 Hz on the grid and jittered by up to
        // ±20 ms and ±200 ms, at 0.2 Hz, and at 1 Hz without duplicate detection.
        JobConfig deduplicating = jobConfig(true);
        state.add(WindowStateSize.measure(deduplicating.windows(), spec, 1_000L, 0, WINDOW_MILLIS));
        state.add(
                WindowStateSize.measure(deduplicating.windows(), spec, 1_000L, 20, WINDOW_MILLIS));
        state.add(
                WindowStateSize.measure(deduplicating.windows(), spec, 1_000L, 200, WINDOW_MILLIS));
        state.add(WindowStateSize.measure(deduplicating.windows(), spec, 5_000L, 0, WINDOW_MILLIS));
        state.add(
                WindowStateSize.measure(
                        jobConfig(false).windows(), spec, 1_000L, 0, WINDOW_MILLIS));
        WindowStateSize.Context context = WindowStateSize.context(spec, WINDOW_MILLIS);
        printState(state, context);
        if (options.stateOnly) {
            return true;
        }

        boolean ok = true;
        List<RunResult> runs = new ArrayList<>();
        if (options.warmup) {
            int p = options.parallelism.get(0);
            int assets = Math.max(p, (options.assets / 10) / p * p);
            out.printf(
                    Locale.ROOT,
                    "%nWarm-up (JIT): %,d assets x %d min at parallelism %d, not reported...%n",
                    assets,
                    options.warmupMinutes,
                    p);
            RunResult warm = runJob(config, "warm-up", assets, options.warmupMinutes, p);
            ok &= warm.verified();
            if (!warm.verified()) {
                printRuns(List.of(warm));
            }
        }
        for (int p : options.parallelism) {
            out.printf(
                    Locale.ROOT,
                    "%nMeasuring: %,d assets x %d min at parallelism %d...%n",
                    options.assets,
                    options.minutes,
                    p);
            RunResult r = runJob(config, "p=" + p, options.assets, options.minutes, p);
            runs.add(r);
            ok &= r.verified();
            printRuns(List.of(r));
        }
        printSummary(runs, state);
        return ok;
    }

    private RunResult runJob(JobConfig config, String label, int assets, int minutes, int p)
            throws Exception {
        long end = System.currentTimeMillis() / WINDOW_MILLIS * WINDOW_MILLIS;
        int seconds = minutes * (int) (WINDOW_MILLIS / 1000);
        long start = end - seconds * 1000L;
        WindowBenchRecords records = new WindowBenchRecords(assets, seconds, start, p);
        long prepareStart = System.nanoTime();
        long templateBytes = records.prepare();
        long prepareMillis = (System.nanoTime() - prepareStart) / 1_000_000;
        String runId = WindowBenchSinks.newRun();
        try {
            Configuration conf = new Configuration();
            conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
            conf.set(PipelineOptions.OBJECT_REUSE, options.objectReuse);
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(p, conf);
            env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
            // Checkpointing stays off: nothing enables it.
            FlowcastPipeline.builder()
                    .parseConfig(config.parse())
                    .windowConfig(config.windows())
                    .source(
                            new DataGeneratorSource<>(
                                    records,
                                    records.count(),
                                    TypeInformation.of(RawTelemetryRecord.class)))
                    .featureVectorSink(WindowBenchSinks.vectorSink(runId))
                    .deadLetterSink(WindowBenchSinks.deadLetterSink(runId))
                    .build()
                    .build(env);

            long gcCountBefore = JvmStats.gcCount();
            long gcMillisBefore = JvmStats.gcMillis();
            long cpuBefore = JvmStats.processCpuNanos();
            double loadBefore = JvmStats.loadAverage();
            long wallStart = System.nanoTime();
            JobExecutionResult result = env.execute("window-benchmark " + label);
            long wallNanos = System.nanoTime() - wallStart;
            long cpuNanos = JvmStats.processCpuNanos() - cpuBefore;
            long wallMillis = wallNanos / 1_000_000;

            RunResult r = new RunResult();
            r.label = label;
            r.parallelism = p;
            r.assets = assets;
            r.minutes = minutes;
            r.eventStart = start;
            r.records = records.count();
            r.samples = records.samples();
            r.templateBytes = templateBytes;
            r.prepareMillis = prepareMillis;
            r.netMillis = result.getNetRuntime(TimeUnit.MILLISECONDS);
            r.wallMillis = wallMillis;
            r.gcCount = JvmStats.gcCount() - gcCountBefore;
            r.gcMillis = JvmStats.gcMillis() - gcMillisBefore;
            r.cpuCores = cpuNanos < 0 ? -1 : (double) cpuNanos / wallNanos;
            r.loadBefore = loadBefore;
            r.loadAfter = JvmStats.loadAverage();
            r.tally = WindowBenchSinks.tally(runId);
            return r;
        } finally {
            WindowBenchSinks.endRun(runId);
            records.release();
        }
    }

    private void printEnvironment() {
        Runtime rt = Runtime.getRuntime();
        String gcs =
                ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(GarbageCollectorMXBean::getName)
                        .collect(Collectors.joining(", "));
        String jvmFlags =
                ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-X") || a.startsWith("-XX:+Use"))
                        .collect(Collectors.joining(" "));
        out.println("Flowcast window benchmark: parse -> asset-type gate -> watermarks -> keyBy");
        out.println("asset -> 60 s event-time tumbling window (incremental aggregate) -> vectors");
        out.printf(
                Locale.ROOT,
                "JDK %s, %d CPUs visible, max heap %,d MB (%s), GC: %s%n",
                System.getProperty("java.version"),
                rt.availableProcessors(),
                rt.maxMemory() / (1024 * 1024),
                jvmFlags.isEmpty() ? "JVM default" : jvmFlags,
                gcs);
        out.printf(
                Locale.ROOT,
                "Local MiniCluster, state backend hashmap, checkpointing off, object reuse %s,"
                        + " features.deduplicate %s%s%n",
                options.objectReuse ? "on" : "off",
                options.deduplicate ? "on" : "off",
                options.quick ? "; --quick: shorter run, indicative only" : "");
    }

    private static String sampling(WindowStateSize.Result r) {
        return "1 per "
                + r.intervalMillis / 1000
                + " s"
                + (r.jitterMillis == 0 ? "" : " ±" + r.jitterMillis + " ms");
    }

    private void printState(List<WindowStateSize.Result> results, WindowStateSize.Context c) {
        out.println();
        out.printf(
                Locale.ROOT,
                "State per asset-window: %s, %d signals, %d s window; target <= %,d B heap%n",
                ASSET_TYPE,
                WindowBenchRecords.SIGNALS,
                WINDOW_MILLIS / 1000,
                WindowStateSize.TARGET_BYTES);
        String format = "%-18s %-5s %7s %12s %30s %30s %9s%n";
        out.printf(
                Locale.ROOT,
                format,
                "sampling",
                "dedup",
                "samples",
                "dedup pairs/B",
                "serialized B: stats+dedup+rest",
                "heap B: stats+dedup+rest",
                "heap/2KB");
        for (WindowStateSize.Result r : results) {
            out.printf(
                    Locale.ROOT,
                    format,
                    sampling(r),
                    r.deduplicate ? "on" : "off",
                    r.samples,
                    r.seenSize + "/" + r.seenPackedBytes,
                    String.format(
                            Locale.ROOT,
                            "%,d = %,d+%,d+%,d",
                            r.serialized,
                            r.serializedSignals,
                            r.serializedSeen,
                            r.serializedRest()),
                    r.heap < 0
                            ? "n/a (no JOL)"
                            : String.format(
                                    Locale.ROOT,
                                    "%,d = %,d+%,d+%,d",
                                    r.heap,
                                    r.heapSignals,
                                    r.heapSeen,
                                    r.heapShell),
                    r.heap < 0
                            ? "-"
                            : String.format(
                                    Locale.ROOT,
                                    "%.2fx",
                                    (double) r.heap / WindowStateSize.TARGET_BYTES));
        }
        out.printf(
                Locale.ROOT,
                "Serializer: %s. dedup pairs/B = distinct (signal, timestamp) pairs held / bytes"
                        + " of their packed encoding (plus a 16-entry buffer and each signal's"
                        + " latest timestamp).%n",
                results.get(0).serializer);
        out.printf(
                Locale.ROOT,
                "Also per asset, across windows: CarriedFeatures %,d B serialized, %s heap.%n",
                c.carriedSerialized,
                c.carriedHeap < 0 ? "n/a" : String.format(Locale.ROOT, "%,d B", c.carriedHeap));
        if (c.bookkeeping >= 0) {
            out.printf(
                    Locale.ROOT,
                    "Heap backend bookkeeping per asset-window (estimate): ~%,d B = %s.%n",
                    c.bookkeeping,
                    c.bookkeepingDetail);
        } else {
            out.println(
                    "Heap sizes need org.openjdk.jol:jol-core on the class path"
                            + " (scripts/bench-window.sh adds it).");
        }
    }

    private void printRuns(List<RunResult> runs) {
        for (RunResult r : runs) {
            out.printf(
                    Locale.ROOT,
                    "  %s: %,d records, %,d samples, %,d windows in %.1f s net (%.1f s wall with"
                            + " MiniCluster start); %,.0f records/s, %,.0f samples/s, %,.0f"
                            + " windows/s%n  GC %d collections %.1f s; this JVM used %.2f cores"
                            + " of %d; load average %.1f before, %.1f after; templates %,d KB"
                            + " built in %d ms before the job%n",
                    r.label,
                    r.records,
                    r.samples,
                    r.tally.vectors.get(),
                    r.netMillis / 1000.0,
                    r.wallMillis / 1000.0,
                    r.recordsPerSecond(),
                    r.samplesPerSecond(),
                    r.windowsPerSecond(),
                    r.gcCount,
                    r.gcMillis / 1000.0,
                    r.cpuCores,
                    Runtime.getRuntime().availableProcessors(),
                    r.loadBefore,
                    r.loadAfter,
                    r.templateBytes / 1024,
                    r.prepareMillis);
            List<String> problems = r.problems();
            out.println(
                    problems.isEmpty()
                            ? "  check: OK (vectors = assets x windows, all samples counted once,"
                                    + " vectors complete, no duplicates, no dead letters)"
                            : "  check FAILED: " + String.join("; ", problems));
        }
    }

    private void printSummary(List<RunResult> runs, List<WindowStateSize.Result> state) {
        out.println();
        if (!runs.isEmpty()) {
            RunResult first = runs.get(0);
            out.printf(
                    Locale.ROOT,
                    "Summary: %,d assets x %d signals x 1 Hz, %d min of event time from %s (%d"
                            + " windows per asset)%n",
                    first.assets,
                    WindowBenchRecords.SIGNALS,
                    first.minutes,
                    Instant.ofEpochMilli(first.eventStart),
                    first.minutes);
            String format = "%-12s %12s %13s %11s %10s %9s %7s%n";
            out.printf(
                    Locale.ROOT,
                    format,
                    "parallelism",
                    "records/s",
                    "samples/s",
                    "windows/s",
                    "net s",
                    "vs 200k",
                    "check");
            for (RunResult r : runs) {
                out.printf(
                        Locale.ROOT,
                        format,
                        r.parallelism,
                        String.format(Locale.ROOT, "%,.0f", r.recordsPerSecond()),
                        String.format(Locale.ROOT, "%,.0f", r.samplesPerSecond()),
                        String.format(Locale.ROOT, "%,.0f", r.windowsPerSecond()),
                        String.format(Locale.ROOT, "%.1f", r.netMillis / 1000.0),
                        String.format(
                                Locale.ROOT,
                                "%.2fx",
                                r.samplesPerSecond() / TARGET_SAMPLES_PER_SECOND),
                        r.verified() ? "OK" : "FAILED");
            }
        }
        for (WindowStateSize.Result s : state) {
            out.printf(
                    Locale.ROOT,
                    "State at %s, dedup %s: %s heap, %,d B serialized per asset-window%n",
                    sampling(s),
                    s.deduplicate ? "on" : "off",
                    s.heap < 0
                            ? "n/a (no JOL)"
                            : String.format(
                                    Locale.ROOT,
                                    "%,d B (%.2fx the 2 KB target)",
                                    s.heap,
                                    (double) s.heap / WindowStateSize.TARGET_BYTES),
                    s.serialized);
        }
    }

    /** What one job run did and how long it took. */
    private static final class RunResult {
        String label;
        int parallelism;
        int assets;
        int minutes;
        long eventStart;
        long records;
        long samples;
        long templateBytes;
        long prepareMillis;
        long netMillis;
        long wallMillis;
        long gcCount;
        long gcMillis;
        double cpuCores;
        double loadBefore;
        double loadAfter;
        WindowBenchSinks.Tally tally;

        double recordsPerSecond() {
            return records * 1000.0 / netMillis;
        }

        double samplesPerSecond() {
            return samples * 1000.0 / netMillis;
        }

        double windowsPerSecond() {
            return tally.vectors.get() * 1000.0 / netMillis;
        }

        boolean verified() {
            return problems().isEmpty();
        }

        /** Every way the run's output differs from what its input must give. */
        List<String> problems() {
            List<String> problems = new ArrayList<>();
            long expectedVectors = (long) assets * minutes;
            if (tally.vectors.get() != expectedVectors) {
                problems.add(
                        "feature vectors " + tally.vectors.get() + ", expected " + expectedVectors);
            }
            if (tally.samplesInVectors.get() != samples) {
                problems.add(
                        "vectors count "
                                + tally.samplesInVectors.get()
                                + " samples, generated "
                                + samples);
            }
            if (tally.windowStarts.size() != minutes) {
                problems.add(
                        "distinct windows " + tally.windowStarts.size() + ", expected " + minutes);
            }
            if (tally.incompleteVectors.get() != 0) {
                problems.add(tally.incompleteVectors.get() + " vectors with missing values");
            }
            if (tally.duplicateSamples.get() != 0) {
                problems.add(tally.duplicateSamples.get() + " duplicate samples");
            }
            if (tally.deadLetters.get() != 0) {
                problems.add(
                        tally.deadLetters.get()
                                + " dead letters, e.g. "
                                + String.join(" | ", tally.deadLetterExamples));
            }
            return problems;
        }
    }

    /** Command-line options. */
    private static final class Options {
        static final String USAGE =
                "Usage: WindowBenchmark [--quick] [--minutes N] [--assets N]"
                        + " [--parallelism P[,P...]] [--object-reuse on|off]"
                        + " [--deduplicate on|off] [--no-warmup] [--state-only]\n"
                        + "  --quick           "
                        + QUICK_MINUTES
                        + " min of event time and a shorter warm-up (default "
                        + DEFAULT_MINUTES
                        + " min)\n"
                        + "  --minutes N       minutes of event time = windows per asset\n"
                        + "  --assets N        assets (default "
                        + DEFAULT_ASSETS
                        + "; a multiple of every parallelism)\n"
                        + "  --parallelism L   job parallelism, or a list run one after the other"
                        + " (default 2)\n"
                        + "  --object-reuse X  on (default) or off\n"
                        + "  --deduplicate X   Windows/features.deduplicate of the measured job:"
                        + " on (default, as the job) or off\n"
                        + "  --no-warmup       skip the warm-up job\n"
                        + "  --state-only      only the state-size part";

        boolean quick;
        boolean help;
        boolean stateOnly;
        boolean warmup = true;
        boolean objectReuse = true;
        boolean deduplicate = true;
        int minutes = -1;
        int warmupMinutes;
        int assets = DEFAULT_ASSETS;
        List<Integer> parallelism = List.of(2);

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--quick":
                        o.quick = true;
                        break;
                    case "--minutes":
                        o.minutes = BenchArgs.positive(arg, BenchArgs.value(args, ++i, arg));
                        break;
                    case "--assets":
                        o.assets = BenchArgs.positive(arg, BenchArgs.value(args, ++i, arg));
                        break;
                    case "--parallelism":
                        List<Integer> list = new ArrayList<>();
                        for (String p : BenchArgs.value(args, ++i, arg).split(",")) {
                            list.add(BenchArgs.positive(arg, p.trim()));
                        }
                        o.parallelism = list;
                        break;
                    case "--object-reuse":
                        o.objectReuse = BenchArgs.onOff(arg, BenchArgs.value(args, ++i, arg));
                        break;
                    case "--deduplicate":
                        o.deduplicate = BenchArgs.onOff(arg, BenchArgs.value(args, ++i, arg));
                        break;
                    case "--no-warmup":
                        o.warmup = false;
                        break;
                    case "--state-only":
                        o.stateOnly = true;
                        break;
                    case "-h":
                    case "--help":
                        o.help = true;
                        break;
                    default:
                        throw new IllegalArgumentException("unknown argument: " + arg);
                }
            }
            if (o.minutes < 0) {
                o.minutes = o.quick ? QUICK_MINUTES : DEFAULT_MINUTES;
            }
            o.warmupMinutes = o.quick ? 1 : 2;
            if (o.assets > WindowBenchRecords.MAX_ASSETS) {
                throw new IllegalArgumentException(
                        "--assets must be at most " + WindowBenchRecords.MAX_ASSETS);
            }
            for (int p : o.parallelism) {
                if (o.assets % p != 0) {
                    throw new IllegalArgumentException(
                            "--assets " + o.assets + " is not a multiple of parallelism " + p);
                }
            }
            return o;
        }
    }
}
