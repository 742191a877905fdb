package io.flowcast.stream.bench;

import io.flowcast.stream.enrich.AssetContext;
import io.flowcast.stream.enrich.EnrichedFeatureVector;
import io.flowcast.stream.enrich.EnrichmentStatus;
import io.flowcast.stream.window.FeatureSpec;
import io.flowcast.stream.window.FeatureSpecs;
import io.flowcast.stream.window.FeatureVector;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * The input of {@link InferenceBenchmark}: a {@link GeneratorFunction} for a bounded {@code
 * DataGeneratorSource} standing in for the enrichment stage. Index {@code i} becomes the enriched
 * pump window of asset {@code i % assets} for window {@code i / assets}, shaped like the job's pump
 * vectors (the {@code pump} feature spec's 8 features in spec order, its signals, a target value,
 * status {@code ENRICHED}, no per-asset endpoint, so every vector routes to {@code flowcast-pump}).
 *
 * <p>The features of index {@code i} are a pure function of {@code i} ({@link #row(long)}): the
 * benchmark scores the very same rows with XGBoost4J to check every prediction. Values are floats
 * widened to double, so the CSV text the job sends parses back to exactly the float XGBoost sees;
 * about 3% of the windows have no vibration (both vibration features missing, as the spec's
 * MARK_MISSING policy leaves them).
 */
final class InferBenchVectors implements GeneratorFunction<Long, EnrichedFeatureVector> {
    private static final long serialVersionUID = 1L;

    static final String ASSET_TYPE = "pump";
    static final long WINDOW_MILLIS = 60_000L;

    /** Start of window 0: 2026-01-01T00:00:00Z. */
    static final long FIRST_WINDOW = 1_767_225_600_000L;

    /** Share of windows without vibration features. */
    static final double MISSING_VIBRATION = 0.03;

    private static final long SEED = 0x5EEDL;
    private static final int SAMPLES_PER_SIGNAL = 60;

    private final int assets;
    private final int specVersion;
    private final String[] featureNames;
    private final String[] signals;
    private final String targetSignal;
    private final String targetStatistic;

    private transient AssetContext[] contexts;
    private transient int[] signalSampleCounts;

    /** Vectors of {@code assets} pumps, 1..999. */
    InferBenchVectors(int assets) {
        if (assets < 1 || assets > 999) {
            throw new IllegalArgumentException("assets must be 1..999, got " + assets);
        }
        this.assets = assets;
        FeatureSpec spec = spec();
        if (spec.featureCount() != FEATURES) {
            throw new IllegalStateException(
                    "the benchmark generates "
                            + FEATURES
                            + " pump features, the spec has "
                            + spec.featureCount()
                            + ": "
                            + spec.featureNames());
        }
        this.specVersion = spec.version();
        this.featureNames = spec.featureNames().toArray(new String[0]);
        this.signals = spec.signals().toArray(new String[0]);
        this.targetSignal = spec.targetSignal();
        this.targetStatistic = spec.targetStatistic().jsonName();
    }

    /** The pump feature spec from the class path (the job's own). */
    static FeatureSpec spec() {
        return FeatureSpecs.loadFromClasspath(List.of(ASSET_TYPE)).forType(ASSET_TYPE);
    }

    /**
     * Features the generator fills, in the pump spec's order: Load.mean, Load.max, Load.slope,
     * AmbientTemp.mean, Flow.mean, DischargePressure.mean, Vibration.mean, Vibration.std.
     */
    static final int FEATURES = 8;

    /** The model input of index {@code i}: {@value #FEATURES} floats, NaN for missing. */
    static float[] row(long index) {
        return row(new SplittableRandom(SEED + index * 0x9E3779B97F4A7C15L));
    }

    /** A row drawn from {@code random}; the trainer uses the same distribution. */
    static float[] row(SplittableRandom random) {
        float load = (float) (40 + 55 * random.nextDouble());
        float[] r = new float[FEATURES];
        r[0] = load;
        r[1] = (float) (load + 10 * random.nextDouble());
        r[2] = (float) (random.nextDouble() - 0.5);
        r[3] = (float) (10 + 25 * random.nextDouble());
        r[4] = (float) (80 + 80 * random.nextDouble());
        r[5] = (float) (4 + 5 * random.nextDouble());
        boolean noVibration = random.nextDouble() < MISSING_VIBRATION;
        r[6] = noVibration ? Float.NaN : (float) (1 + 5 * random.nextDouble());
        r[7] = noVibration ? Float.NaN : (float) (0.1 + 0.9 * random.nextDouble());
        return r;
    }

    /** Asset {@code a} (0-based), e.g. {@code InferPlant/Line01/Pump-007}. */
    static String assetId(int a) {
        return String.format(Locale.ROOT, "InferPlant/Line%02d/Pump-%03d", 1 + a / 100, a + 1);
    }

    /** The index a prediction of {@code assetId} for the window starting at {@code start} had. */
    long indexOf(String assetId, long windowStart) {
        int a = Integer.parseInt(assetId.substring(assetId.length() - 3)) - 1;
        long window = (windowStart - FIRST_WINDOW) / WINDOW_MILLIS;
        return window * assets + a;
    }

    @Override
    public void open(org.apache.flink.api.connector.source.SourceReaderContext readerContext) {
        contexts = new AssetContext[assets];
        for (int a = 0; a < assets; a++) {
            contexts[a] =
                    AssetContext.builder(assetId(a))
                            .assetType(ASSET_TYPE)
                            .site("InferPlant")
                            .line(String.format(Locale.ROOT, "Line%02d", 1 + a / 100))
                            .ratedPowerKw(45.0)
                            .active(true)
                            .updatedAtMillis(FIRST_WINDOW)
                            .build();
        }
        signalSampleCounts = new int[signals.length];
        Arrays.fill(signalSampleCounts, SAMPLES_PER_SIGNAL);
    }

    @Override
    public EnrichedFeatureVector map(Long index) {
        int a = (int) (index % assets);
        long window = index / assets;
        float[] r = row(index);
        FeatureVector v = new FeatureVector();
        v.assetId = contexts[a].assetId;
        v.assetType = ASSET_TYPE;
        v.specVersion = specVersion;
        v.windowStart = FIRST_WINDOW + window * WINDOW_MILLIS;
        v.windowEnd = v.windowStart + WINDOW_MILLIS;
        // Shared arrays are never written downstream; the serializer copies them between operators.
        v.featureNames = featureNames;
        v.features = new Double[FEATURES];
        for (int f = 0; f < FEATURES; f++) {
            v.features[f] = Float.isNaN(r[f]) ? null : (double) r[f];
        }
        v.carriedForward = new String[0];
        v.missingSignals = Float.isNaN(r[6]) ? new String[] {"Vibration"} : new String[0];
        v.signals = signals;
        v.signalSampleCounts = signalSampleCounts;
        v.sampleCount = SAMPLES_PER_SIGNAL * signals.length;
        v.targetSignal = targetSignal;
        v.targetStatistic = targetStatistic;
        v.targetActual = (double) InferBenchModel.truth(r, new SplittableRandom(index));
        EnrichedFeatureVector e = new EnrichedFeatureVector();
        e.vector = v;
        e.asset = contexts[a];
        e.enrichment = EnrichmentStatus.ENRICHED;
        return e;
    }
}
