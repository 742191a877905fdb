package io.flowcast.stream.enrich;

/**
 * Database credentials could not be read or understood. The message names where they were read from
 * (for example the secret ARN) and what is wrong, and never contains the secret's text.
 */
public class DatabaseCredentialsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatabaseCredentialsException(String message) {
        super(message);
    }

    public DatabaseCredentialsException(String message, Throwable cause) {
        super(message, cause);
    }
}
