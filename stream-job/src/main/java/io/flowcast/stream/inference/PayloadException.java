package io.flowcast.stream.inference;

/** An endpoint's answer that cannot be mapped back to the rows sent. */
public final class PayloadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PayloadException(String message) {
        super(message);
    }
}
