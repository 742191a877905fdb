package io.flowcast.stream.retrain;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The per-model cooldown: after a retraining run was started (or found already started) for an
 * asset type, further requests for that asset type are refused until the cooldown has passed,
 * whatever their episode. Thread-safe.
 *
 * <p>In memory only, on purpose: after a job restart the cooldown is empty, so the first request
 * per model goes to Step Functions again. That cannot start a duplicate run of the same episode
 * (its {@linkplain RetrainExecutionName deterministic name} is answered with {@code
 * ExecutionAlreadyExists}), but a <em>new</em> episode right after a restart can start a run within
 * what would have been the cooldown. The state machine's run table in DynamoDB is the durable
 * record.
 */
public final class RetrainCooldown {

    private final Duration cooldown;
    private final Map<String, Instant> lastStart = new HashMap<>();

    /**
     * @param cooldown zero disables the cooldown
     */
    public RetrainCooldown(Duration cooldown) {
        if (cooldown == null || cooldown.isNegative()) {
            throw new IllegalArgumentException("cooldown must be >= 0, got " + cooldown);
        }
        this.cooldown = cooldown;
    }

    /**
     * How long the model must still wait at {@code now}: zero if a request may go out.
     *
     * @param model the asset type
     */
    public synchronized Duration remaining(String model, Instant now) {
        Instant last = lastStart.get(model);
        if (last == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(now, last.plus(cooldown));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Records that a run for the model was started (or found started) at {@code now}. */
    public synchronized void started(String model, Instant now) {
        lastStart.merge(model, now, (a, b) -> a.isAfter(b) ? a : b);
    }

    public Duration cooldown() {
        return cooldown;
    }
}
