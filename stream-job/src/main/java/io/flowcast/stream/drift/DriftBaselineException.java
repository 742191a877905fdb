package io.flowcast.stream.drift;

/**
 * A model version's {@code statistics.json} or {@code constraints.json} cannot be used as a drift
 * baseline. The message names the model, the file and the JSON path of the offending value.
 */
public final class DriftBaselineException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public DriftBaselineException(String message) {
        super(message);
    }

    public DriftBaselineException(String message, Throwable cause) {
        super(message, cause);
    }
}
