package io.flowcast.stream.retrain;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the retraining Step Functions (Standard) workflow for a {@link RetrainRequest}, at most
 * once per drift episode and at most once per cooldown per model.
 *
 * <ol>
 *   <li>The execution name is {@linkplain RetrainExecutionName deterministic} (asset type, model
 *       version, episode id) and the input is a pure function of the request, so a replayed request
 *       is a no-op at Step Functions: {@code ExecutionAlreadyExists}, or the first run's ARN while
 *       it runs with the same input. Both count as success ({@link
 *       RetrainOutcome.Status#ALREADY_STARTED} / {@link RetrainOutcome.Status#STARTED}).
 *   <li>A request for a model (asset type) whose last start is within the {@linkplain
 *       RetrainCooldown cooldown} is dropped without a call ({@link
 *       RetrainOutcome.Status#COOLING_DOWN}). The cooldown is in memory: see {@link
 *       RetrainCooldown} for what a restart does.
 *   <li>Throttling, 5xx and transport errors are retried up to {@link
 *       RetrainTriggerConfig#maxAttempts()} calls, waiting a jittered exponential backoff (half to
 *       all of initial * 2^n, at most the max). Other errors fail at once ({@link
 *       RetrainOutcome.Status#FAILED}); {@link #trigger} never throws for service errors.
 * </ol>
 *
 * <p>Blocking, and {@code synchronized} so two concurrent requests for one model cannot both pass
 * the cooldown: call it from a sink writer or a dedicated thread, not from an async I/O callback.
 * Drift events are rare (a few per model per day), so the blocking call costs nothing measurable.
 * Logs name the model, episode, execution and outcome, never request headers or credentials.
 */
public final class RetrainTrigger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RetrainTrigger.class);

    /** Waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final RetrainTriggerConfig config;
    private final ExecutionStarter starter;
    private final RetrainCooldown cooldown;
    private final Clock clock;
    private final Sleeper sleeper;

    /** The production trigger: the real Step Functions client, the system clock, real sleeps. */
    public static RetrainTrigger create(RetrainTriggerConfig config) {
        return new RetrainTrigger(
                config,
                new SfnExecutionStarter(config),
                Clock.systemUTC(),
                d -> Thread.sleep(d.toMillis()));
    }

    /** A trigger over any starter, clock and sleeper (tests). The trigger owns the starter. */
    public RetrainTrigger(
            RetrainTriggerConfig config, ExecutionStarter starter, Clock clock, Sleeper sleeper) {
        if (config == null || starter == null || clock == null || sleeper == null) {
            throw new IllegalArgumentException("config, starter, clock and sleeper must be set");
        }
        this.config = config;
        this.starter = starter;
        this.cooldown = new RetrainCooldown(config.cooldown());
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Starts the request's retraining run unless its episode's run exists or its model is cooling
     * down.
     *
     * @throws InterruptedException if interrupted while waiting to retry
     */
    public synchronized RetrainOutcome trigger(RetrainRequest request) throws InterruptedException {
        String name = RetrainExecutionName.of(request);
        String model = request.assetType();
        Duration left = cooldown.remaining(model, clock.instant());
        if (!left.isZero()) {
            LOG.info(
                    "Retrain of {} (version {}, episode {}) skipped: cooldown has {} left",
                    model,
                    request.modelVersion(),
                    request.episodeId(),
                    left);
            return new RetrainOutcome(
                    RetrainOutcome.Status.COOLING_DOWN, name, null, 0, left, null);
        }
        String input = request.toExecutionInput();
        Duration backoff = config.initialBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                String arn = starter.start(config.stateMachineArn(), name, input);
                cooldown.started(model, clock.instant());
                LOG.info("Retrain of {} started: execution {} ({})", model, name, arn);
                return new RetrainOutcome(
                        RetrainOutcome.Status.STARTED, name, arn, attempt, Duration.ZERO, null);
            } catch (StartExecutionException e) {
                StartErrorKind kind = StartErrorKind.of(e);
                if (kind == StartErrorKind.ALREADY_EXISTS) {
                    cooldown.started(model, clock.instant());
                    LOG.info("Retrain of {} already started: execution {} exists", model, name);
                    return new RetrainOutcome(
                            RetrainOutcome.Status.ALREADY_STARTED,
                            name,
                            config.executionArn(name),
                            attempt,
                            Duration.ZERO,
                            null);
                }
                if (kind == StartErrorKind.PERMANENT || attempt >= config.maxAttempts()) {
                    LOG.warn(
                            "Retrain of {} failed after {} attempt(s): execution {}: {}",
                            model,
                            attempt,
                            name,
                            e.getMessage());
                    return new RetrainOutcome(
                            RetrainOutcome.Status.FAILED,
                            name,
                            null,
                            attempt,
                            Duration.ZERO,
                            e.getMessage());
                }
                Duration wait = jittered(backoff);
                LOG.info(
                        "Retrain of {}: attempt {} got {}; retrying in {} ms",
                        model,
                        attempt,
                        e.errorCode(),
                        wait.toMillis());
                sleeper.sleep(wait);
                backoff = min(backoff.multipliedBy(2), config.maxBackoff());
            }
        }
    }

    /** The cooldown left for a model now; zero if a request would go out. */
    public Duration cooldownRemaining(String assetType) {
        return cooldown.remaining(assetType, clock.instant());
    }

    /** Between half and all of the backoff, so many subtasks throttled together spread out. */
    static Duration jittered(Duration backoff) {
        long ms = backoff.toMillis();
        if (ms <= 1) {
            return backoff;
        }
        return Duration.ofMillis(ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void close() {
        starter.close();
    }
}
