package io.flowcast.stream.retrain;

import io.flowcast.stream.drift.DriftEvent;
import io.flowcast.stream.metrics.FlowcastMetrics;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of one {@link RetrainTriggerSink} subtask: for each {@link DriftEvent} it calls {@link
 * RetrainTrigger#trigger} with the event's {@linkplain RetrainTriggerSink#requestOf request}, on
 * the task thread, and counts what happened.
 *
 * <p><b>Blocking, on purpose.</b> The call waits for Step Functions (and its retries). Drift events
 * are rare (one per drift episode: a few per model per day at most), so a call of tens of
 * milliseconds on the writer thread costs nothing measurable, and it keeps the trigger's cooldown
 * and the order of requests simple; an asynchronous writer would add buffering and checkpoint
 * handling for no gain. The worst case is an unreachable service: about {@code maxAttempts} x
 * ({@code callTimeout} + backoff) (about 2.5 min with the defaults), during which this sink
 * back-pressures its input and a checkpoint barrier waits behind the event.
 *
 * <p><b>Failures never fail the job.</b> A start that fails for good (access denied, missing state
 * machine, invalid input, retries used up), an event that cannot be a request, or an unexpected
 * client error is logged at ERROR with the model, episode, execution name and reason (never
 * credentials or request headers) and counted; the writer goes on. Predictions keep flowing, and
 * the drift event is already in the warehouse and the lake, so a run can be started by hand. Only
 * an interrupt (task cancellation) is thrown.
 *
 * <p><b>Duplicates.</b> An episode whose run this writer has already started (or found started) is
 * counted as deduplicated without another call: Step Functions would answer the same name with the
 * running execution or {@code ExecutionAlreadyExists}. The writer remembers the last {@value
 * #REMEMBERED_EXECUTIONS} execution names; after a restart that memory is empty and Step Functions
 * dedups by name.
 *
 * <p>Metrics (counters in the sink's {@link FlowcastMetrics#group}): {@code retrainStarted}, {@code
 * retrainDeduplicated} (the episode's run existed: this writer's memory or {@code
 * ExecutionAlreadyExists}), {@code retrainSkippedCooldown} (the model's cooldown had not passed; no
 * call), {@code retrainStartFailures}. Nothing is buffered: {@link #flush} has nothing to do.
 */
final class RetrainTriggerSinkWriter implements SinkWriter<DriftEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(RetrainTriggerSinkWriter.class);

    /** Execution names remembered as satisfied, at most. */
    static final int REMEMBERED_EXECUTIONS = 4096;

    private final RetrainTrigger trigger;
    private final Counter started;
    private final Counter deduplicated;
    private final Counter skippedCooldown;
    private final Counter startFailures;
    private final Set<String> satisfied =
            Collections.newSetFromMap(
                    new LinkedHashMap<String, Boolean>() {
                        private static final long serialVersionUID = 1L;

                        @Override
                        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                            return size() > REMEMBERED_EXECUTIONS;
                        }
                    });

    /**
     * @param trigger the trigger; the writer owns and closes it
     * @param metrics the sink writer's metric group; the counters go to its {@link
     *     FlowcastMetrics#group}
     */
    RetrainTriggerSinkWriter(RetrainTrigger trigger, MetricGroup metrics) {
        this.trigger = Objects.requireNonNull(trigger, "trigger");
        MetricGroup group = FlowcastMetrics.group(metrics);
        this.started = group.counter(RetrainTriggerSink.METRIC_STARTED);
        this.deduplicated = group.counter(RetrainTriggerSink.METRIC_DEDUPLICATED);
        this.skippedCooldown = group.counter(RetrainTriggerSink.METRIC_SKIPPED_COOLDOWN);
        this.startFailures = group.counter(RetrainTriggerSink.METRIC_START_FAILURES);
    }

    @Override
    public void write(DriftEvent event, Context context) throws InterruptedException {
        RetrainRequest request;
        try {
            request = RetrainTriggerSink.requestOf(event);
        } catch (IllegalArgumentException e) {
            startFailures.inc();
            LOG.error(
                    "Retrain NOT requested for drift event {}: not a valid request: {}",
                    event,
                    e.getMessage());
            return;
        }
        String name = RetrainExecutionName.of(request);
        if (satisfied.contains(name)) {
            deduplicated.inc();
            LOG.info(
                    "Retrain of {} (version {}, episode {}) already requested: execution {}",
                    request.assetType(),
                    request.modelVersion(),
                    request.episodeId(),
                    name);
            return;
        }
        RetrainOutcome outcome;
        try {
            outcome = trigger.trigger(request);
        } catch (RuntimeException e) {
            // Not a service error (those are outcomes): a client bug or misconfiguration.
            startFailures.inc();
            LOG.error(
                    "Retrain of {} (version {}, episode {}) NOT started: execution {}: {}",
                    request.assetType(),
                    request.modelVersion(),
                    request.episodeId(),
                    name,
                    e.toString());
            return;
        }
        switch (outcome.status()) {
            case STARTED:
                started.inc();
                satisfied.add(name);
                break;
            case ALREADY_STARTED:
                deduplicated.inc();
                satisfied.add(name);
                break;
            case COOLING_DOWN:
                skippedCooldown.inc();
                break;
            case FAILED:
            default:
                startFailures.inc();
                LOG.error(
                        "Retrain of {} (version {}, episode {}) NOT started: execution {} failed"
                                + " after {} attempt(s): {}. The drift event is in the warehouse"
                                + " and the lake; start the run by hand if it is needed.",
                        request.assetType(),
                        request.modelVersion(),
                        request.episodeId(),
                        name,
                        outcome.attempts(),
                        outcome.detail());
                break;
        }
    }

    /** Nothing is buffered: every event was handled in {@link #write}. */
    @Override
    public void flush(boolean endOfInput) {}

    @Override
    public void close() {
        trigger.close();
    }

    long started() {
        return started.getCount();
    }

    long deduplicated() {
        return deduplicated.getCount();
    }

    long skippedCooldown() {
        return skippedCooldown.getCount();
    }

    long startFailures() {
        return startFailures.getCount();
    }
}
