package io.flowcast.stream.sink.warehouse;

/**
 * The warehouse's credentials could not be read or used: the secret is missing, malformed, or its
 * private key does not parse. Messages name the secret and what is wrong, never secret material (no
 * key text, no passphrase, no chained parser message that could quote either).
 */
public final class WarehouseCredentialsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WarehouseCredentialsException(String message) {
        super(message);
    }

    public WarehouseCredentialsException(String message, Throwable cause) {
        super(message, cause);
    }
}
