package io.flowcast.stream.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the short duration notation used everywhere in Flowcast: configuration values,
 * the local run's and the simulator's flags.
 *
 * <p>In: text such as {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, or a bare
 * {@code 0}. Out: a non-negative {@link Duration}. {@link #format(Duration)} goes the other way
 * with the largest unit that is exact, so formatted values parse back to the same duration.
 */
public final class Durations {

    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,15})(ms|s|m|h|d)");

    private Durations() {}

    /**
     * Parses {@code <digits><unit>} with unit one of ms, s, m, h, d.
     *
     * @throws IllegalArgumentException with a message that shows the accepted forms
     */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = SYNTAX.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "expected a duration such as 250ms, 30s, 5m, 2h or 1d, got \"" + text + "\"");
        }
        long amount = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms":
                return Duration.ofMillis(amount);
            case "s":
                return Duration.ofSeconds(amount);
            case "m":
                return Duration.ofMinutes(amount);
            case "h":
                return Duration.ofHours(amount);
            default:
                return Duration.ofDays(amount);
        }
    }

    /**
     * Formats a duration in the notation {@link #parse(String)} accepts (millisecond precision).
     */
    public static String format(Duration duration) {
        long ms = duration.toMillis();
        if (ms == 0) {
            return "0";
        }
        long[] unitMillis = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] unitNames = {"d", "h", "m", "s"};
        for (int i = 0; i < unitMillis.length; i++) {
            if (ms % unitMillis[i] == 0) {
                return (ms / unitMillis[i]) + unitNames[i];
            }
        }
        return ms + "ms";
    }
}
