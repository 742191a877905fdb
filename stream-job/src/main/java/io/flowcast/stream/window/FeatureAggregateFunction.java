package io.flowcast.stream.window;

import io.flowcast.stream.parse.TelemetrySample;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Incremental window aggregation of one asset's samples into a {@link FeatureAccumulator}: each
 * sample updates its signal's running statistics, so window state does not grow with the number of
 * samples (beyond duplicate detection). Non-good-quality samples count for the good-quality share
 * but enter the statistics only when configured.
 *
 * <p>Samples reach this function only for assets whose type is known (see {@link
 * AssetTypeGateFunction}).
 */
public class FeatureAggregateFunction
        implements AggregateFunction<TelemetrySample, FeatureAccumulator, FeatureAccumulator> {
    private static final long serialVersionUID = 1L;

    /** Spec signals are indexed in 8 bits of the duplicate-detection key. */
    static final int MAX_SIGNALS = 256;

    private final FeatureSpecs specs;
    private final AssetTypeRules assetTypes;
    private final boolean includeNonGoodQuality;
    private final boolean deduplicate;

    private transient Map<String, Map<String, Integer>> signalIndexByType;

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
            acc.initialise(specs.forType(type), deduplicate);
        }
        Integer index = signalIndex(acc.assetType, sample.signal);
        if (index != null && deduplicate && !acc.markSeen(index, sample.eventTimeMillis)) {
            acc.duplicateSamples++;
            return acc;
        }
        acc.sampleCount++;
        if (index != null) {
            acc.signals[index].add(
                    sample.eventTimeMillis,
                    sample.value,
                    sample.goodQuality,
                    sample.goodQuality || includeNonGoodQuality);
        }
        return acc;
    }

    @Override
    public FeatureAccumulator getResult(FeatureAccumulator acc) {
        return acc;
    }

    @Override
    public FeatureAccumulator merge(FeatureAccumulator a, FeatureAccumulator b) {
        a.merge(b);
        return a;
    }

    private Integer signalIndex(String assetType, String signal) {
        if (signalIndexByType == null) {
            signalIndexByType = new HashMap<>();
            for (FeatureSpec spec : specs.all()) {
                Map<String, Integer> indexes = new HashMap<>();
                for (int i = 0; i < spec.signals().size(); i++) {
                    indexes.put(spec.signals().get(i), i);
                }
                signalIndexByType.put(spec.assetType(), indexes);
            }
        }
        return signalIndexByType.get(assetType).get(signal);
    }
}
