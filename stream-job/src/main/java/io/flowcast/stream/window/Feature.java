package io.flowcast.stream.window;

import java.io.Serializable;
import java.util.Objects;

/**
 * One statistic of one signal, e.g. the window mean of {@code Load}: a model input column or the
 * model's target. Its {@link #name()} is {@code <signal>.<statistic>} ({@code Load.mean}).
 * Immutable.
 */
public final class Feature implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String signal;
    private final FeatureStatistic statistic;

    /**
     * @param signal the signal name as the parser derives it from the tag path, case-sensitive
     * @param statistic the statistic of that signal
     */
    public Feature(String signal, FeatureStatistic statistic) {
        this.signal = Objects.requireNonNull(signal, "signal");
        this.statistic = Objects.requireNonNull(statistic, "statistic");
    }

    public String signal() {
        return signal;
    }

    public FeatureStatistic statistic() {
        return statistic;
    }

    /**
     * {@code <signal>.<statistic>}, e.g. {@code Load.mean}. Signal names may contain dots; the
     * statistic is always the part after the last dot.
     */
    public String name() {
        return signal + "." + statistic.jsonName();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Feature)) {
            return false;
        }
        Feature other = (Feature) o;
        return signal.equals(other.signal) && statistic == other.statistic;
    }

    @Override
    public int hashCode() {
        return Objects.hash(signal, statistic);
    }

    @Override
    public String toString() {
        return name();
    }
}
