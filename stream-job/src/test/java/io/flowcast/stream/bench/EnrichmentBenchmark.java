package io.flowcast.stream.bench;

import io.flowcast.stream.FlowcastPipeline;
import io.flowcast.stream.config.WindowOptions;
import io.flowcast.stream.enrich.AssetContextClientFactory;
import io.flowcast.stream.enrich.AssetEnrichmentFunction;
import io.flowcast.stream.enrich.AuroraConnectionConfig;
import io.flowcast.stream.enrich.EnrichConfig;
import io.flowcast.stream.enrich.EnrichedFeatureVector;
import io.flowcast.stream.enrich.EnrichmentStatus;
import io.flowcast.stream.enrich.JdbcAssetContextClient;
import io.flowcast.stream.testing.ReportedMetrics;
import io.flowcast.stream.window.FeatureVector;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.util.TestStreamEnvironment;

/**
 * Asset-register lookups and the cost of enrichment: the benchmark "lookups issued per
 * 1,000 windows and the cost of enrichment; target: at most one query per asset per TTL with a warm
 * cache". A measurement, not a test: it fails (exit code 1) when a run did not do the work it
 * claims or the query bound does not hold, never because a rate is low.
 *
 * <p><b>Set-up.</b> The real embedded PostgreSQL 17 ({@link EnrichBenchDatabase}) seeded with
 * {@code --assets} register rows, {@code pg_stat_statements} loaded to count the lookups the
 * database executes. The real {@link AssetEnrichmentFunction} on a Flink MiniCluster (one task
 * manager, 2 slots), wired as {@link FlowcastPipeline} does: {@code AsyncDataStream.unorderedWait}
 * with the {@code Enrichment} group's timeout and capacity, {@link
 * JdbcAssetContextClient#factory(AuroraConnectionConfig)} with the client defaults (per subtask 4
 * connections, 256 queued lookups), parallelism 2. Its input stands in for the feature-window stage
 * ({@link EnrichBenchVectors}): pump vectors keyed by asset id, so each asset's windows reach the
 * same subtask and cache, as after the job's {@code keyBy(assetId)} window. Round {@code r} is
 * window {@code r} of every id: the registered assets plus {@code --unknown-percent} ids without a
 * row (negative caching); a round starts when the previous one has fully reached the sink.
 *
 * <p><b>Jobs</b>, each {@code --rounds} rounds of the same input:
 *
 * <ol>
 *   <li>pass-through: the same graph without the enrichment operator (the baseline);
 *   <li>in-memory client: the function and its cache over a client answering from a map;
 *   <li>scenario A, JDBC with the {@code Enrichment} defaults (cache.ttl 5 min, negative TTL 5 min,
 *       both longer than the run): round 1 is cold, the others warm;
 *   <li>scenario B, JDBC with {@code --short-ttl} (positive and negative): two phases of rounds,
 *       the second starting once every entry of the first has expired.
 * </ol>
 *
 * <p>Queries are counted three ways: at the database ({@code pg_stat_statements}), by a wrapper
 * around the client (every cache miss, by id and subtask, with its latency) and by the function's
 * own {@code assetLookups} metric (read through Flink's {@code InMemoryReporter}). A separate phase
 * times the client alone: sequential lookups and lookups with 4 and 100 in flight.
 *
 * <p>Usage: {@code EnrichmentBenchmark [--quick] [--assets N] [--rounds R] [--unknown-percent P]
 * [--short-ttl S] [--no-warmup]}; {@code scripts/bench-enrich.sh} builds the classes and runs it
 * with the right class path and heap.
 */
public final class EnrichmentBenchmark {

    static final int DEFAULT_ASSETS = 10_000;
    static final int DEFAULT_ROUNDS = 10;
    static final double DEFAULT_UNKNOWN_PERCENT = 1.0;
    static final int DEFAULT_SHORT_TTL_SECONDS = 5;
    static final int QUICK_ASSETS = 2_000;
    static final int QUICK_ROUNDS = 6;
    static final int QUICK_SHORT_TTL_SECONDS = 3;

    /**
     * One enrichment subtask per core of the 2-core reference machine, as in the window benchmark.
     */
    static final int PARALLELISM = 2;

    /**
     * Network buffer timeout of every job. Rounds end with a partly filled buffer; at Flink's
     * default 100 ms that tail would wait for the flusher and a warm round of 10,000 windows would
     * measure the flush interval rather than the operator. The same for every job, so the ratios
     * are fair.
     */
    static final long BUFFER_TIMEOUT_MILLIS = 5;

    /** Allowed shortfall of a gap between two lookups of one id below the TTL: clock rounding. */
    static final long GAP_TOLERANCE_MILLIS = 2;

    /** Extra wait after the TTL before phase 2 of scenario B, so every entry has expired. */
    static final long EXPIRY_MARGIN_MILLIS = 200;

    private final PrintStream out = System.out;
    private final Options options;
    private final int unknown;
    private MiniCluster cluster;
    private InMemoryReporter reporter;

    private EnrichmentBenchmark(Options options) {
        this.options = options;
        this.unknown = (int) Math.round(options.assets * options.unknownPercent / 100.0);
    }

    /** Runs the benchmark; exit code 0, 1 if a check fails, 2 for bad arguments. */
    public static void main(String[] args) {
        BenchMain.run(
                "EnrichmentBenchmark",
                Options.USAGE,
                args,
                Options::parse,
                o -> o.help,
                o -> new EnrichmentBenchmark(o).run());
    }

    /** Reports each enriched vector to run {@code runId}: its round, status, matching context. */
    private static BenchSink<EnrichedFeatureVector> enrichedSink(String runId) {
        return new BenchSink<>(
                () -> {
                    EnrichBenchRun run = EnrichBenchRun.get(runId);
                    return e ->
                            run.delivered(
                                    e.vector.windowStart,
                                    e.enrichment,
                                    e.asset != null && e.vector.assetId.equals(e.asset.assetId));
                });
    }

    /** For the pass-through job (no enrichment operator): reports each vector's round. */
    private static BenchSink<FeatureVector> vectorSink(String runId) {
        return new BenchSink<>(
                () -> {
                    EnrichBenchRun run = EnrichBenchRun.get(runId);
                    return v -> run.delivered(v.windowStart, null, true);
                });
    }

