package io.flowcast.stream.bench;

import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.inference.Prediction;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What one job of {@link InferenceBenchmark} produced, shared by its parts through a JVM-wide
 * registry (the MiniCluster runs in the benchmark's JVM, so the sinks and the client wrapper
 * deserialized in the tasks find the run by its id).
 *
 * <ul>
 *   <li>The prediction sink ({@link InferBenchSinks}) calls {@link #predicted}: each prediction's
 *       value is kept under its input's index (to check it against XGBoost4J afterwards), with its
 *       row latency and arrival time.
 *   <li>The dead-letter sink calls {@link #deadLetter}: counted by reason and detail prefix.
 *   <li>The client wrapper ({@link InferBenchClients}) calls {@link #callStarted}: every {@code
 *       InvokeEndpoint} call, with its round-trip latency and outcome.
 * </ul>
 */
final class InferBenchRun {

    private static final Map<String, InferBenchRun> RUNS = new ConcurrentHashMap<>();

    final String id = UUID.randomUUID().toString();
    final String label;
    final long vectors;
    final InferBenchVectors generator;

    private final AtomicLongArray predictedBits;
    private final AtomicLong predictions = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong outOfRange = new AtomicLong();
    private final AtomicLong firstArrivalNanos = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastArrivalNanos = new AtomicLong();
    private final AtomicLong retriedRows = new AtomicLong();
    private final EnrichBenchRun.LongList rowLatencyMicros = new EnrichBenchRun.LongList();

    private final AtomicLong deadLetters = new AtomicLong();
    private final Map<String, AtomicLong> deadLetterKinds = new ConcurrentHashMap<>();

    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failedCalls = new AtomicLong();
    private final AtomicLong callRows = new AtomicLong();
    private final EnrichBenchRun.LongList callLatencyNanos = new EnrichBenchRun.LongList();

    private InferBenchRun(String label, long vectors, InferBenchVectors generator) {
        this.label = label;
        this.vectors = vectors;
        this.generator = generator;
        this.predictedBits = new AtomicLongArray((int) vectors);
        for (int i = 0; i < vectors; i++) {
            predictedBits.set(i, Double.doubleToRawLongBits(Double.NaN));
        }
    }

    /** Registers a run of {@code vectors} vectors made by {@code generator}. */
    static InferBenchRun start(String label, long vectors, InferBenchVectors generator) {
        if (vectors < 1 || vectors > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("vectors must be 1..2^31-9, got " + vectors);
        }
        InferBenchRun run = new InferBenchRun(label, vectors, generator);
        RUNS.put(run.id, run);
        return run;
    }

    /** The run {@code id}; fails outside the benchmark's JVM. */
    static InferBenchRun get(String id) {
        InferBenchRun run = RUNS.get(id);
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

    // ---- the sinks' side

    void predicted(Prediction p) {
        long now = System.nanoTime();
        firstArrivalNanos.accumulateAndGet(now, Math::min);
        lastArrivalNanos.accumulateAndGet(now, Math::max);
        long index = generator.indexOf(p.assetId, p.windowStart);
        if (index < 0 || index >= vectors) {
            outOfRange.incrementAndGet();
            return;
        }
        long nan = Double.doubleToRawLongBits(Double.NaN);
        if (!predictedBits.compareAndSet(
                (int) index, nan, Double.doubleToRawLongBits(p.predicted))) {
            duplicates.incrementAndGet();
            return;
        }
        predictions.incrementAndGet();
        if (p.attempts > 1) {
            retriedRows.incrementAndGet();
        }
        rowLatencyMicros.add(Math.round(p.latencyMs * 1000));
    }

    void deadLetter(DeadLetter letter) {
        deadLetters.incrementAndGet();
        String detail = letter.detail == null ? "" : letter.detail;
        int colon = detail.indexOf(':');
        String kind = letter.reason + " " + (colon < 0 ? detail : detail.substring(0, colon));
        deadLetterKinds.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    // ---- the client wrapper's side

    /** A call with {@code rows} rows goes out; call {@link Call#done} when it completes. */
    Call callStarted(int rows) {
        calls.incrementAndGet();
        callRows.addAndGet(rows);
        return new Call(System.nanoTime());
    }

    /** One call in progress. */
    final class Call {
        private final long startNanos;

        private Call(long startNanos) {
            this.startNanos = startNanos;
        }

        void done(boolean ok) {
            callLatencyNanos.add(System.nanoTime() - startNanos);
            if (!ok) {
                failedCalls.incrementAndGet();
            }
        }
    }

    // ---- results, read after the job

    /** The prediction of index {@code i}, NaN if none arrived. */
    double predicted(int i) {
        return Double.longBitsToDouble(predictedBits.get(i));
    }

    long predictions() {
        return predictions.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    long outOfRange() {
        return outOfRange.get();
    }

    /** Predictions that needed more than one call. */
    long retriedRows() {
        return retriedRows.get();
    }

    /** From the first to the last prediction at the sink. */
    long arrivalSpanNanos() {
        long first = firstArrivalNanos.get();
        long last = lastArrivalNanos.get();
        return first == Long.MAX_VALUE ? -1 : last - first;
    }

    /** When the first prediction reached the sink (System.nanoTime), or Long.MAX_VALUE. */
    long firstArrivalNanos() {
        return firstArrivalNanos.get();
    }

    /** When the last prediction reached the sink (System.nanoTime), or 0. */
    long lastArrivalNanos() {
        return lastArrivalNanos.get();
    }

    long deadLetters() {
        return deadLetters.get();
    }

    Map<String, Long> deadLetterKinds() {
        Map<String, Long> out = new TreeMap<>();
        deadLetterKinds.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    long calls() {
        return calls.get();
    }

    long failedCalls() {
        return failedCalls.get();
    }

    /** Rows sent over all calls (retried rows count again). */
    long callRows() {
        return callRows.get();
    }

    long[] callLatencyNanos() {
        return callLatencyNanos.sorted();
    }

    long[] rowLatencyMicros() {
        return rowLatencyMicros.sorted();
    }
}
