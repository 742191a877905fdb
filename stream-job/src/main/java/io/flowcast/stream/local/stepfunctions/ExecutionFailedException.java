package io.flowcast.stream.local.stepfunctions;

import java.util.Objects;

/** An execution that ended in its failure path, with Step Functions' error name and cause. */
public final class ExecutionFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String error;

    public ExecutionFailedException(String error, String cause) {
        super(cause);
        this.error = Objects.requireNonNull(error, "error");
    }

    public ExecutionFailedException(String error, String cause, Throwable reason) {
        super(cause, reason);
        this.error = Objects.requireNonNull(error, "error");
    }

    /** The error name, e.g. {@code Flowcast.DatasetTooSmall}. */
    public String error() {
        return error;
    }

    /** The human-readable cause. */
    public String cause() {
        return getMessage();
    }
}
