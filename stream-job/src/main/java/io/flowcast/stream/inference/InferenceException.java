package io.flowcast.stream.inference;

/** A failed inference call or row, with what kind of failure it was. */
public final class InferenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Kinds of failure; {@link #retryable()} says which a retry can fix. */
    public enum Kind {
        /** The endpoint throttled the call (HTTP 429 / ThrottlingException). Retried. */
        THROTTLED(true),
        /** A 5xx from the service or the container. Retried. */
        SERVER_ERROR(true),
        /** The call did not reach the endpoint or got no answer. Retried. */
        CONNECTION(true),
        /** The model rejected the input (ModelError): not retried; the batch is split. */
        MODEL_ERROR(false),
        /** The request is invalid (unknown endpoint, variant, bad payload): not retried. */
        VALIDATION(false),
        /** The answer could not be mapped back to the rows sent: not retried. */
        BAD_RESPONSE(false),
        /** The endpoint's circuit is open after repeated failures: failed at once. */
        CIRCUIT_OPEN(false),
        /** The overall deadline passed before a successful answer. */
        DEADLINE(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;

    public InferenceException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public InferenceException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
