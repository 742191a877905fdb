package io.flowcast.stream.bench;

import io.flowcast.stream.drift.DriftBaseline;
import io.flowcast.stream.drift.DriftConfig;
import io.flowcast.stream.drift.DriftDetector;
import io.flowcast.stream.drift.DriftEvent;
import io.flowcast.stream.drift.DriftState;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The drift stage's cost per prediction, on one thread, with the pump model's real baseline (8
 * features, 10 bins each) and the default config (a 500-prediction sample, PSI over 24 buckets):
 *
 * <ul>
 *   <li>{@link #detect}: {@link DriftDetector#add} for one prediction, 12 predictions per window
 *       end, so every 12th call also evaluates every metric (what the operator does with its state
 *       on the heap);
 *   <li>{@link #stateRoundTrip}: Flink's POJO serializer writing and reading back one model
 *       version's full {@link DriftState}, which is what a RocksDB state backend does on every
 *       {@code ValueState} read and update, i.e. per prediction; the state's size in bytes is
 *       printed at setup.
 * </ul>
 *
 * Run: {@code java -cp <stream-job test classpath> org.openjdk.jmh.Main DriftDetectorBenchmark}
 * (the classpath as {@code scripts/bench.sh} builds it in {@code
 * stream-job/target/bench-classpath.txt}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class DriftDetectorBenchmark {

    private static final int PREDICTIONS_PER_WINDOW = 12;
    private static final int DRAWS = 4096;

    private DriftDetector detector;
    private DriftState state;
    private Double[][] features;
    private double[] residuals;
    private long predictions;
    private TypeSerializer<DriftState> serializer;
    private DataOutputSerializer out;
    private DataInputDeserializer in;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path dir = Path.of(DriftDetectorBenchmark.class.getResource("/drift/pump-v0001").toURI());
        DriftBaseline baseline = DriftBaseline.read(dir, "pump", "v0001");
        detector = new DriftDetector(baseline, DriftConfig.defaults());
        state = detector.newState();
        Random random = new Random(1);
        features = new Double[DRAWS][];
        residuals = new double[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            Double[] f = new Double[baseline.featureCount()];
            for (int c = 0; c < f.length; c++) {
                double[] cuts = baseline.bins(c).cuts();
                f[c] = cuts[0] + random.nextDouble() * (cuts[cuts.length - 1] - cuts[0]);
            }
            features[i] = f;
            residuals[i] = baseline.residualMean() + random.nextGaussian() * baseline.residualStd();
        }
        // Fill the sample and the PSI buckets, as after a day of serving.
        for (int i = 0; i < 2 * DriftConfig.DEFAULT_SAMPLE_PREDICTIONS; i++) {
            detect(null);
        }
        serializer =
                TypeInformation.of(DriftState.class)
                        .createSerializer(new ExecutionConfig().getSerializerConfig());
        out = new DataOutputSerializer(64 * 1024);
        serializer.serialize(state, out);
        System.out.printf(
                "%nDriftState of one model version: %,d bytes serialized%n", out.length());
        in = new DataInputDeserializer();
    }

    @Benchmark
    public void detect(Blackhole blackhole) {
        int i = (int) (predictions % DRAWS);
        long windowEnd = 1_732_240_000_000L + (predictions / PREDICTIONS_PER_WINDOW) * 30_000L;
        List<DriftEvent> events = detector.add(state, windowEnd, features[i], residuals[i]);
        predictions++;
        if (blackhole != null) {
            blackhole.consume(events);
        }
    }

    @Benchmark
    public DriftState stateRoundTrip() throws Exception {
        out.clear();
        serializer.serialize(state, out);
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        return serializer.deserialize(in);
    }
}
