package io.flowcast.stream.bench;

import io.flowcast.stream.enrich.EnrichmentStatus;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What one job of {@link EnrichmentBenchmark} did, round by round, shared by its parts through a
 * JVM-wide registry (the MiniCluster runs in the benchmark's JVM, so the generator, the client
 * wrapper and the sinks deserialized in the tasks find the run by its id).
 *
 * <ul>
 *   <li>The generator ({@link EnrichBenchVectors}) calls {@link #beginRound(int)} before each
 *       round: it waits until the previous round has fully reached the sink, takes the query counts
 *       (client side and, through {@link Hooks#databaseQueries()}, at the database), lets {@link
 *       Hooks#beforeRound} pause, and notes the round's start time.
 *   <li>The sinks ({@link EnrichBenchSinks}) call {@link #delivered}: per round, windows by
 *       enrichment status and the time the round's last window arrived.
 *   <li>The client wrapper ({@link EnrichBenchClients}) calls {@link #lookupStarted}: every
 *       register lookup, by id and by client (one client per enrichment subtask), with its latency.
 * </ul>
 *
 * <p>Counters are per element; tens of thousands of windows per second are far too few for the
 * atomics to matter next to the job's own work.
 */
final class EnrichBenchRun {

    /** How long a round may take before the generator gives up and fails the job. */
    static final long ROUND_TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(2);

    private static final Map<String, EnrichBenchRun> RUNS = new ConcurrentHashMap<>();
    private static final EnrichmentStatus[] STATUSES = EnrichmentStatus.values();

    /** What the benchmark's main thread contributes at round boundaries. */
    interface Hooks {
        /** Asset lookups the database has executed so far, or -1 if it cannot tell. */
        long databaseQueries();

        /** Runs before round {@code round} starts (after the previous one ended); may sleep. */
        void beforeRound(int round, EnrichBenchRun run) throws InterruptedException;
    }

    final String id = UUID.randomUUID().toString();
    final String label;
    final int windowsPerRound;
    final int rounds;
    private final Hooks hooks;

    private final AtomicLongArray delivered;
    private final AtomicLongArray startNanos;
    private final AtomicLongArray endNanos;
    private final AtomicLongArray pauseNanos;
    private final AtomicLongArray startCpuNanos;
    private final AtomicLongArray endCpuNanos;
    private final AtomicLongArray statusCounts;
    private final AtomicLong outsideRounds = new AtomicLong();
    private final AtomicLong contextMismatches = new AtomicLong();

    /** Client-side and database-side lookup counts when round {@code r} started; [rounds] = end. */
    private final AtomicLongArray lookupsAtStart;

    private final AtomicLongArray databaseAtStart;

    private final AtomicLong lookups = new AtomicLong();
    private final AtomicLong failedLookups = new AtomicLong();
    private final AtomicInteger clients = new AtomicInteger();
    private final Map<String, KeyLog> byKey = new ConcurrentHashMap<>();
    private final LongList[] latencies;
    private volatile int currentRound;

    private EnrichBenchRun(String label, int windowsPerRound, int rounds, Hooks hooks) {
        this.label = label;
        this.windowsPerRound = windowsPerRound;
        this.rounds = rounds;
        this.hooks = hooks;
        delivered = new AtomicLongArray(rounds);
        startNanos = new AtomicLongArray(rounds);
        endNanos = new AtomicLongArray(rounds);
        pauseNanos = new AtomicLongArray(rounds);
        startCpuNanos = new AtomicLongArray(rounds);
        endCpuNanos = new AtomicLongArray(rounds);
        statusCounts = new AtomicLongArray(rounds * STATUSES.length);
        lookupsAtStart = new AtomicLongArray(rounds + 1);
        databaseAtStart = new AtomicLongArray(rounds + 1);
        latencies = new LongList[rounds];
        for (int r = 0; r < rounds; r++) {
            latencies[r] = new LongList();
        }
    }

    /** Registers a new run. */
    static EnrichBenchRun start(String label, int windowsPerRound, int rounds, Hooks hooks) {
        EnrichBenchRun run = new EnrichBenchRun(label, windowsPerRound, rounds, hooks);
        RUNS.put(run.id, run);
        return run;
    }

    /** The run {@code id}; fails outside the benchmark's JVM. */
    static EnrichBenchRun get(String id) {
        EnrichBenchRun run = RUNS.get(id);
        if (run == null) {
            throw new IllegalStateException(
                    "no benchmark run "
                            + id
                            + ": the job only works on the benchmark's MiniCluster");
        }
        return run;
    }

    /** Forgets the run. */
    void end() {
        RUNS.remove(id);
    }

    // ---- the generator's side

    /**
     * Waits until round {@code round - 1} is complete at the sink, records the query counts, runs
     * {@link Hooks#beforeRound} and starts the round's clock. Called on the source's task thread.
     *
     * @throws IllegalStateException if the previous round does not complete within {@value
     *     #ROUND_TIMEOUT_MILLIS} ms (fails the job rather than hanging the benchmark)
     */
    void beginRound(int round) {
        try {
            if (round > 0) {
                awaitRound(round - 1);
            }
            long pauseStart = System.nanoTime();
            hooks.beforeRound(round, this);
            pauseNanos.set(round, System.nanoTime() - pauseStart);
            lookupsAtStart.set(round, lookups.get());
            databaseAtStart.set(round, hooks.databaseQueries());
            currentRound = round;
            startCpuNanos.set(round, JvmStats.processCpuNanos());
            startNanos.set(round, System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted before round " + (round + 1), e);
        }
    }

    /** Records the final query counts; call after the job finished. */
    void finish() {
        lookupsAtStart.set(rounds, lookups.get());
        databaseAtStart.set(rounds, hooks.databaseQueries());
    }

    private synchronized void awaitRound(int round) throws InterruptedException {
        long deadline = System.currentTimeMillis() + ROUND_TIMEOUT_MILLIS;
        while (delivered.get(round) < windowsPerRound) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new IllegalStateException(
                        "round "
                                + (round + 1)
                                + " of "
                                + label
                                + " incomplete after "
                                + ROUND_TIMEOUT_MILLIS
                                + " ms: "
                                + delivered.get(round)
                                + " of "
                                + windowsPerRound
                                + " windows at the sink");
            }
            wait(left);
        }
    }

    // ---- the sinks' side

    /**
     * One window reached the sink.
     *
     * @param status its enrichment status, or null for the pass-through job
     * @param contextMatches whether the attached context is the vector's own asset
     */
    void delivered(long windowStart, EnrichmentStatus status, boolean contextMatches) {
        int round = EnrichBenchVectors.roundOf(windowStart);
        if (round < 0 || round >= rounds) {
            outsideRounds.incrementAndGet();
            return;
        }
        if (status != null) {
            statusCounts.incrementAndGet(round * STATUSES.length + status.ordinal());
        }
        if (!contextMatches) {
            contextMismatches.incrementAndGet();
        }
        if (delivered.incrementAndGet(round) == windowsPerRound) {
            endNanos.set(round, System.nanoTime());
            endCpuNanos.set(round, JvmStats.processCpuNanos());
            synchronized (this) {
                notifyAll();
            }
        }
    }

    // ---- the client wrapper's side

    /** A new client (one per enrichment subtask); returns its number, 0-based. */
    int newClient() {
        return clients.getAndIncrement();
    }

    /** A lookup of {@code key} by client {@code client} starts; call {@link Lookup#done} after. */
    Lookup lookupStarted(String key, int client) {
        long now = System.nanoTime();
        lookups.incrementAndGet();
        byKey.computeIfAbsent(key, k -> new KeyLog()).add(now, client);
        return new Lookup(currentRound, now);
    }

    /** One lookup in progress. */
    final class Lookup {
        private final int round;
        private final long startNanos;

        private Lookup(int round, long startNanos) {
            this.round = round;
            this.startNanos = startNanos;
        }

        /** The lookup completed (normally or not). */
        void done(boolean ok) {
            latencies[round].add(System.nanoTime() - startNanos);
            if (!ok) {
                failedLookups.incrementAndGet();
            }
        }
    }

    // ---- results, read after the job

    long delivered(int round) {
        return delivered.get(round);
    }

    long totalDelivered() {
        long n = 0;
        for (int r = 0; r < rounds; r++) {
            n += delivered.get(r);
        }
        return n;
    }

    long status(int round, EnrichmentStatus status) {
        return statusCounts.get(round * STATUSES.length + status.ordinal());
    }

    long status(EnrichmentStatus status) {
        long n = 0;
        for (int r = 0; r < rounds; r++) {
            n += status(r, status);
        }
        return n;
    }

    long outsideRounds() {
        return outsideRounds.get();
    }

    long contextMismatches() {
        return contextMismatches.get();
    }

    /**
     * Wall time of round {@code round}: release by the generator to its last window at the sink.
     */
    long roundNanos(int round) {
        long end = endNanos.get(round);
        return end == 0 ? -1 : end - startNanos.get(round);
    }

    /**
     * CPU time this JVM used during round {@code round} (all its threads: source, enrichment,
     * client, sink, and background work such as GC and JIT), or -1 where the JVM cannot tell.
     * PostgreSQL's processes are not included.
     */
    long roundCpuNanos(int round) {
        long start = startCpuNanos.get(round);
        long end = endCpuNanos.get(round);
        return start < 0 || end <= 0 ? -1 : end - start;
    }

    long roundStartNanos(int round) {
        return startNanos.get(round);
    }

    long roundEndNanos(int round) {
        return endNanos.get(round);
    }

    /** How long {@link Hooks#beforeRound} paused before round {@code round}. */
    long pauseNanos(int round) {
        return pauseNanos.get(round);
    }

    /** Lookups the client wrapper saw during round {@code round}. */
    long lookups(int round) {
        return lookupsAtStart.get(round + 1) - lookupsAtStart.get(round);
    }

    /** Lookups the database executed during round {@code round}, or -1 if unknown. */
    long databaseQueries(int round) {
        long before = databaseAtStart.get(round);
        long after = databaseAtStart.get(round + 1);
        return before < 0 || after < 0 ? -1 : after - before;
    }

    long lookups() {
        return lookups.get();
    }

    /** Lookups the database executed during the whole job, or -1 if unknown. */
    long databaseQueries() {
        long before = databaseAtStart.get(0);
        long after = databaseAtStart.get(rounds);
        return before < 0 || after < 0 ? -1 : after - before;
    }

    long failedLookups() {
        return failedLookups.get();
    }

    int clients() {
        return clients.get();
    }

    /** Latencies of the lookups started in round {@code round}, nanoseconds, sorted. */
    long[] latencies(int round) {
        return latencies[round].sorted();
    }

    /** Per-id lookup statistics over the whole job. */
    KeyStats keyStats() {
        KeyStats s = new KeyStats();
        s.minGapNanos = Long.MAX_VALUE;
        for (KeyLog log : byKey.values()) {
            synchronized (log) {
                s.keys++;
                s.maxPerKey = Math.max(s.maxPerKey, log.count);
                s.minPerKey = s.keys == 1 ? log.count : Math.min(s.minPerKey, log.count);
                s.minGapNanos = Math.min(s.minGapNanos, log.minGapNanos);
                if (Long.bitCount(log.clientMask) > 1) {
                    s.keysOnSeveralClients++;
                }
            }
        }
        return s;
    }

    /** Summary of {@link #keyStats()}. */
    static final class KeyStats {
        /** Distinct ids looked up. */
        int keys;

        /** Fewest and most lookups of one id. */
        int minPerKey;

        int maxPerKey;

        /** Ids looked up by more than one client, i.e. more than one subtask. */
        int keysOnSeveralClients;

        /** Shortest time between two lookups of the same id; Long.MAX_VALUE if none repeated. */
        long minGapNanos;
    }

    /** Lookups of one id. */
    private static final class KeyLog {
        int count;
        long lastNanos;
        long minGapNanos = Long.MAX_VALUE;
        long clientMask;

        synchronized void add(long nanos, int client) {
            if (count > 0) {
                minGapNanos = Math.min(minGapNanos, nanos - lastNanos);
            }
            count++;
            lastNanos = nanos;
            clientMask |= 1L << Math.min(client, 63);
        }
    }

    /** A growable array of longs, safe for concurrent appends. */
    static final class LongList {
        private long[] values = new long[256];
        private int size;

        synchronized void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        synchronized long[] sorted() {
            long[] copy = Arrays.copyOf(values, size);
            Arrays.sort(copy);
            return copy;
        }
    }

    /** The {@code q} quantile (0..1) of sorted values, nearest rank; -1 when empty. */
    static long quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
