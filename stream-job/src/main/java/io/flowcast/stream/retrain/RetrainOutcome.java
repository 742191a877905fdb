package io.flowcast.stream.retrain;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link RetrainTrigger#trigger} did with a request. {@link #isSatisfied()} is true when a run
 * for the request exists (started now or before); a {@link Status#COOLING_DOWN} request was dropped
 * on purpose; only {@link Status#FAILED} is an error.
 */
public final class RetrainOutcome {

    /** The kinds of outcome. */
    public enum Status {
        /** StartExecution returned an execution ARN. */
        STARTED,
        /** The execution name was taken: the episode's run exists; nothing new was started. */
        ALREADY_STARTED,
        /** The model's cooldown had not passed; no call was made. */
        COOLING_DOWN,
        /** A permanent error, or retries ran out; see {@link #detail()}. */
        FAILED
    }

    private final Status status;
    private final String executionName;
    private final String executionArn;
    private final int attempts;
    private final Duration cooldownRemaining;
    private final String detail;

    RetrainOutcome(
            Status status,
            String executionName,
            String executionArn,
            int attempts,
            Duration cooldownRemaining,
            String detail) {
        this.status = Objects.requireNonNull(status, "status");
        this.executionName = executionName;
        this.executionArn = executionArn;
        this.attempts = attempts;
        this.cooldownRemaining = cooldownRemaining;
        this.detail = detail;
    }

    public Status status() {
        return status;
    }

    /** The deterministic execution name. */
    public String executionName() {
        return executionName;
    }

    /** The execution's ARN when STARTED or ALREADY_STARTED; null otherwise. */
    public String executionArn() {
        return executionArn;
    }

    /** StartExecution calls made (0 when cooling down). */
    public int attempts() {
        return attempts;
    }

    /** Time left on the cooldown when COOLING_DOWN; zero otherwise. */
    public Duration cooldownRemaining() {
        return cooldownRemaining;
    }

    /** The last error's code and message when FAILED; null otherwise. */
    public String detail() {
        return detail;
    }

    /** True if a run exists for the request: STARTED or ALREADY_STARTED. */
    public boolean isSatisfied() {
        return status == Status.STARTED || status == Status.ALREADY_STARTED;
    }

    @Override
    public String toString() {
        return status
                + " "
                + executionName
                + (executionArn != null ? " " + executionArn : "")
                + " attempts="
                + attempts
                + (status == Status.COOLING_DOWN ? " cooldownRemaining=" + cooldownRemaining : "")
                + (detail != null ? " detail=" + detail : "");
    }
}
