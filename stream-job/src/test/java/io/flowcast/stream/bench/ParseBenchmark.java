package io.flowcast.stream.bench;

import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.parse.ParseConfig;
import io.flowcast.stream.parse.ParseOutput;
import io.flowcast.stream.parse.TelemetryParser;
import io.flowcast.stream.parse.TelemetrySample;
import io.flowcast.stream.source.RawTelemetryRecord;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of {@link TelemetryParser#parse}, i.e. parse plus validate, on one thread, for
 * realistic Kinesis records. It answers the requirement "parse+validate throughput >= 500k
 * samples/s on one core"; it is a measurement, not a test, and never fails on a slow result.
 *
 * <p>What one operation is: parsing one record (JSON bytes to {@link TelemetrySample}s and {@link
 * DeadLetter}s, with every check the job runs) and handing each output to a {@link Blackhole}. Each
 * invocation parses a fixed array of {@value #RECORDS_PER_INVOCATION} pre-built records and is
 * declared as that many operations, so the primary score is <b>records/s</b>. Samples/s is reported
 * next to it as the secondary result {@code samples} (and {@code deadLetters}): counted from what
 * the parser actually emitted, not derived from a constant. Per scenario:
 *
 * <ul>
 *   <li>{@link #typicalRecord}: one asset, 6 signals x 1 sample, ~450 bytes (the size of the
 *       simulator's pump records); 6 samples/record.
 *   <li>{@link #batchedRecord}: one asset, 6 signals x 10 samples, ~2.5 KB; 60 samples/record.
 *   <li>{@link #flatSample}: the flat single-sample form, ~80 bytes; 1 sample/record.
 *   <li>{@link #mixedWithMalformed}: typical records with 5% bad messages (all eight kinds the
 *       simulator sends); 5.7 samples and 0.05 dead letters per record.
 * </ul>
 *
 * <p>One parser instance is reused for all records, as one Flink subtask does, so its tag cache is
 * warm as in steady state. Processing time is the newest sample's timestamp plus two seconds of
 * ingest lag; a check before measuring makes sure every well-formed sample is accepted, so a clock
 * mismatch cannot turn the benchmark into a measurement of the rejection path.
 *
 * <p>Run it with {@code scripts/bench.sh} (which uses {@link BenchmarkReport}) or any JMH runner.
 * The 2-3 minute default run is sized for a laptop or a small CI box; on shared machines compare
 * the error bars before comparing scores.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
// Warmup: on a busy 2-core machine the JIT competes with the benchmark thread, and the batched and
// mixed scenarios needed 6-8 s to reach steady state; 10 s leaves a margin. Five measured
// iterations give JMH enough points for a usable error bar. About 25 s per scenario in total.
@Warmup(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 3, timeUnit = TimeUnit.SECONDS)
// jvmArgs replaces the runner's own JVM flags: the measured JVM gets exactly these. G1 is named
// because it is what a Flink TaskManager runs on, and JVM ergonomics would pick Serial GC on a
// 1-CPU container, which changes the cost of the parser's per-sample allocations.
@Fork(
        value = 1,
        jvmArgs = {"-Xms512m", "-Xmx512m", "-XX:+UseG1GC"})
@State(Scope.Thread)
public class ParseBenchmark {

    /**
     * Records parsed per benchmark invocation. Large enough that the per-invocation overhead of JMH
     * vanishes and the tag cache sees every asset many times; small enough (under 5 MB even for
     * batched records) that setup is instant.
     */
    public static final int RECORDS_PER_INVOCATION = 1600;

    /** The target: samples per second on one core. */
    public static final double TARGET_SAMPLES_PER_SECOND = 500_000;

    private ParseScenario typical;
    private ParseScenario batched;
    private ParseScenario flat;
    private ParseScenario mixed;

    private TelemetryParser parser;
    private final Sink sink = new Sink();

    /**
     * Samples and dead letters the parser emitted, reported by JMH per second next to the records/s
     * score ({@code :samples} and {@code :deadLetters} in the output). JMH divides them by the
     * iteration time only, not by the operations per invocation, so they are true rates.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Emitted {
        /** Samples accepted. Public: JMH reads aux counters from public fields. */
        public long samples;

        /** Dead letters written. */
        public long deadLetters;

        /** JMH does not reset aux counters; each iteration must start from zero. */
        @Setup(Level.Iteration)
        public void reset() {
            samples = 0;
            deadLetters = 0;
        }
    }

    /**
     * Builds every scenario and checks the parser's verdict on it once. All four are built for each
     * benchmark (a fraction of a second) so the fixture code has one path.
     */
    @Setup(Level.Trial)
    public void setUp() {
        parser = new TelemetryParser(ParseConfig.defaults());
        typical = ParseScenario.typical(RECORDS_PER_INVOCATION);
        batched = ParseScenario.batched(RECORDS_PER_INVOCATION);
        flat = ParseScenario.flat(RECORDS_PER_INVOCATION);
        mixed = ParseScenario.mixed(RECORDS_PER_INVOCATION);
        for (ParseScenario s : new ParseScenario[] {typical, batched, flat, mixed}) {
            verify(s);
        }
    }

    /** (a) The common gateway record: one asset, 6 signals x 1 sample. */
    @Benchmark
    @OperationsPerInvocation(RECORDS_PER_INVOCATION)
    public void typicalRecord(Emitted emitted, Blackhole bh) {
        parseAll(typical, emitted, bh);
    }

    /** (b) A batched record: one asset, 6 signals x 10 samples. */
    @Benchmark
    @OperationsPerInvocation(RECORDS_PER_INVOCATION)
    public void batchedRecord(Emitted emitted, Blackhole bh) {
        parseAll(batched, emitted, bh);
    }

    /** (c) The flat single-sample form: per-record overhead dominates. */
    @Benchmark
    @OperationsPerInvocation(RECORDS_PER_INVOCATION)
    public void flatSample(Emitted emitted, Blackhole bh) {
        parseAll(flat, emitted, bh);
    }

    /** (d) Typical records, 5% of them malformed: adds the dead-letter path. */
    @Benchmark
    @OperationsPerInvocation(RECORDS_PER_INVOCATION)
    public void mixedWithMalformed(Emitted emitted, Blackhole bh) {
        parseAll(mixed, emitted, bh);
    }

    private void parseAll(ParseScenario scenario, Emitted emitted, Blackhole bh) {
        sink.emitted = emitted;
        sink.bh = bh;
        RawTelemetryRecord[] records = scenario.records;
        long now = scenario.nowMillis;
        for (int i = 0; i < records.length; i++) {
            parser.parse(records[i], now, sink);
        }
    }

    /**
     * Fails the trial if the parser does not yield exactly the expected samples and dead letters: a
     * drifted fixture or a changed default must not silently change what is being measured.
     */
    private void verify(ParseScenario scenario) {
        if (scenario.records.length != RECORDS_PER_INVOCATION) {
            throw new IllegalStateException(
                    scenario.name + ": @OperationsPerInvocation must match the record count");
        }
        Emitted counted = new Emitted();
        sink.emitted = counted;
        sink.bh = null;
        for (RawTelemetryRecord r : scenario.records) {
            parser.parse(r, scenario.nowMillis, sink);
        }
        if (counted.samples != scenario.expectedSamples
                || counted.deadLetters != scenario.expectedDeadLetters) {
            throw new IllegalStateException(
                    String.format(
                            "scenario %s: expected %d samples and %d dead letters but the parser"
                                    + " gave %d and %d (first dead letter: %s)",
                            scenario.name,
                            scenario.expectedSamples,
                            scenario.expectedDeadLetters,
                            counted.samples,
                            counted.deadLetters,
                            sink.firstDeadLetter));
        }
    }

    /** Counts what the parser emits and hands it to the blackhole so nothing is optimised away. */
    private static final class Sink implements ParseOutput {
        Emitted emitted;
        Blackhole bh;
        DeadLetter firstDeadLetter;

        @Override
        public void sample(TelemetrySample sample) {
            emitted.samples++;
            if (bh != null) {
                bh.consume(sample);
            }
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            emitted.deadLetters++;
            if (bh != null) {
                bh.consume(deadLetter);
            } else if (firstDeadLetter == null) {
                // Only during verification: kept for the error message.
                firstDeadLetter = deadLetter;
            }
        }
    }
}