    private int windowsPerRound() {
        return options.assets + unknown;
    }

    private boolean run() throws Exception {
        printEnvironment();
        List<JobRun> jobs = new ArrayList<>();
        ClientFigures client;
        boolean ok = true;
        try (EnrichBenchDatabase db = EnrichBenchDatabase.launch()) {
            db.seed(options.assets);
            boolean statementStats = db.enableStatementStats();
            out.printf(
                    Locale.ROOT,
                    "%nAsset register: embedded PostgreSQL %s started in %.1f s; %,d rows seeded in"
                            + " %.2f s (parameterised batches of 1,000, one transaction);"
                            + " pg_stat_statements %s%n",
                    db.serverVersion(),
                    db.launchTime.toMillis() / 1000.0,
                    db.rows,
                    db.seedTime.toMillis() / 1000.0,
                    statementStats
                            ? "on (queries counted at the database)"
                            : "unavailable ("
                                    + db.statementStatsProblem()
                                    + "); client-side counts only");

            client = measureClient(db);
            ok &= client.problems.isEmpty();

            reporter = InMemoryReporter.createWithRetainedMetrics();
            Configuration conf = reporter.addToConfiguration(new Configuration());
            cluster =
                    new MiniCluster(
                            new MiniClusterConfiguration.Builder()
                                    .setConfiguration(conf)
                                    .setNumTaskManagers(1)
                                    .setNumSlotsPerTaskManager(PARALLELISM)
                                    .build());
            cluster.start();
            try {
                AssetContextClientFactory jdbc =
                        JdbcAssetContextClient.factory(db.connectionConfig());
                AssetContextClientFactory memory =
                        new EnrichBenchClients.InMemoryFactory(options.assets);
                EnrichConfig defaults = EnrichConfig.defaults();
                if (options.warmup) {
                    int rounds = options.quick ? 2 : 3;
                    out.printf(
                            Locale.ROOT,
                            "%nWarm-up (JIT): in-memory client and pass-through jobs, %d rounds"
                                    + " each, not reported...%n",
                            rounds);
                    for (AssetContextClientFactory f : Arrays.asList(memory, null)) {
                        JobRun warm = runJob("warm-up", f, defaults, rounds, noDatabase(), 0);
                        if (!warm.problems().isEmpty()) {
                            ok = false;
                            out.println(
                                    "  warm-up check FAILED: "
                                            + String.join("; ", warm.problems()));
                        }
                    }
                }
                out.printf(
                        Locale.ROOT,
                        "%nJobs: %,d windows per round (%,d assets + %,d unknown ids), %d rounds"
                                + " each%n",
                        windowsPerRound(),
                        options.assets,
                        unknown,
                        options.rounds);

                JobRun passThrough =
                        runJob(
                                "pass-through (no enrichment operator)",
                                null,
                                defaults,
                                options.rounds,
                                noDatabase(),
                                0);
                printCompact(passThrough);
                JobRun inMemory =
                        runJob(
                                "in-memory client (function + cache, no I/O)",
                                memory,
                                defaults,
                                options.rounds,
                                noDatabase(),
                                1);
                printCompact(inMemory);
                JobRun warmCache =
                        runJob(
                                "scenario A: JDBC, Enrichment defaults (TTL longer than the run)",
                                jdbc,
                                defaults,
                                options.rounds,
                                databaseHooks(db, -1, null),
                                1);
                printRounds(warmCache);
                Duration ttl = Duration.ofSeconds(options.shortTtlSeconds);
                EnrichConfig shortTtl =
                        defaults.withCache(
                                ttl, ttl, defaults.maxStale(), defaults.failureBackoff());
                int phase2 = options.rounds / 2;
                JobRun expiring =
                        runJob(
                                "scenario B: JDBC, cache.ttl = negative TTL = "
                                        + options.shortTtlSeconds
                                        + " s, two phases",
                                jdbc,
                                shortTtl,
                                options.rounds,
                                databaseHooks(db, phase2, ttl),
                                2);
                printRounds(expiring);
                jobs.add(passThrough);
                jobs.add(inMemory);
                jobs.add(warmCache);
                jobs.add(expiring);
            } finally {
                cluster.close();
                cluster = null;
            }
        }
        for (JobRun j : jobs) {
            ok &= j.problems().isEmpty();
        }
        printSummary(client, jobs, ok);
        return ok;
    }

    // ---- jobs

