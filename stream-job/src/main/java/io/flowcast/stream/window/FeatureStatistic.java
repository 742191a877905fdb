package io.flowcast.stream.window;

import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * A statistic of one signal over one window, as a feature spec names it. The JSON name is the
 * constant's name in lower case ({@code mean}, {@code good_share}).
 *
 * <p>All statistics except {@link #GOOD_SHARE} are computed over the window's <em>usable</em>
 * samples of the signal (by default those of good quality); a signal without usable samples is
 * missing, and all its statistics with it.
 */
public enum FeatureStatistic {
    /** Number of usable samples in the window. */
    COUNT,
    /** Arithmetic mean of the sample values. */
    MEAN,
    /** Smallest sample value. */
    MIN,
    /** Largest sample value. */
    MAX,
    /** Sample standard deviation of the values. */
    STD,
    /** Value of the earliest sample by event time. */
    FIRST,
    /** Value of the latest sample by event time. */
    LAST,
    /** Least-squares trend of the values over time, in signal units per second. */
    SLOPE,
    /** Share of good-quality samples among all samples of the signal, 0..1. */
    GOOD_SHARE;

    private final String jsonName = name().toLowerCase(Locale.ROOT);

    /** The name used in feature specs, feature names and records, e.g. {@code good_share}. */
    public String jsonName() {
        return jsonName;
    }

    /** The statistic with this exact JSON name (case-sensitive); empty if there is none. */
    public static Optional<FeatureStatistic> fromJsonName(String name) {
        for (FeatureStatistic s : values()) {
            if (s.jsonName.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** This statistic of a signal's window; {@code stats} must not be empty. */
    public double of(SignalStats stats) {
        switch (this) {
            case COUNT:
                return stats.count();
            case MEAN:
                return stats.mean();
            case MIN:
                return stats.min();
            case MAX:
                return stats.max();
            case STD:
                return stats.std();
            case FIRST:
                return stats.first();
            case LAST:
                return stats.last();
            case SLOPE:
                return stats.slope();
            case GOOD_SHARE:
            default:
                return stats.goodShare();
        }
    }

    /** The JSON names of all statistics, comma-separated, for error messages. */
    public static String allowedNames() {
        StringJoiner names = new StringJoiner(", ");
        for (FeatureStatistic s : values()) {
            names.add(s.jsonName);
        }
        return names.toString();
    }
}
