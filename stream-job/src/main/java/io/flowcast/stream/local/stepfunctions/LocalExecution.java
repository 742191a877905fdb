package io.flowcast.stream.local.stepfunctions;

import java.time.Instant;
import java.util.Objects;

/** One execution started on the local Step Functions stand-in, as its runner sees it. */
public final class LocalExecution {
    private final String executionArn;
    private final String stateMachineArn;
    private final String name;
    private final String input;
    private final Instant startDate;

    public LocalExecution(
            String executionArn,
            String stateMachineArn,
            String name,
            String input,
            Instant startDate) {
        this.executionArn = Objects.requireNonNull(executionArn, "executionArn");
        this.stateMachineArn = Objects.requireNonNull(stateMachineArn, "stateMachineArn");
        this.name = Objects.requireNonNull(name, "name");
        this.input = Objects.requireNonNull(input, "input");
        this.startDate = Objects.requireNonNull(startDate, "startDate");
    }

    public String executionArn() {
        return executionArn;
    }

    public String stateMachineArn() {
        return stateMachineArn;
    }

    /**
     * The execution name (the trigger's deterministic {@code retrain-<type>-<version>-<episode>}).
     */
    public String name() {
        return name;
    }

    /** The execution input, a JSON object (see {@code RetrainRequest#toExecutionInput()}). */
    public String input() {
        return input;
    }

    public Instant startDate() {
        return startDate;
    }

    @Override
    public String toString() {
        return "LocalExecution{" + name + ", started " + startDate + "}";
    }
}