    /**
     * Runs one job on the shared MiniCluster.
     *
     * @param clients the enrichment's client factory, or null for the pass-through graph
     * @param hooks round boundaries: the register whose statement counts to report, if any, and
     *     scenario B's pause
     * @param phases 0 for no query expectations, 1 for one cold round then warm rounds, 2 for two
     *     such phases
     */
    private JobRun runJob(
            String label,
            AssetContextClientFactory clients,
            EnrichConfig config,
            int rounds,
            PhaseHooks hooks,
            int phases)
            throws Exception {
        EnrichBenchDatabase db = hooks.db;
        EnrichBenchRun run = EnrichBenchRun.start(label, windowsPerRound(), rounds, hooks);
        try {
            TestStreamEnvironment env = new TestStreamEnvironment(cluster, PARALLELISM);
            env.setBufferTimeout(BUFFER_TIMEOUT_MILLIS);
            EnrichBenchVectors generator =
                    new EnrichBenchVectors(run.id, options.assets, unknown, rounds);
            KeyedStream<FeatureVector, String> byAsset =
                    env.fromSource(
                                    new DataGeneratorSource<>(
                                            generator,
                                            generator.count(),
                                            TypeInformation.of(FeatureVector.class)),
                                    WatermarkStrategy.noWatermarks(),
                                    "Feature windows (generated)")
                            // One source subtask keeps the rounds in order.
                            .setParallelism(1)
                            .keyBy(v -> v.assetId);
            if (clients == null) {
                byAsset.sinkTo(vectorSink(run.id)).name("Feature vectors");
            } else {
                AsyncDataStream.unorderedWait(
                                byAsset,
                                new AssetEnrichmentFunction(
                                        config,
                                        new EnrichBenchClients.CountingFactory(run.id, clients)),
                                config.asyncTimeout().toMillis(),
                                TimeUnit.MILLISECONDS,
                                config.asyncCapacity())
                        .returns(TypeInformation.of(EnrichedFeatureVector.class))
                        .name(FlowcastPipeline.NAME_ENRICHMENT)
                        .uid(FlowcastPipeline.UID_ENRICHMENT)
                        .sinkTo(enrichedSink(run.id))
                        .name("Enriched feature vectors");
            }

            EnrichBenchDatabase.StatementStats statementsBefore =
                    db == null ? null : db.lookupStatement();
            long gcCountBefore = JvmStats.gcCount();
            long gcMillisBefore = JvmStats.gcMillis();
            long cpuBefore = JvmStats.processCpuNanos();
            double loadBefore = JvmStats.loadAverage();
            long wallStart = System.nanoTime();
            JobExecutionResult result = env.execute("enrichment-benchmark " + label);
            long wallNanos = System.nanoTime() - wallStart;
            long cpuNanos = JvmStats.processCpuNanos() - cpuBefore;
            run.finish();

            JobRun j = new JobRun();
            j.label = label;
            j.enrichment = clients != null;
            j.config = config;
            j.run = run;
            j.phases = phases;
            j.phase2 = hooks.phase2;
            EnrichBenchDatabase.StatementStats statementsAfter =
                    db == null ? null : db.lookupStatement();
            j.statementStats = statementsAfter != null;
            j.netMillis = result.getNetRuntime(TimeUnit.MILLISECONDS);
            j.wallMillis = wallNanos / 1_000_000;
            j.cpuCores = cpuNanos < 0 ? -1 : (double) cpuNanos / wallNanos;
            j.gcCount = JvmStats.gcCount() - gcCountBefore;
            j.gcMillis = JvmStats.gcMillis() - gcMillisBefore;
            j.loadBefore = loadBefore;
            j.loadAfter = JvmStats.loadAverage();
            j.meanExecutionMillis =
                    statementsAfter == null
                            ? -1
                            : statementsAfter.meanMillisSince(statementsBefore);
            if (clients != null) {
                j.metrics = functionMetrics(result);
            }
            return j;
        } finally {
            run.end();
        }
    }

    /** Round hooks with no database and no pause. */
    private static PhaseHooks noDatabase() {
        return new PhaseHooks(null, -1, null);
    }

    /**
     * Round hooks that read the database's lookup count at every round boundary and, for scenario
     * B, hold round {@code phase2} back until every entry loaded in round 1 has expired.
     */
    private static PhaseHooks databaseHooks(EnrichBenchDatabase db, int phase2, Duration ttl) {
        return new PhaseHooks(db, phase2, ttl);
    }

    /** The {@link EnrichBenchRun.Hooks} of one job. */
    private static final class PhaseHooks implements EnrichBenchRun.Hooks {
        final EnrichBenchDatabase db;
        final int phase2;
        private final Duration ttl;

        PhaseHooks(EnrichBenchDatabase db, int phase2, Duration ttl) {
            this.db = db;
            this.phase2 = phase2;
            this.ttl = ttl;
        }

        @Override
        public long databaseQueries() {
            return db == null ? -1 : db.lookupQueries();
        }

        @Override
        public void beforeRound(int round, EnrichBenchRun run) throws InterruptedException {
            if (round != phase2 || ttl == null) {
                return;
            }
            // Every entry was loaded before round 1's last window reached the sink.
            // Entries live up to TTL_SPREAD longer than the TTL (spread refreshes).
            long longestLife = (long) (ttl.toNanos() * (1 + AssetEnrichmentFunction.TTL_SPREAD));
            long expiredAt = run.roundEndNanos(0) + longestLife + EXPIRY_MARGIN_MILLIS * 1_000_000;
            long wait = expiredAt - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
    }

    /** The enrichment operator's own metrics, summed over its subtasks. */
    private FunctionMetrics functionMetrics(JobExecutionResult result) {
        FunctionMetrics m = new FunctionMetrics();
        for (Map<String, Metric> metrics :
                ReportedMetrics.exportedBySubtask(
                        reporter,
                        result.getJobID(),
                        "^" + FlowcastPipeline.NAME_ENRICHMENT + "$")) {
            m.subtasks++;
            m.lookups += gaugeLong(metrics.get(AssetEnrichmentFunction.METRIC_LOOKUPS));
            m.enriched += count(metrics.get(AssetEnrichmentFunction.METRIC_ENRICHED));
            m.unknown += count(metrics.get(AssetEnrichmentFunction.METRIC_UNKNOWN));
            m.stale += count(metrics.get(AssetEnrichmentFunction.METRIC_STALE));
            m.unenriched += count(metrics.get(AssetEnrichmentFunction.METRIC_UNENRICHED));
            m.timeouts += count(metrics.get(AssetEnrichmentFunction.METRIC_TIMEOUTS));
            Metric latency = metrics.get(AssetEnrichmentFunction.METRIC_LOOKUP_LATENCY);
            if (latency instanceof Histogram) {
                HistogramStatistics s = ((Histogram) latency).getStatistics();
                m.latency.add(
                        String.format(
                                Locale.ROOT,
                                "p50 %.2f / p99 %.2f ms over %d",
                                s.getQuantile(0.5) / 1000.0,
                                s.getQuantile(0.99) / 1000.0,
                                s.size()));
            }
        }
        return m;
    }

    private static long gaugeLong(Metric metric) {
        if (metric instanceof Gauge) {
            Object v = ((Gauge<?>) metric).getValue();
            if (v instanceof Number) {
                return ((Number) v).longValue();
            }
        }
        return 0;
    }

    private static long count(Metric metric) {
        return metric instanceof Counter ? ((Counter) metric).getCount() : 0;
    }

    // ---- the client alone

