package io.flowcast.stream.local.simulator;

/**
 * Records could not be delivered: the destination refused them or kept failing them after all
 * retries. The message names the stream and says how many records failed and why, so it can be
 * shown to the user as the one line explaining why the simulator stopped.
 */
public final class PublishException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PublishException(String message) {
        super(message);
    }

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
