package io.flowcast.stream.local.stepfunctions;

import java.time.Instant;
import java.util.Objects;

/**
 * An immutable snapshot of one execution on {@link LocalStepFunctions}: what DescribeExecution
 * answers for it at the moment the snapshot was taken. Fields of a later stage are null until the
 * execution reaches it: {@link #stopDate()} once closed, {@link #output()} when {@link
 * ExecutionStatus#SUCCEEDED}, {@link #error()} and {@link #cause()} when {@link
 * ExecutionStatus#FAILED} or {@link ExecutionStatus#ABORTED}.
 */
public final class ExecutionRecord {
    private final LocalExecution execution;
    private final ExecutionStatus status;
    private final Instant stopDate;
    private final String output;
    private final String error;
    private final String cause;

    ExecutionRecord(
            LocalExecution execution,
            ExecutionStatus status,
            Instant stopDate,
            String output,
            String error,
            String cause) {
        this.execution = Objects.requireNonNull(execution, "execution");
        this.status = Objects.requireNonNull(status, "status");
        this.stopDate = stopDate;
        this.output = output;
        this.error = error;
        this.cause = cause;
    }

    /** The execution as its runner saw it (ARN, state machine, name, input, start date). */
    public LocalExecution execution() {
        return execution;
    }

    public String executionArn() {
        return execution.executionArn();
    }

    public String stateMachineArn() {
        return execution.stateMachineArn();
    }

    public String name() {
        return execution.name();
    }

    public String input() {
        return execution.input();
    }

    public Instant startDate() {
        return execution.startDate();
    }

    public ExecutionStatus status() {
        return status;
    }

    /** When the execution ended; null while {@link ExecutionStatus#RUNNING}. */
    public Instant stopDate() {
        return stopDate;
    }

    /** The runner's output (a JSON document) when SUCCEEDED; null otherwise. */
    public String output() {
        return output;
    }

    /**
     * The error name when FAILED ({@link ExecutionFailedException#error()}, or {@value
     * LocalStepFunctions#RUNTIME_ERROR} for any other exception) or ABORTED ({@value
     * LocalStepFunctions#ABORTED_ERROR}); null otherwise.
     */
    public String error() {
        return error;
    }

    /** The human-readable cause that goes with {@link #error()}; may be null. */
    public String cause() {
        return cause;
    }

    @Override
    public String toString() {
        return "ExecutionRecord{"
                + name()
                + " "
                + status
                + (error != null ? " error=" + error : "")
                + ", started "
                + startDate()
                + (stopDate != null ? ", stopped " + stopDate : "")
                + "}";
    }
}