    /**
     * Times {@link JdbcAssetContextClient} alone against the seeded register: sequential lookups
     * (one in flight: the query's own latency), as many in flight as the pool has connections, and
     * as many as one enrichment subtask may have (the async capacity; they queue in the client).
     */
    private ClientFigures measureClient(EnrichBenchDatabase db) throws InterruptedException {
        String[] ids = new String[windowsPerRound()];
        for (int i = 0; i < ids.length; i++) {
            // The job's ids, in a scattered order so consecutive lookups hit different pages.
            int k = (int) ((i * 7_919L) % ids.length);
            ids[i] =
                    k < options.assets
                            ? EnrichBenchVectors.assetId(k)
                            : EnrichBenchVectors.unknownId(k - options.assets);
        }
        int count = options.quick ? 2_000 : 10_000;
        AuroraConnectionConfig config = db.connectionConfig();
        int capacity = EnrichConfig.defaults().asyncCapacity();
        ClientFigures f = new ClientFigures();
        try (JdbcAssetContextClient client = JdbcAssetContextClient.create(config)) {
            // Warms the JIT, the pool's connections and their server-side prepared statements.
            EnrichBenchDatabase.lookups(client, ids, count / 2, config.poolSize());
            EnrichBenchDatabase.StatementStats before = db.lookupStatement();
            f.runs.add(EnrichBenchDatabase.lookups(client, ids, count, 1));
            EnrichBenchDatabase.StatementStats after = db.lookupStatement();
            f.sequentialServerMillis = after == null ? -1 : after.meanMillisSince(before);
            f.runs.add(EnrichBenchDatabase.lookups(client, ids, count, config.poolSize()));
            f.runs.add(EnrichBenchDatabase.lookups(client, ids, count, capacity));
        }
        out.printf(
                Locale.ROOT,
                "%nJdbcAssetContextClient alone (pool %d connections, queue %d; %,d lookups per"
                        + " row, %.0f%% unknown ids; latency from find() to completion):%n",
                config.poolSize(),
                config.maxQueuedLookups(),
                count,
                100.0 * unknown / windowsPerRound());
        out.printf(
                Locale.ROOT,
                "  %-10s %12s %10s %10s %10s %9s%n",
                "in flight",
                "lookups/s",
                "p50 ms",
                "p99 ms",
                "max ms",
                "failures");
        for (EnrichBenchDatabase.LookupRun r : f.runs) {
            out.printf(
                    Locale.ROOT,
                    "  %-10d %,12.0f %10.3f %10.3f %10.3f %9d%n",
                    r.inFlight,
                    r.perSecond(),
                    millis(EnrichBenchRun.quantile(r.sortedLatencies, 0.5)),
                    millis(EnrichBenchRun.quantile(r.sortedLatencies, 0.99)),
                    millis(r.sortedLatencies[r.sortedLatencies.length - 1]),
                    r.failures);
            if (r.failures > 0) {
                f.problems.add(r.failures + " failed lookups with " + r.inFlight + " in flight");
            }
        }
        if (f.sequentialServerMillis >= 0) {
            out.printf(
                    Locale.ROOT,
                    "  server-side execution of one lookup (pg_stat_statements, sequential row):"
                            + " mean %.3f ms%n",
                    f.sequentialServerMillis);
        }
        return f;
    }

    /** The figures of {@link #measureClient}. */
    private static final class ClientFigures {
        double sequentialServerMillis;
        final List<EnrichBenchDatabase.LookupRun> runs = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
    }

    // ---- printing

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
        EnrichConfig d = EnrichConfig.defaults();
        out.println("Flowcast enrichment benchmark: feature windows -> keyBy asset -> async asset");
        out.println("context (AssetEnrichmentFunction + AsyncLookupCache) -> sink, against the");
        out.println("embedded PostgreSQL 17 asset register");
        out.printf(
                Locale.ROOT,
                "JDK %s, %d CPUs visible, max heap %,d MB (%s), GC: %s, load average %.2f%n",
                System.getProperty("java.version"),
                rt.availableProcessors(),
                rt.maxMemory() / (1024 * 1024),
                jvmFlags.isEmpty() ? "JVM default" : jvmFlags,
                gcs,
                JvmStats.loadAverage());
        out.printf(
                Locale.ROOT,
                "MiniCluster: 1 task manager, %d slots, parallelism %d (source 1), object reuse"
                        + " off, network buffer timeout %d ms; async unordered, capacity %d,"
                        + " timeout %d s%s%n",
                PARALLELISM,
                PARALLELISM,
                BUFFER_TIMEOUT_MILLIS,
                d.asyncCapacity(),
                d.asyncTimeout().toSeconds(),
                options.quick ? "; --quick: smaller run, indicative only" : "");
    }

    private void printCompact(JobRun j) {
        EnrichBenchRun r = j.run;
        out.printf(Locale.ROOT, "%n%s%n", j.label);
        out.printf(
                Locale.ROOT,
                "  round 1: %,.0f windows/s, %.1f us JVM CPU per window; rounds 2-%d: %,.0f"
                        + " windows/s (%s), %.1f us CPU per window%n",
                j.windowsPerSecond(0),
                j.cpuMicrosPerWindow(List.of(0)),
                r.rounds,
                j.windowsPerSecond(j.warmRounds()),
                j.spread(j.warmRounds()),
                j.cpuMicrosPerWindow(j.warmRounds()));
        out.printf(
                Locale.ROOT,
                "  %,d windows, %,d lookups; job %.1f s net; JVM %.2f cores; GC %d (%.2f s)%n",
                r.totalDelivered(),
                r.lookups(),
                j.netMillis / 1000.0,
                j.cpuCores,
                j.gcCount,
                j.gcMillis / 1000.0);
        printChecks(j);
    }

