package io.flowcast.stream.bench;

import io.flowcast.stream.enrich.AssetContext;
import io.flowcast.stream.window.FeatureSpec;
import io.flowcast.stream.window.FeatureSpecs;
import io.flowcast.stream.window.FeatureVector;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * The input of {@link EnrichmentBenchmark}: a {@link GeneratorFunction} for a bounded {@code
 * DataGeneratorSource} that stands in for the feature-window stage. Index {@code i} becomes the
 * {@link FeatureVector} of one asset for one 60 s window, shaped like the job's pump vectors (the
 * {@code pump} feature spec's names, 6 signals x 60 samples, a target value).
 *
 * <p><b>Rounds.</b> Round {@code r} is window {@code r} of every id: {@code assets} registered
 * assets and {@code unknown} ids that are not in the register, in one fixed shuffled order (so the
 * unknown ids are spread through the round), {@code windowStart = FIRST_WINDOW + r x 60 s}. Before
 * the first vector of a round the generator calls {@link EnrichBenchRun#beginRound(int)}, which
 * blocks until every window of the previous round has reached the sink. So rounds never overlap, as
 * in production, where a tumbling window fires for all assets at once and the next firing is a
 * window length later; and the queries of each round can be told apart.
 *
 * <p>The source runs with parallelism 1 so the rounds come out in order; a keyBy on the asset id
 * then spreads them over the enrichment subtasks exactly as the window operator's key groups do.
 */
final class EnrichBenchVectors implements GeneratorFunction<Long, FeatureVector> {
    private static final long serialVersionUID = 1L;

    /** The asset type of every vector and register row. */
    static final String ASSET_TYPE = "pump";

    static final long WINDOW_MILLIS = 60_000L;

    /** Start of round 0's window: 2026-01-01T00:00:00Z. */
    static final long FIRST_WINDOW = 1_767_225_600_000L;

    /** Largest asset count the zero-padded ids allow. */
    static final int MAX_ASSETS = 99_999;

    private static final int ASSETS_PER_LINE = 500;
    private static final int SAMPLES_PER_SIGNAL = 60;
    private static final long ORDER_SEED = 20_260_101L;

    private final String runId;
    private final int assets;
    private final int unknown;
    private final int rounds;
    private final int specVersion;
    private final String[] featureNames;
    private final String[] signals;
    private final String targetSignal;
    private final String targetStatistic;

    private transient String[] order;
    private transient int[] signalSampleCounts;
    private transient EnrichBenchRun run;

    /**
     * @param runId the {@link EnrichBenchRun} to report round starts to
     * @param assets registered assets, 1..{@value #MAX_ASSETS}
     * @param unknown ids per round that are not in the register, 0..{@value #MAX_ASSETS}
     * @param rounds windows per id
     */
    EnrichBenchVectors(String runId, int assets, int unknown, int rounds) {
        if (assets < 1 || assets > MAX_ASSETS || unknown < 0 || unknown > MAX_ASSETS) {
            throw new IllegalArgumentException(
                    "assets must be 1.." + MAX_ASSETS + " and unknown 0.." + MAX_ASSETS);
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be positive: " + rounds);
        }
        this.runId = runId;
        this.assets = assets;
        this.unknown = unknown;
        this.rounds = rounds;
        FeatureSpec spec = FeatureSpecs.loadFromClasspath(List.of(ASSET_TYPE)).forType(ASSET_TYPE);
        this.specVersion = spec.version();
        this.featureNames = spec.featureNames().toArray(new String[0]);
        this.signals = spec.signals().toArray(new String[0]);
        this.targetSignal = spec.targetSignal();
        this.targetStatistic = spec.targetStatistic().jsonName();
    }

    /** Vectors the source must emit: one per id and round. */
    long count() {
        return (long) windowsPerRound() * rounds;
    }

    int windowsPerRound() {
        return assets + unknown;
    }

    /** The round a vector's window belongs to. */
    static int roundOf(long windowStart) {
        return (int) ((windowStart - FIRST_WINDOW) / WINDOW_MILLIS);
    }

    /** Registered asset {@code index} (0-based), e.g. {@code EnrichPlant/Line001/Pump-00001}. */
    static String assetId(int index) {
        return String.format(
                Locale.ROOT,
                "EnrichPlant/Line%03d/Pump-%05d",
                1 + index / ASSETS_PER_LINE,
                index + 1);
    }

    /** Unregistered id {@code index}: a pump that publishes but has no register row. */
    static String unknownId(int index) {
        return String.format(Locale.ROOT, "EnrichPlant/Unregistered/Pump-%05d", index + 1);
    }

    /**
     * The register row of asset {@code index}; the benchmark seeds these and the in-memory client
     * answers with them. Ratings vary a little between assets; every 50th routes to a canary
     * variant, so not every context is alike.
     */
    static AssetContext context(int index) {
        return AssetContext.builder(assetId(index))
                .assetType(ASSET_TYPE)
                .site("EnrichPlant")
                .line(String.format(Locale.ROOT, "Line%03d", 1 + index / ASSETS_PER_LINE))
                .ratedPowerKw(37.0 + 7.5 * (index % 8))
                .ratedFlowM3h(index % 10 == 9 ? null : 120.0 + 10 * (index % 6))
                .ratedPressureBar(6.0 + 0.5 * (index % 5))
                .ratedSpeedRpm(index % 3 == 0 ? 2960.0 : 1480.0)
                .modelVariant(index % 50 == 49 ? "canary" : null)
                .active(true)
                .updatedAtMillis(FIRST_WINDOW)
                .build();
    }

    @Override
    public void open(SourceReaderContext readerContext) {
        run = EnrichBenchRun.get(runId);
        int m = windowsPerRound();
        order = new String[m];
        for (int i = 0; i < m; i++) {
            order[i] = i < assets ? assetId(i) : unknownId(i - assets);
        }
        Random random = new Random(ORDER_SEED);
        for (int i = m - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            String t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        signalSampleCounts = new int[signals.length];
        Arrays.fill(signalSampleCounts, SAMPLES_PER_SIGNAL);
    }

    @Override
    public FeatureVector map(Long index) {
        int m = order.length;
        int round = (int) (index / m);
        int position = (int) (index - (long) round * m);
        if (position == 0) {
            run.beginRound(round);
        }
        FeatureVector v = new FeatureVector();
        v.assetId = order[position];
        v.assetType = ASSET_TYPE;
        v.specVersion = specVersion;
        v.windowStart = FIRST_WINDOW + round * WINDOW_MILLIS;
        v.windowEnd = v.windowStart + WINDOW_MILLIS;
        // Shared arrays are never written downstream; the network stack serializes a copy.
        v.featureNames = featureNames;
        v.features = new Double[featureNames.length];
        for (int f = 0; f < featureNames.length; f++) {
            v.features[f] = 20.0 + f + ((position * 31 + round * 7 + f) % 100) / 10.0;
        }
        v.carriedForward = new String[0];
        v.missingSignals = new String[0];
        v.signals = signals;
        v.signalSampleCounts = signalSampleCounts;
        v.sampleCount = SAMPLES_PER_SIGNAL * signals.length;
        v.targetSignal = targetSignal;
        v.targetStatistic = targetStatistic;
        v.targetActual = 55.0 + (position % 17) / 4.0;
        return v;
    }
}
