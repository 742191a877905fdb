package io.flowcast.stream.window;

import java.util.Optional;
import java.util.StringJoiner;

/**
 * What the window stage does with a signal that has no usable samples in a window. The JSON name is
 * the constant's name ({@code CARRY_FORWARD}).
 */
public enum MissingPolicy {
    /**
     * Use the signal's statistics from the most recent earlier window of the same asset that had
     * them, if that window ended at most the rule's ttl before the current window ends; otherwise
     * the signal is missing.
     */
    CARRY_FORWARD,
    /** The signal is missing: its features are null. */
    MARK_MISSING;

    /** The policy with this exact JSON name (case-sensitive); empty if there is none. */
    public static Optional<MissingPolicy> fromJsonName(String name) {
        for (MissingPolicy p : values()) {
            if (p.name().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The JSON names of all policies, comma-separated, for error messages. */
    public static String allowedNames() {
        StringJoiner names = new StringJoiner(", ");
        for (MissingPolicy p : values()) {
            names.add(p.name());
        }
        return names.toString();
    }
}