    private void printRounds(JobRun j) {
        EnrichBenchRun r = j.run;
        out.printf(Locale.ROOT, "%n%s%n", j.label);
        out.printf(
                Locale.ROOT,
                "  %s; expected: at most one query per id per TTL = at most %,d per TTL%n",
                describe(j.config),
                windowsPerRound());
        String format = "  %5s %7s %8s %8s %8s %10s %7s %10s %8s %9s %8s %6s %17s%n";
        out.printf(
                Locale.ROOT,
                format,
                "round",
                "pause s",
                "windows",
                "lookups",
                "DB qry",
                "qry/1k win",
                "time s",
                "windows/s",
                "CPU us/w",
                "ENRICHED",
                "UNKNOWN",
                "other",
                "lookup p50/p99 ms");
        for (int round = 0; round < r.rounds; round++) {
            long[] lat = r.latencies(round);
            long db = r.databaseQueries(round);
            long other =
                    r.delivered(round)
                            - r.status(round, EnrichmentStatus.ENRICHED)
                            - r.status(round, EnrichmentStatus.UNKNOWN_ASSET);
            out.printf(
                    Locale.ROOT,
                    format,
                    round + 1,
                    String.format(Locale.ROOT, "%.1f", r.pauseNanos(round) / 1e9),
                    String.format(Locale.ROOT, "%,d", r.delivered(round)),
                    String.format(Locale.ROOT, "%,d", r.lookups(round)),
                    db < 0 ? "n/a" : String.format(Locale.ROOT, "%,d", db),
                    String.format(
                            Locale.ROOT, "%.1f", 1000.0 * r.lookups(round) / r.delivered(round)),
                    String.format(Locale.ROOT, "%.3f", r.roundNanos(round) / 1e9),
                    String.format(
                            Locale.ROOT, "%,.0f", r.delivered(round) * 1e9 / r.roundNanos(round)),
                    String.format(Locale.ROOT, "%.1f", j.cpuMicrosPerWindow(List.of(round))),
                    String.format(Locale.ROOT, "%,d", r.status(round, EnrichmentStatus.ENRICHED)),
                    String.format(
                            Locale.ROOT, "%,d", r.status(round, EnrichmentStatus.UNKNOWN_ASSET)),
                    String.format(Locale.ROOT, "%,d", other),
                    lat.length == 0
                            ? "-"
                            : String.format(
                                    Locale.ROOT,
                                    "%.2f / %.2f",
                                    millis(EnrichBenchRun.quantile(lat, 0.5)),
                                    millis(EnrichBenchRun.quantile(lat, 0.99))));
        }
        out.printf(
                Locale.ROOT,
                "  warm rounds: %,.0f windows/s (%s), %.1f us JVM CPU per window; cold%s: %,.0f"
                        + " windows/s%n",
                j.windowsPerSecond(j.warmRounds()),
                j.spread(j.warmRounds()),
                j.cpuMicrosPerWindow(j.warmRounds()),
                j.phases == 2 ? " rounds" : " round",
                j.windowsPerSecond(j.coldRounds()));
        EnrichBenchRun.KeyStats k = r.keyStats();
        out.printf(
                Locale.ROOT,
                "  per id: %,d ids looked up, %d-%d lookups each, %,d ids looked up by more than"
                        + " one subtask; %s%n",
                k.keys,
                k.minPerKey,
                k.maxPerKey,
                k.keysOnSeveralClients,
                k.minGapNanos == Long.MAX_VALUE
                        ? "no id looked up twice"
                        : String.format(
                                Locale.ROOT,
                                "shortest gap between two lookups of one id %.2f s",
                                k.minGapNanos / 1e9));
        out.printf(
                Locale.ROOT,
                "  lookups: %,d by the client wrapper, %s at the database, %,d by the function's"
                        + " %s metric (%d subtasks); server execution mean %s%n",
                r.lookups(),
                r.databaseQueries() < 0
                        ? "n/a"
                        : String.format(Locale.ROOT, "%,d", r.databaseQueries()),
                j.metrics.lookups,
                AssetEnrichmentFunction.METRIC_LOOKUPS,
                j.metrics.subtasks,
                j.meanExecutionMillis < 0
                        ? "n/a"
                        : String.format(Locale.ROOT, "%.3f ms", j.meanExecutionMillis));
        out.printf(
                Locale.ROOT,
                "  function metrics: %s %,d, %s %,d, %s %,d, %s %,d, %s %,d; %s per subtask: %s%n",
                AssetEnrichmentFunction.METRIC_ENRICHED,
                j.metrics.enriched,
                AssetEnrichmentFunction.METRIC_UNKNOWN,
                j.metrics.unknown,
                AssetEnrichmentFunction.METRIC_STALE,
                j.metrics.stale,
                AssetEnrichmentFunction.METRIC_UNENRICHED,
                j.metrics.unenriched,
                AssetEnrichmentFunction.METRIC_TIMEOUTS,
                j.metrics.timeouts,
                AssetEnrichmentFunction.METRIC_LOOKUP_LATENCY,
                String.join("; ", j.metrics.latency));
        out.printf(
                Locale.ROOT,
                "  job %.1f s net (%.1f s wall); JVM %.2f cores of %d (PostgreSQL runs outside it);"
                        + " GC %d (%.2f s); load average %.1f before, %.1f after%n",
                j.netMillis / 1000.0,
                j.wallMillis / 1000.0,
                j.cpuCores,
                Runtime.getRuntime().availableProcessors(),
                j.gcCount,
                j.gcMillis / 1000.0,
                j.loadBefore,
                j.loadAfter);
        printChecks(j);
    }

    private void printChecks(JobRun j) {
        List<String> problems = j.problems();
        out.println(
                problems.isEmpty()
                        ? "  check: OK (" + j.checkDescription() + ")"
                        : "  check FAILED: " + String.join("; ", problems));
        for (String note : j.notes()) {
            out.println("  note: " + note);
        }
    }

