package io.flowcast.stream.config;

/**
 * The job configuration is missing a key, holds a malformed value, or combines values that cannot
 * work together. Thrown at start-up, before any operator runs; the message names the property group
 * and the key so an operator can fix the Managed Flink application or the local JSON file.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
