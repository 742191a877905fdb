package io.flowcast.stream.config;

import java.io.Serializable;

/**
 * How the text of one configuration value is turned into a typed value, and how that type is
 * described in error messages and in the README's configuration table.
 *
 * @param <T> the typed value
 */
public interface OptionType<T> extends Serializable {

    /**
     * Parses a raw property value.
     *
     * @throws IllegalArgumentException with a message saying what was expected, when the text is
     *     malformed; the caller adds the group and key.
     */
    T parse(String raw);

    /** A short description of accepted values, e.g. {@code "duration (e.g. 30s, 5m, 7d)"}. */
    String describe();

    /** Renders a typed value the way a user would write it in a property file. */
    default String format(T value) {
        return String.valueOf(value);
    }
}