    private void printSummary(ClientFigures client, List<JobRun> jobs, boolean ok) {
        if (jobs.size() < 4) {
            out.println();
            out.println("Summary: incomplete run; check: FAILED");
            return;
        }
        JobRun pass = jobs.get(0);
        JobRun memory = jobs.get(1);
        JobRun a = jobs.get(2);
        JobRun b = jobs.get(3);
        EnrichBenchRun ar = a.run;
        EnrichBenchRun br = b.run;
        int m = windowsPerRound();
        out.println();
        out.printf(
                Locale.ROOT,
                "Summary: %,d assets + %,d unknown ids (%.1f%%), %d rounds of one window per id,"
                        + " parallelism %d, JDK %s, %d CPUs, load average %.1f-%.1f%s%n",
                options.assets,
                unknown,
                100.0 * unknown / m,
                options.rounds,
                PARALLELISM,
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                jobs.stream()
                        .flatMapToDouble(j -> DoubleStream.of(j.loadBefore, j.loadAfter))
                        .min()
                        .orElse(-1),
                jobs.stream()
                        .flatMapToDouble(j -> DoubleStream.of(j.loadBefore, j.loadAfter))
                        .max()
                        .orElse(-1),
                options.quick ? " (--quick)" : "");
        long aWarm = 0;
        for (int r = 1; r < ar.rounds; r++) {
            aWarm += ar.lookups(r);
        }
        out.printf(
                Locale.ROOT,
                "  Queries per 1,000 windows, cache.ttl %s: cold round %.1f, warm rounds %.1f,"
                        + " whole run %.1f; %,d queries for %,d windows (database: %s);"
                        + " bound %,d per TTL%n",
                human(a.config.cacheTtl()),
                1000.0 * ar.lookups(0) / ar.delivered(0),
                1000.0 * aWarm / (ar.totalDelivered() - ar.delivered(0)),
                1000.0 * ar.lookups() / ar.totalDelivered(),
                ar.lookups(),
                ar.totalDelivered(),
                ar.databaseQueries() < 0
                        ? "n/a"
                        : String.format(Locale.ROOT, "%,d", ar.databaseQueries()),
                m);
        EnrichBenchRun.KeyStats bk = br.keyStats();
        out.printf(
                Locale.ROOT,
                "  cache.ttl %d s: %,d queries in 2 phases (%,d + %,d in each phase's first round,"
                        + " %,d in warm rounds; database: %s); every id queried %s, never twice"
                        + " within %.2f s; the refresh round after expiry ran at %,.0f windows/s,"
                        + " the cold round at %,.0f%n",
                options.shortTtlSeconds,
                br.lookups(),
                br.lookups(0),
                br.lookups(b.phase2),
                br.lookups() - br.lookups(0) - br.lookups(b.phase2),
                br.databaseQueries() < 0
                        ? "n/a"
                        : String.format(Locale.ROOT, "%,d", br.databaseQueries()),
                bk.minPerKey == bk.maxPerKey
                        ? bk.minPerKey + "x"
                        : bk.minPerKey + "-" + bk.maxPerKey + "x",
                bk.minGapNanos / 1e9,
                b.windowsPerSecond(b.phase2),
                b.windowsPerSecond(0));
        Duration window = WindowOptions.WINDOW_SIZE.defaultValue().orElseThrow();
        long windowsPerTtl = a.config.cacheTtl().toMillis() / window.toMillis();
        out.printf(
                Locale.ROOT,
                "  Derived for the job's defaults (window.size %s, cache.ttl %s): at most one query"
                        + " per asset per %d windows = at most %.0f per 1,000 windows, the fleet's"
                        + " %,d in one window's burst each TTL%n",
                human(window),
                human(a.config.cacheTtl()),
                windowsPerTtl,
                1000.0 / windowsPerTtl,
                m);
        List<Integer> first = List.of(0);
        double passCold = pass.windowsPerSecond(0);
        double passWarm = pass.medianWindowsPerSecond(pass.warmRounds());
        double memoryWarm = memory.medianWindowsPerSecond(memory.warmRounds());
        double jdbcWarm = a.medianWindowsPerSecond(a.warmRounds());
        double jdbcCold = a.windowsPerSecond(0);
        out.printf(
                Locale.ROOT,
                "  Windows/s, warm rounds 2-%d (median round; all windows / all time): pass-through"
                        + " %,.0f (%,.0f) | in-memory client %,.0f (%,.0f), %.2fx | JDBC warm cache"
                        + " %,.0f (%,.0f), %.2fx; cold round 1: pass-through %,.0f, JDBC %,.0f,"
                        + " %.2fx%n",
                ar.rounds,
                passWarm,
                pass.windowsPerSecond(pass.warmRounds()),
                memoryWarm,
                memory.windowsPerSecond(memory.warmRounds()),
                memoryWarm / passWarm,
                jdbcWarm,
                a.windowsPerSecond(a.warmRounds()),
                jdbcWarm / passWarm,
                passCold,
                jdbcCold,
                jdbcCold / passCold);
        double passCpu = pass.cpuMicrosPerWindow(pass.warmRounds());
        double memoryCpu = memory.cpuMicrosPerWindow(memory.warmRounds());
        double jdbcWarmCpu = a.cpuMicrosPerWindow(a.warmRounds());
        double jdbcColdCpu = a.cpuMicrosPerWindow(first);
        double passColdCpu = pass.cpuMicrosPerWindow(first);
        out.printf(
                Locale.ROOT,
                "  JVM CPU per window: pass-through %.1f us | in-memory client %.1f us (%+.1f) |"
                        + " JDBC warm cache %.1f us (%+.1f) | JDBC cold round %.1f us (%+.1f vs"
                        + " pass-through round 1; PostgreSQL's own CPU not included)%n",
                passCpu,
                memoryCpu,
                memoryCpu - passCpu,
                jdbcWarmCpu,
                jdbcWarmCpu - passCpu,
                jdbcColdCpu,
                jdbcColdCpu - passColdCpu);
        long[] cold = ar.latencies(0);
        EnrichBenchDatabase.LookupRun seq = client.runs.get(0);
        EnrichBenchDatabase.LookupRun pool = client.runs.get(1);
        EnrichBenchDatabase.LookupRun full = client.runs.get(2);
        out.printf(
                Locale.ROOT,
                "  Lookup latency: client alone p50 %.2f / p99 %.2f ms sequential (%,.0f/s), %.2f"
                        + " / %.2f ms with %d in flight (%,.0f/s), %.2f / %.2f ms with %d"
                        + " (%,.0f/s); in the job's cold round p50 %.2f / p99 %.2f ms (server"
                        + " execution mean %s)%n",
                millis(EnrichBenchRun.quantile(seq.sortedLatencies, 0.5)),
                millis(EnrichBenchRun.quantile(seq.sortedLatencies, 0.99)),
                seq.perSecond(),
                millis(EnrichBenchRun.quantile(pool.sortedLatencies, 0.5)),
                millis(EnrichBenchRun.quantile(pool.sortedLatencies, 0.99)),
                pool.inFlight,
                pool.perSecond(),
                millis(EnrichBenchRun.quantile(full.sortedLatencies, 0.5)),
                millis(EnrichBenchRun.quantile(full.sortedLatencies, 0.99)),
                full.inFlight,
                full.perSecond(),
                millis(EnrichBenchRun.quantile(cold, 0.5)),
                millis(EnrichBenchRun.quantile(cold, 0.99)),
                a.meanExecutionMillis < 0
                        ? "n/a"
                        : String.format(Locale.ROOT, "%.3f ms", a.meanExecutionMillis));
        out.printf(
                Locale.ROOT,
                "  Check: %s (warm rounds issue 0 queries; each id queried at most once per TTL,"
                        + " by one subtask; all windows enriched or UNKNOWN_ASSET)%n",
                ok ? "OK" : "FAILED");
    }

