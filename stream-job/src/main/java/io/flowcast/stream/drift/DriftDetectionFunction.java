package io.flowcast.stream.drift;

import io.flowcast.stream.inference.Prediction;
import io.flowcast.stream.metrics.FlowcastMetrics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drift stage: predictions keyed by model ({@link DriftDetector#keyOf asset type and model
 * version}) go through that version's {@link DriftDetector}; its {@link DriftEvent}s are the
 * output. A thin adapter: the detector is pure, its {@link DriftState} is Flink keyed state (so it
 * survives restarts and rescaling), and baselines come from a {@link DriftMonitor.BaselineLoader}
 * (the model registry in production).
 *
 * <p>A new model version's predictions arrive under a new key: it starts with fresh state against
 * its own baseline, without a restart. A version whose baseline cannot be loaded is skipped
 * (counted in {@code driftUnmonitoredPredictions}, logged), never a job failure; the load is tried
 * again after {@link #BASELINE_RETRY_MILLIS}, so a baseline registered late is picked up.
 */
public final class DriftDetectionFunction
        extends KeyedProcessFunction<String, Prediction, DriftEvent> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DriftDetectionFunction.class);

    /** How long a model whose baseline failed to load stays unmonitored before the next try. */
    public static final long BASELINE_RETRY_MILLIS = 60_000;

    /** Counters: drift events raised, and predictions of models without a loaded baseline. */
    public static final String METRIC_EVENTS = "driftEvents";

    public static final String METRIC_UNMONITORED = "driftUnmonitoredPredictions";

    private final DriftConfig config;
    private final DriftMonitor.BaselineLoader baselines;

    private transient ValueState<DriftState> state;
    private transient Map<String, DriftDetector> detectors;
    private transient Map<String, Long> unavailableSince;
    private transient Counter events;
    private transient Counter unmonitored;

    public DriftDetectionFunction(DriftConfig config, DriftMonitor.BaselineLoader baselines) {
        this.config = Objects.requireNonNull(config, "config");
        this.baselines = Objects.requireNonNull(baselines, "baselines");
    }

    /** The key of a prediction: its model. */
    public static String keyOf(Prediction p) {
        return DriftDetector.keyOf(p.assetType, p.modelVersion);
    }

    @Override
    public void open(OpenContext openContext) {
        state =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "drift-state", TypeInformation.of(DriftState.class)));
        detectors = new HashMap<>();
        unavailableSince = new HashMap<>();
        MetricGroup metrics = FlowcastMetrics.group(getRuntimeContext().getMetricGroup());
        events = metrics.counter(METRIC_EVENTS);
        unmonitored = metrics.counter(METRIC_UNMONITORED);
    }

    @Override
    public void processElement(Prediction p, Context ctx, Collector<DriftEvent> out)
            throws Exception {
        DriftDetector detector = detector(p);
        if (detector == null || p.featureNames == null || p.features == null) {
            unmonitored.inc();
            return;
        }
        DriftState current = state.value();
        if (current == null) {
            current = detector.newState();
        }
        List<DriftEvent> raised =
                detector.add(
                        current,
                        p.windowEnd,
                        detector.align(p.featureNames, p.features),
                        p.residual);
        state.update(current);
        for (DriftEvent event : raised) {
            events.inc();
            out.collect(event);
        }
    }

    private DriftDetector detector(Prediction p) {
        String key = keyOf(p);
        DriftDetector detector = detectors.get(key);
        if (detector != null) {
            return detector;
        }
        long now = System.currentTimeMillis();
        Long failedAt = unavailableSince.get(key);
        if (failedAt != null && now - failedAt < BASELINE_RETRY_MILLIS) {
            return null;
        }
        try {
            detector = new DriftDetector(baselines.load(p.assetType, p.modelVersion), config);
            detectors.put(key, detector);
            unavailableSince.remove(key);
        } catch (RuntimeException e) {
            LOG.warn(
                    "No drift baseline for model {}: not monitored, next try in {} s ({})",
                    key,
                    BASELINE_RETRY_MILLIS / 1000,
                    e.getMessage());
            unavailableSince.put(key, now);
        }
        return detector;
    }
}
