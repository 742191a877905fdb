package io.flowcast.stream.retrain;

/**
 * A failed {@code StartExecution} call: the service's error code (e.g. {@code
 * ExecutionAlreadyExists}, {@code ThrottlingException}), its HTTP status, or {@link
 * #TRANSPORT_ERROR}/0 when no response arrived. The message holds the service's message only.
 */
public final class StartExecutionException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The error code of a call that got no HTTP response (connection refused, timeout). */
    public static final String TRANSPORT_ERROR = "TransportError";

    private final String errorCode;
    private final int httpStatus;

    public StartExecutionException(String errorCode, int httpStatus, String message) {
        super(errorCode + " (HTTP " + httpStatus + "): " + message);
        this.errorCode = errorCode == null ? "" : errorCode;
        this.httpStatus = httpStatus;
    }

    public String errorCode() {
        return errorCode;
    }

    /** 0 if no response arrived. */
    public int httpStatus() {
        return httpStatus;
    }
}
