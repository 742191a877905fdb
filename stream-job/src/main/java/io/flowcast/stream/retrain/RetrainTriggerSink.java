package io.flowcast.stream.retrain;

import io.flowcast.stream.drift.DriftEvent;
import io.flowcast.stream.sink.warehouse.DriftEventRow;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.MetricGroup;

/**
 * A Flink Sink V2 that asks for a retraining run for every {@link DriftEvent}: each event becomes a
 * {@link RetrainRequest} ({@link #requestOf}) handed to a {@link RetrainTrigger}, which starts the
 * retraining Step Functions workflow at most once per drift episode (deterministic execution name)
 * and once per cooldown per model. See {@link RetrainTriggerSinkWriter} for the failure policy (a
 * failed start never fails the job) and the metrics.
 *
 * <p>The sink holds only the {@link java.io.Serializable} {@link RetrainTriggerConfig}; each writer
 * builds its own trigger and Step Functions client on the task manager (credentials from the SDK's
 * default provider chain) and closes it with the writer.
 *
 * <p>Wire it with parallelism 1 ({@code sinkTo(...).setParallelism(1)}), or after a {@code keyBy}
 * on the asset type: the cooldown is kept per writer, so it only holds per model when all of a
 * model's events reach one writer. (Duplicate episodes are absorbed by Step Functions either way.)
 *
 * <p>Delivery: at-least-once, stateless. A replay after a restore repeats events; their execution
 * names are taken, so Step Functions answers {@code ExecutionAlreadyExists} and nothing new starts.
 */
public final class RetrainTriggerSink implements Sink<DriftEvent> {
    private static final long serialVersionUID = 1L;

    /** {@link RetrainRequest#reason()} of the requests this sink makes. */
    public static final String REASON = "drift";

    /** {@link RetrainRequest#requestedBy()} of the requests this sink makes. */
    public static final String REQUESTED_BY = "flowcast-stream-job";

    /** Counters of the writers (see {@link RetrainTriggerSinkWriter}). */
    public static final String METRIC_STARTED = "retrainStarted";

    public static final String METRIC_DEDUPLICATED = "retrainDeduplicated";
    public static final String METRIC_SKIPPED_COOLDOWN = "retrainSkippedCooldown";
    public static final String METRIC_START_FAILURES = "retrainStartFailures";

    private final RetrainTriggerConfig config;

    /** A sink starting the retraining workflow of {@code config}. */
    public RetrainTriggerSink(RetrainTriggerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** A sink starting the retraining workflow of {@code config}. */
    public static RetrainTriggerSink create(RetrainTriggerConfig config) {
        return new RetrainTriggerSink(config);
    }

    /**
     * The retraining request of a drift event: the model (asset type, version), the episode id as
     * idempotency key, reason {@value #REASON}, requested by {@value #REQUESTED_BY}, and the
     * evidence (metric, feature, value, threshold, window range from the first to the last window
     * end, sample count). A pure function of the event, so a replayed event gives an identical
     * execution input.
     *
     * @throws IllegalArgumentException if the event has no asset type or model version, or its
     *     window range is reversed
     */
    public static RetrainRequest requestOf(DriftEvent event) {
        Objects.requireNonNull(event, "event");
        return RetrainRequest.builder(
                        event.assetType, event.modelVersion, DriftEventRow.idOf(event))
                .reason(REASON)
                .requestedBy(REQUESTED_BY)
                .evidence(event.metric, event.feature, event.value, event.threshold)
                .window(
                        Instant.ofEpochMilli(event.firstWindowEnd),
                        Instant.ofEpochMilli(event.lastWindowEnd))
                .sampleCount(event.sampleCount)
                .build();
    }

    @Override
    public SinkWriter<DriftEvent> createWriter(WriterInitContext context) throws IOException {
        return newWriter(context.metricGroup());
    }

    /**
     * Flink 1.20 still declares this abstract (it is gone in Flink 2) and calls {@link
     * #createWriter(WriterInitContext)}; both build the same writer.
     */
    @Deprecated
    @Override
    public SinkWriter<DriftEvent> createWriter(InitContext context) throws IOException {
        return newWriter(context.metricGroup());
    }

    /** A writer with its own trigger and Step Functions client, counting into {@code metrics}. */
    RetrainTriggerSinkWriter newWriter(MetricGroup metrics) {
        return new RetrainTriggerSinkWriter(RetrainTrigger.create(config), metrics);
    }

    /** The configuration. */
    public RetrainTriggerConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "RetrainTriggerSink{" + config + "}";
    }
}