    private static String describe(EnrichConfig c) {
        return String.format(
                Locale.ROOT,
                "cache.ttl %s, negative TTL %s, max %,d entries per subtask",
                human(c.cacheTtl()),
                human(c.negativeTtl()),
                c.maxEntries());
    }

    private static String human(Duration d) {
        return d.toSeconds() % 60 == 0 && d.toSeconds() >= 60
                ? d.toMinutes() + " min"
                : d.toSeconds() + " s";
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** The enrichment operator's metrics of one job, summed over subtasks. */
    private static final class FunctionMetrics {
        int subtasks;
        long lookups;
        long enriched;
        long unknown;
        long stale;
        long unenriched;
        long timeouts;
        final List<String> latency = new ArrayList<>();
    }

    /** What one job did, and whether that is what its input and configuration must give. */
    private final class JobRun {
        String label;
        boolean enrichment;
        EnrichConfig config;
        EnrichBenchRun run;
        int phases;
        int phase2;
        boolean statementStats;
        long netMillis;
        long wallMillis;
        double cpuCores;
        long gcCount;
        long gcMillis;
        double loadBefore;
        double loadAfter;
        double meanExecutionMillis;
        FunctionMetrics metrics = new FunctionMetrics();

        /** Windows per second over {@code rounds}: all their windows over all their time. */
        double windowsPerSecond(List<Integer> rounds) {
            long windows = 0;
            long nanos = 0;
            for (int r : rounds) {
                windows += run.delivered(r);
                nanos += run.roundNanos(r);
            }
            return nanos <= 0 ? 0 : windows * 1e9 / nanos;
        }

        /** Windows per second of one round. */
        double windowsPerSecond(int round) {
            return windowsPerSecond(List.of(round));
        }

        /** The per-round rates of {@code rounds}, sorted. */
        private double[] roundRates(List<Integer> rounds) {
            double[] rates = new double[rounds.size()];
            for (int i = 0; i < rates.length; i++) {
                rates[i] = windowsPerSecond(rounds.get(i));
            }
            Arrays.sort(rates);
            return rates;
        }

        /**
         * The median of the per-round rates of {@code rounds}: robust against a round that another
         * process on the same cores slowed down.
         */
        double medianWindowsPerSecond(List<Integer> rounds) {
            double[] rates = roundRates(rounds);
            int n = rates.length;
            return n == 0 ? 0 : n % 2 == 1 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2;
        }

        /** The median and range of the per-round rates of {@code rounds}, for the spread. */
        String spread(List<Integer> rounds) {
            double[] rates = roundRates(rounds);
            return String.format(
                    Locale.ROOT,
                    "median round %,.0f, range %,.0f-%,.0f",
                    medianWindowsPerSecond(rounds),
                    rates[0],
                    rates[rates.length - 1]);
        }

        /** JVM CPU time per window over {@code rounds}, microseconds; -1 if unknown. */
        double cpuMicrosPerWindow(List<Integer> rounds) {
            long windows = 0;
            long nanos = 0;
            for (int r : rounds) {
                long cpu = run.roundCpuNanos(r);
                if (cpu < 0) {
                    return -1;
                }
                windows += run.delivered(r);
                nanos += cpu;
            }
            return windows == 0 ? -1 : nanos / 1e3 / windows;
        }

        /** The rounds that start with a full cache: all but round 1 and scenario B's phase 2. */
        List<Integer> warmRounds() {
            List<Integer> warm = new ArrayList<>();
            for (int r = 0; r < run.rounds; r++) {
                if (!coldRound(r)) {
                    warm.add(r);
                }
            }
            return warm;
        }

        /** Round 1, and for scenario B the first round of phase 2. */
        List<Integer> coldRounds() {
            List<Integer> cold = new ArrayList<>();
            for (int r = 0; r < run.rounds; r++) {
                if (coldRound(r)) {
                    cold.add(r);
                }
            }
            return cold;
        }

        /** True for the rounds that start with a cold (or expired) cache. */
        boolean coldRound(int round) {
            return round == 0 || (phases == 2 && round == phase2);
        }

        String checkDescription() {
            StringBuilder s = new StringBuilder("every window once per round");
            if (enrichment) {
                s.append(", registered ids ENRICHED and unknown ids UNKNOWN_ASSET, contexts match");
            }
            if (phases == 1) {
                s.append(
                        "; round 1 queries each id once, by one subtask; warm rounds issue 0"
                                + " queries");
            } else if (phases == 2) {
                s.append(
                        "; each phase's first round queries each id once, by one subtask; warm"
                                + " rounds issue 0 queries; no id queried twice within the TTL");
            }
            if (statementStats) {
                s.append("; database count = client count");
            }
            return s.toString();
        }

        /** Every way the job's output or queries differ from what they must be. */
        List<String> problems() {
            List<String> p = new ArrayList<>();
            int m = windowsPerRound();
            for (int r = 0; r < run.rounds; r++) {
                if (run.delivered(r) != m) {
                    p.add("round " + (r + 1) + ": " + run.delivered(r) + " windows, expected " + m);
                }
            }
            if (run.outsideRounds() > 0) {
                p.add(run.outsideRounds() + " windows outside the rounds");
            }
            if (enrichment) {
                long rounds = run.rounds;
                expect(
                        p,
                        "ENRICHED",
                        run.status(EnrichmentStatus.ENRICHED),
                        options.assets * rounds);
                expect(
                        p,
                        "UNKNOWN_ASSET",
                        run.status(EnrichmentStatus.UNKNOWN_ASSET),
                        unknown * rounds);
                expect(p, "STALE", run.status(EnrichmentStatus.STALE), 0);
                expect(p, "UNENRICHED", run.status(EnrichmentStatus.UNENRICHED), 0);
                expect(p, "context mismatches", run.contextMismatches(), 0);
                expect(p, "failed lookups", run.failedLookups(), 0);
                expect(p, "enrichment timeouts", metrics.timeouts, 0);
                expect(p, "subtasks with metrics", metrics.subtasks, PARALLELISM);
                expect(
                        p,
                        "function's " + AssetEnrichmentFunction.METRIC_LOOKUPS,
                        metrics.lookups,
                        run.lookups());
                if (statementStats) {
                    expect(p, "queries at the database", run.databaseQueries(), run.lookups());
                }
            }
            if (phases > 0) {
                for (int r = 0; r < run.rounds; r++) {
                    long expected = coldRound(r) ? m : 0;
                    if (run.lookups(r) != expected) {
                        p.add(
                                "round "
                                        + (r + 1)
                                        + ": "
                                        + run.lookups(r)
                                        + " lookups, expected "
                                        + expected
                                        + (coldRound(r) ? "" : " (warm)"));
                    }
                }
                EnrichBenchRun.KeyStats k = run.keyStats();
                expect(p, "ids looked up", k.keys, m);
                expect(p, "fewest lookups of one id", k.minPerKey, phases);
                expect(p, "most lookups of one id", k.maxPerKey, phases);
                expect(p, "ids looked up by more than one subtask", k.keysOnSeveralClients, 0);
                if (phases == 2) {
                    long ttlNanos = config.cacheTtl().toNanos();
                    if (k.minGapNanos < ttlNanos - GAP_TOLERANCE_MILLIS * 1_000_000) {
                        p.add(
                                String.format(
                                        Locale.ROOT,
                                        "an id was looked up twice within %.3f s, under the TTL",
                                        k.minGapNanos / 1e9));
                    }
                    long phaseOne = run.roundEndNanos(phase2 - 1) - run.roundStartNanos(0);
                    if (phaseOne >= ttlNanos) {
                        p.add(
                                String.format(
                                        Locale.ROOT,
                                        "phase 1 took %.1f s, not less than the TTL: use a longer"
                                                + " --short-ttl",
                                        phaseOne / 1e9));
                    }
                } else {
                    long runNanos = run.roundEndNanos(run.rounds - 1) - run.roundStartNanos(0);
                    long shortest =
                            Math.min(config.cacheTtl().toNanos(), config.negativeTtl().toNanos());
                    if (runNanos >= shortest) {
                        p.add("the run outlasted the cache TTL; use fewer rounds or assets");
                    }
                }
            }
            return p;
        }

        /** Observations that do not fail the run. */
        List<String> notes() {
            List<String> n = new ArrayList<>();
            if (!enrichment) {
                return n;
            }
            long enriched = run.status(EnrichmentStatus.ENRICHED);
            long unknownAssets = run.status(EnrichmentStatus.UNKNOWN_ASSET);
            if (metrics.enriched != enriched || metrics.unknown != unknownAssets) {
                n.add(
                        String.format(
                                Locale.ROOT,
                                "the function's counters disagree with the sink: %s %,d vs %,d"
                                        + " ENRICHED, %s %,d vs %,d UNKNOWN_ASSET (lost updates?)",
                                AssetEnrichmentFunction.METRIC_ENRICHED,
                                metrics.enriched,
                                enriched,
                                AssetEnrichmentFunction.METRIC_UNKNOWN,
                                metrics.unknown,
                                unknownAssets));
            }
            return n;
        }

        private void expect(List<String> p, String what, long actual, long expected) {
            if (actual != expected) {
                p.add(what + " " + actual + ", expected " + expected);
            }
        }
    }

    /** Command-line options. */
    private static final class Options {
        static final String USAGE =
                "Usage: EnrichmentBenchmark [--quick] [--assets N] [--rounds R]"
                        + " [--unknown-percent P] [--short-ttl S] [--no-warmup]\n"
                        + "  --quick              "
                        + QUICK_ASSETS
                        + " assets, "
                        + QUICK_ROUNDS
                        + " rounds, "
                        + QUICK_SHORT_TTL_SECONDS
                        + " s short TTL; indicative only\n"
                        + "  --assets N           registered assets (default "
                        + DEFAULT_ASSETS
                        + ")\n"
                        + "  --rounds R           windows per id, at least 4 (default "
                        + DEFAULT_ROUNDS
                        + ")\n"
                        + "  --unknown-percent P  ids per round not in the register, as a share"
                        + " of the assets (default "
                        + DEFAULT_UNKNOWN_PERCENT
                        + ")\n"
                        + "  --short-ttl S        cache and negative TTL of scenario B, seconds"
                        + " (default "
                        + DEFAULT_SHORT_TTL_SECONDS
                        + ")\n"
                        + "  --no-warmup          skip the warm-up job";

        boolean quick;
        boolean help;
        boolean warmup = true;
        int assets = -1;
        int rounds = -1;
        double unknownPercent = DEFAULT_UNKNOWN_PERCENT;
        int shortTtlSeconds = -1;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--quick":
                        o.quick = true;
                        break;
                    case "--assets":
                        o.assets = BenchArgs.positive(arg, BenchArgs.value(args, ++i, arg));
                        break;
                    case "--rounds":
                        o.rounds = BenchArgs.positive(arg, BenchArgs.value(args, ++i, arg));
                        break;
                    case "--unknown-percent":
                        o.unknownPercent =
                                BenchArgs.percent(arg, BenchArgs.value(args, ++i, arg), 50, true);
                        break;
                    case "--short-ttl":
                        o.shortTtlSeconds =
                                BenchArgs.positive(arg, BenchArgs.value(args, ++i, arg));
                        break;
                    case "--no-warmup":
                        o.warmup = false;
                        break;
                    case "-h":
                    case "--help":
                        o.help = true;
                        break;
                    default:
                        throw new IllegalArgumentException("unknown argument: " + arg);
                }
            }
            if (o.assets < 0) {
                o.assets = o.quick ? QUICK_ASSETS : DEFAULT_ASSETS;
            }
            if (o.rounds < 0) {
                o.rounds = o.quick ? QUICK_ROUNDS : DEFAULT_ROUNDS;
            }
            if (o.shortTtlSeconds < 0) {
                o.shortTtlSeconds = o.quick ? QUICK_SHORT_TTL_SECONDS : DEFAULT_SHORT_TTL_SECONDS;
            }
            if (o.rounds < 4) {
                throw new IllegalArgumentException(
                        "--rounds must be at least 4 (scenario B needs two phases of two)");
            }
            if (o.assets > EnrichBenchVectors.MAX_ASSETS) {
                throw new IllegalArgumentException(
                        "--assets must be at most " + EnrichBenchVectors.MAX_ASSETS);
            }
            return o;
        }
    }
}
