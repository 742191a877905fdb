package io.flowcast.stream.local;

/**
 * The local environment is not ready (a tool is missing, a port is taken, an emulator did not
 * start). The message says what to do; the local run prints it without a stack trace.
 */
public final class LocalSetupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LocalSetupException(String message) {
        super(message);
    }
}
