package io.flowcast.stream.window;

import io.flowcast.stream.metrics.FlowcastMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns a closed window's {@link FeatureAccumulator} into a {@link FeatureVector} in the order of
 * the asset type's {@link FeatureSpec}.
 *
 * <p>A signal without usable samples is carried forward from the asset's most recent earlier window
 * that had them (if the spec's policy says so and that window ended within the TTL), or marked
 * missing (null features). The target is never carried: its actual value is what the model is
 * judged against.
 *
 * <p>State: per asset, the last fresh feature values ({@link CarriedFeatures}) in keyed state with
 * a TTL of the longest carry-forward TTL, so assets that stop reporting leave no state behind.
 *
 * <p>Metrics: {@code featureVectors} (counter, in {@link FlowcastMetrics#group}) and {@code
 * lastFeatureVector} (gauge on the operator's group: the newest vector as JSON, shown by the local
 * run and the Flink UI).
 */
public class FeatureVectorFunction
        extends ProcessWindowFunction<FeatureAccumulator, FeatureVector, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    public static final String METRIC_VECTORS = "featureVectors";
    public static final String METRIC_LAST_VECTOR = "lastFeatureVector";

    private final FeatureSpecs specs;
    private final ValueStateDescriptor<CarriedFeatures> carriedDescriptor;

    private transient Counter vectors;
    private transient volatile FeatureVector lastVector;

    public FeatureVectorFunction(WindowConfig config) {
        this.specs = config.featureSpecs();
        this.carriedDescriptor =
                new ValueStateDescriptor<>("carried-features", CarriedFeatures.class);
        Duration ttl = Duration.ZERO;
        for (FeatureSpec spec : specs.all()) {
            for (String signal : spec.signals()) {
                Duration signalTtl = spec.missingPolicy(signal).ttl().orElse(Duration.ZERO);
                ttl = signalTtl.compareTo(ttl) > 0 ? signalTtl : ttl;
            }
        }
        if (!ttl.isZero()) {
            // Event-time TTL does not exist; processing time is close enough for a clean-up bound.
            carriedDescriptor.enableTimeToLive(
                    StateTtlConfig.newBuilder(
                                    ttl.plus(config.size()).plus(config.allowedLateness()))
                            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                            .build());
        }
    }

    @Override
    public void open(OpenContext openContext) {
        vectors =
                FlowcastMetrics.group(getRuntimeContext().getMetricGroup()).counter(METRIC_VECTORS);
        // A string: CloudWatch takes numbers, so it stays out of the exported group.
        getRuntimeContext()
                .getMetricGroup()
                .gauge(
                        METRIC_LAST_VECTOR,
                        (Gauge<String>)
                                () ->
                                        lastVector == null
                                                ? ""
                                                : FeatureVectorJson.toJsonString(lastVector));
    }

    @Override
    public void process(
            String assetId,
            Context context,
            Iterable<FeatureAccumulator> elements,
            Collector<FeatureVector> out)
            throws Exception {
        FeatureAccumulator acc = elements.iterator().next();
        FeatureSpec spec = specs.forType(acc.assetType);
        long windowEnd = context.window().getEnd();

        ValueState<CarriedFeatures> carriedState =
                context.globalState().getState(carriedDescriptor);
        CarriedFeatures carried = carriedState.value();
        if (carried == null || carried.specVersion != spec.version()) {
            carried = CarriedFeatures.empty(spec);
        }

        List<String> signals = spec.signals();
        StatsLayout layout = spec.statsLayout();
        Double[] features = new Double[spec.featureCount()];
        List<String> carriedForward = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        int[] sampleCounts = new int[signals.size()];
        boolean carriedChanged = false;
        for (int s = 0; s < signals.size(); s++) {
            String signal = signals.get(s);
            SignalStats stats = acc.stats(layout, s);
            sampleCounts[s] = stats.totalCount();
            if (!stats.isEmpty()) {
                fill(spec, signal, stats, features);
                // Only signals that may be carried need remembering (never the target).
                if (spec.missingPolicy(signal).carriesForward()) {
                    fill(spec, signal, stats, carried.features);
                    carried.signalWindowEnd[s] = windowEnd;
                    carriedChanged = true;
                }
            } else if (carried.signalWindowEnd[s] > 0
                    && spec.missingPolicy(signal)
                            .allowsCarryForward(carried.signalWindowEnd[s], windowEnd)) {
                copy(spec, signal, carried.features, features);
                carriedForward.add(signal);
            } else {
                missing.add(signal);
            }
        }
        if (carriedChanged) {
            carriedState.update(carried);
        }

        FeatureVector vector = new FeatureVector();
        vector.assetId = assetId;
        vector.assetType = spec.assetType();
        vector.specVersion = spec.version();
        vector.windowStart = context.window().getStart();
        vector.windowEnd = windowEnd;
        vector.featureNames = spec.featureNames().toArray(new String[0]);
        vector.features = features;
        vector.carriedForward = carriedForward.toArray(new String[0]);
        vector.missingSignals = missing.toArray(new String[0]);
        vector.signals = signals.toArray(new String[0]);
        vector.signalSampleCounts = sampleCounts;
        vector.sampleCount = acc.sampleCount;
        vector.duplicateSamples = acc.duplicateSamples;
        vector.targetSignal = spec.targetSignal();
        vector.targetStatistic = spec.targetStatistic().jsonName();
        SignalStats targetStats = acc.stats(layout, signals.indexOf(spec.targetSignal()));
        vector.targetActual = targetStats.isEmpty() ? null : spec.targetStatistic().of(targetStats);
        out.collect(vector);
        vectors.inc();
        lastVector = vector;
    }

    /** Writes the features of {@code signal} computed from {@code stats} into {@code into}. */
    private static void fill(FeatureSpec spec, String signal, SignalStats stats, Double[] into) {
        for (int f = 0; f < spec.featureCount(); f++) {
            Feature feature = spec.features().get(f);
            if (feature.signal().equals(signal)) {
                into[f] = feature.statistic().of(stats);
            }
        }
    }

    private static void copy(FeatureSpec spec, String signal, Double[] from, Double[] into) {
        for (int f = 0; f < spec.featureCount(); f++) {
            if (spec.features().get(f).signal().equals(signal)) {
                into[f] = from[f];
            }
        }
    }
}
