package io.flowcast.stream.window;

import io.flowcast.stream.parse.TelemetrySample;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Incremental window aggregation of one asset's samples into a {@link FeatureAccumulator}: each
 * sample updates its signal's running statistics, so window state does not grow with the number of
 * samples (beyond duplicate detection, see {@link SeenSamples}). Only the statistics fields the
 * asset type's spec needs are kept ({@link StatsLayout}). Non-good-quality samples count for the
 * good-quality share but enter the statistics only when configured.
 *
 * <p>Samples reach this function only for assets whose type is known (see {@link
 * AssetTypeGateFunction}).
 */
public class FeatureAggregateFunction
        implements AggregateFunction<TelemetrySample, FeatureAccumulator, FeatureAccumulator> {
    private static final long serialVersionUID = 1L;

    /** Spec signals are indexed in 8 bits of the duplicate-detection key. */
    static final int MAX_SIGNALS = SeenSamples.MAX_SIGNALS;

    private final FeatureSpecs specs;
    private final AssetTypeRules assetTypes;
    private final boolean includeNonGoodQuality;
    private final boolean deduplicate;

    private transient Map<String, TypeIndex> typeIndexes;

    /** Scratch statistics for one update; see {@link StatsLayout}. */
    private transient SignalStats work;

    public FeatureAggregateFunction(WindowConfig config) {
        this.specs = config.featureSpecs();
        this.assetTypes = config.assetTypeRules();
        this.includeNonGoodQuality = config.includeNonGoodQuality();
        this.deduplicate = config.deduplicate();
        for (FeatureSpec spec : specs.all()) {
            if (spec.signals().size() > MAX_SIGNALS) {
                throw new IllegalArgumentException(
                        "feature spec '"
                                + spec.assetType()
                                + "' uses more than "
                                + MAX_SIGNALS
                                + " signals");
            }
        }
    }

    @Override
    public FeatureAccumulator createAccumulator() {
        return new FeatureAccumulator();
    }

    @Override
    public FeatureAccumulator add(TelemetrySample sample, FeatureAccumulator acc) {
        if (acc.assetType == null) {
            String type =
                    assetTypes
                            .typeOf(sample.assetId)
                            .orElseThrow(
                                    () ->
                                            new IllegalStateException(
                                                    "asset "
                                                            + sample.assetId
                                                            + " has no type; the gate upstream must have rejected it"));
            acc.initialise(type, specs.forType(type).statsLayout(), deduplicate);
        }
        TypeIndex type = typeIndex(acc.assetType);
        Integer index = type.signalIndex.get(sample.signal);
        if (index != null && !acc.markSeen(index, sample.eventTimeMillis)) {
            acc.duplicateSamples++;
            return acc;
        }
        acc.sampleCount++;
        if (index != null) {
            acc.addSample(
                    type.layout,
                    index,
                    sample.eventTimeMillis,
                    sample.value,
                    sample.goodQuality,
                    sample.goodQuality || includeNonGoodQuality,
                    work);
        }
        return acc;
    }

    @Override
    public FeatureAccumulator getResult(FeatureAccumulator acc) {
        return acc;
    }

    @Override
    public FeatureAccumulator merge(FeatureAccumulator a, FeatureAccumulator b) {
        String type = a.assetType != null ? a.assetType : b.assetType;
        if (type != null) {
            a.merge(typeIndex(type).layout, b);
        }
        return a;
    }

    private TypeIndex typeIndex(String assetType) {
        if (typeIndexes == null) {
            typeIndexes = new HashMap<>();
            for (FeatureSpec spec : specs.all()) {
                typeIndexes.put(spec.assetType(), new TypeIndex(spec));
            }
            work = new SignalStats();
        }
        return typeIndexes.get(assetType);
    }

    /** Per asset type: the stats layout and each spec signal's index. */
    private static final class TypeIndex {
        final StatsLayout layout;
        final Map<String, Integer> signalIndex = new HashMap<>();

        TypeIndex(FeatureSpec spec) {
            this.layout = spec.statsLayout();
            for (int i = 0; i < spec.signals().size(); i++) {
                signalIndex.put(spec.signals().get(i), i);
            }
        }
    }
}
