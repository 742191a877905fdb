package io.flowcast.stream.config;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * One typed key of one property group, with its default and a description for the README.
 *
 * <p>An option either has a default, is required (no default, start-up fails without it), or is
 * optional (no default, absence is meaningful, e.g. no endpoint override on AWS).
 *
 * @param <T> the typed value
 */
public final class ConfigOption<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Whether the option must be present. */
    public enum Presence {
        REQUIRED,
        OPTIONAL,
        DEFAULTED
    }

    private final String group;
    private final String key;
    private final OptionType<T> type;
    private final T defaultValue;
    private final Presence presence;
    private final String description;

    private ConfigOption(
            String group,
            String key,
            OptionType<T> type,
            T defaultValue,
            Presence presence,
            String description) {
        this.group = Objects.requireNonNull(group, "group");
        this.key = Objects.requireNonNull(key, "key");
        this.type = Objects.requireNonNull(type, "type");
        this.defaultValue = defaultValue;
        this.presence = presence;
        if (description == null || description.isEmpty()) {
            throw new IllegalArgumentException(
                    "option " + group + "/" + key + " needs a description");
        }
        this.description = description;
    }

    /** Starts an option of {@code group} named {@code key}. */
    public static Builder builder(String group, String key) {
        return new Builder(group, key);
    }

    public String group() {
        return group;
    }

    public String key() {
        return key;
    }

    public OptionType<T> type() {
        return type;
    }

    public Presence presence() {
        return presence;
    }

    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return group + "/" + key;
    }

    /** Step-wise construction that reads like the README row it becomes. */
    public static final class Builder {
        private final String group;
        private final String key;

        private Builder(String group, String key) {
            this.group = group;
            this.key = key;
        }

        public <T> Typed<T> type(OptionType<T> type) {
            return new Typed<>(group, key, type);
        }
    }

    /** An option whose type is known; choose its presence next. */
    public static final class Typed<T> {
        private final String group;
        private final String key;
        private final OptionType<T> type;

        private Typed(String group, String key, OptionType<T> type) {
            this.group = group;
            this.key = key;
            this.type = type;
        }

        public ConfigOption<T> defaultValue(T value, String description) {
            return new ConfigOption<>(
                    group,
                    key,
                    type,
                    Objects.requireNonNull(value, "default"),
                    Presence.DEFAULTED,
                    description);
        }

        public ConfigOption<T> required(String description) {
            return new ConfigOption<>(group, key, type, null, Presence.REQUIRED, description);
        }

        public ConfigOption<T> optional(String description) {
            return new ConfigOption<>(group, key, type, null, Presence.OPTIONAL, description);
        }
    }
}
