package io.flowcast.stream.bench;

import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.window.FeatureVector;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sinks of {@link WindowBenchmark}: they keep no elements, only what is needed to prove the run
 * did the work it claims. Every parallel writer adds into one {@link Tally} per run, held in a
 * JVM-wide map (the local MiniCluster runs in the benchmark's JVM), so the benchmark reads the
 * totals after {@code execute} returns.
 */
final class WindowBenchSinks {

    private static final Map<String, Tally> TALLIES = new ConcurrentHashMap<>();

    private WindowBenchSinks() {}

    /** A new, empty tally and its id for the sinks of one run. */
    static String newRun() {
        String id = UUID.randomUUID().toString();
        TALLIES.put(id, new Tally());
        return id;
    }

    /** The totals of run {@code id}. */
    static Tally tally(String id) {
        return TALLIES.get(id);
    }

    /** Forgets run {@code id}. */
    static void endRun(String id) {
        TALLIES.remove(id);
    }

    /**
     * What reached the sinks of one run. Counters are updated per element: feature vectors arrive
     * at tens of thousands per second at most, far too few for the atomics to matter.
     */
    static final class Tally {
        final AtomicLong vectors = new AtomicLong();

        /** Sum of {@link FeatureVector#sampleCount}: must equal the samples generated. */
        final AtomicLong samplesInVectors = new AtomicLong();

        final AtomicLong duplicateSamples = new AtomicLong();

        /** Vectors with a missing or carried signal, or a null feature or target. */
        final AtomicLong incompleteVectors = new AtomicLong();

        final AtomicLong deadLetters = new AtomicLong();

        /** The first few dead letters, to say what went wrong. */
        final Queue<String> deadLetterExamples = new ConcurrentLinkedQueue<>();

        /** Distinct window starts seen. */
        final Set<Long> windowStarts = ConcurrentHashMap.newKeySet();

        void vector(FeatureVector v) {
            vectors.incrementAndGet();
            samplesInVectors.addAndGet(v.sampleCount);
            duplicateSamples.addAndGet(v.duplicateSamples);
            windowStarts.add(v.windowStart);
            boolean complete =
                    v.missingSignals.length == 0
                            && v.carriedForward.length == 0
                            && v.targetActual != null;
            for (Double feature : v.features) {
                complete &= feature != null;
            }
            if (!complete) {
                incompleteVectors.incrementAndGet();
            }
        }

        void deadLetter(DeadLetter d) {
            if (deadLetters.incrementAndGet() <= 3) {
                deadLetterExamples.add(d.reason + ": " + d.detail);
            }
        }
    }

    /** Counts {@link FeatureVector}s into the run's {@link Tally}; discards them. */
    static BenchSink<FeatureVector> vectorSink(String runId) {
        return new BenchSink<>(() -> tallyOf(runId)::vector);
    }

    /** Counts {@link DeadLetter}s into the run's {@link Tally}; discards them. */
    static BenchSink<DeadLetter> deadLetterSink(String runId) {
        return new BenchSink<>(() -> tallyOf(runId)::deadLetter);
    }

    private static Tally tallyOf(String runId) {
        Tally tally = TALLIES.get(runId);
        if (tally == null) {
            throw new IllegalStateException(
                    "no tally for run " + runId + ": the sinks only work in the local JVM");
        }
        return tally;
    }
}
