package io.flowcast.stream.window;

import java.util.Objects;

/**
 * Running statistics of one signal of one asset within one window: the accumulator from which the
 * per-signal features of a window's feature vector are read.
 *
 * <p><b>In:</b> samples through {@link #add(long, double, boolean, boolean)}, in any order, and
 * other accumulators of the same signal through {@link #merge(SignalStats)} (Flink's {@code
 * AggregateFunction.merge}, used by merging windows). Every sample counts towards {@link
 * #totalCount()} and {@link #goodShare()}; only samples the caller marks as used for features enter
 * the value statistics (by default the caller excludes samples that are not of good OPC quality).
 *
 * <p><b>Out:</b> over the used samples: {@link #count()}, {@link #mean()}, {@link #min()}, {@link
 * #max()}, {@link #std()} (sample standard deviation, n-1 denominator), {@link #first()} and {@link
 * #last()} (values at the earliest and latest event time, not arrival order), {@link #slope()}
 * (least-squares slope of value over event time, in value units per second) and the first and last
 * timestamps; over all samples: {@link #totalCount()} and {@link #goodShare()}. Read-outs never
 * return NaN or infinity. On an accumulator without used samples ({@link #isEmpty()}) there is no
 * value to report, so every value read-out throws {@link IllegalStateException} instead of
 * inventing one; only {@link #count()}, {@link #totalCount()}, {@link #goodShare()} (0.0 without
 * any sample) and {@link #isEmpty()} answer. {@link #std()} and {@link #slope()} are 0.0 for a
 * single sample, and {@link #slope()} is 0.0 when all used samples share one timestamp.
 *
 * <p><b>Ties:</b> among samples with the earliest timestamp, {@link #first()} is the one added
 * first (in {@code a.merge(b)}, {@code a}'s samples count as added before {@code b}'s); among
 * samples with the latest timestamp, {@link #last()} is the one added last.
 *
 * <p><b>Numerical method:</b> mean, second moments and the time/value co-moment are updated with
 * Welford's online algorithm and combined in {@link #merge(SignalStats)} with the pairwise formulas
 * of Chan, Golub and LeVeque, so no sum of squares is ever formed. All moments are kept relative to
 * an anchor, the earliest used sample: time as seconds since {@link #firstTimestamp()} (epoch
 * milliseconds around 1.7e12 would lose all precision when squared) and value as the difference to
 * {@link #first()} (so a large offset such as 1e9 + noise does not cancel catastrophically). When
 * the anchor moves, because an earlier sample arrives or a merge brings one, only the two means are
 * shifted; the second moments and the co-moment do not depend on the origin. The anchor must be of
 * the same order as the data for the offset protection to work (an extreme first value weakens it);
 * values must stay well below 1e150 in magnitude so their squares do not overflow.
 *
 * <p><b>Size and serialization:</b> a Flink POJO without Kryo: public class, public no-arg
 * constructor, 14 public primitive fields and 100 bytes of field data. Counts are {@code int} (at
 * most {@link Integer#MAX_VALUE} samples per signal and window; beyond that {@link #add(long,
 * double, boolean, boolean)} and {@link #merge(SignalStats)} throw {@link ArithmeticException}
 * rather than wrap). The fields are the accumulator's state, public only for serialization: use the
 * methods.
 *
 * <p>Not thread-safe, like any Flink accumulator.
 */
public class SignalStats {

    // Field bits for keep(int), one per field below; StatsLayout decides which a spec needs.
    static final int TOTAL = 1;
    static final int GOOD = 1 << 1;
    static final int USED = 1 << 2;
    static final int FIRST_MILLIS = 1 << 3;
    static final int FIRST_VALUE = 1 << 4;
    static final int LAST_MILLIS = 1 << 5;
    static final int LAST_VALUE = 1 << 6;
    static final int MIN = 1 << 7;
    static final int MAX = 1 << 8;
    static final int MEAN_DEV = 1 << 9;
    static final int M2_VALUE = 1 << 10;
    static final int MEAN_SECONDS = 1 << 11;
    static final int M2_SECONDS = 1 << 12;
    static final int CO_MOMENT = 1 << 13;
    static final int ALL_FIELDS = (1 << 14) - 1;

    /** Samples added or merged, used or not. */
    public int totalSamples;

    /** Samples of good quality among {@link #totalSamples}. */
    public int goodSamples;

    /** Samples used for the value statistics; every field below is meaningful only if > 0. */
    public int usedCount;

    /** Earliest timestamp of a used sample, epoch ms; the time anchor. */
    public long firstMillis;

    /** Value at {@link #firstMillis}; the value anchor. */
    public double firstValue;

    /** Latest timestamp of a used sample, epoch ms. */
    public long lastMillis;

    /** Value at {@link #lastMillis}. */
    public double lastValue;

    /** Smallest used value. */
    public double minValue;

    /** Largest used value. */
    public double maxValue;

    /** Mean of (value - {@link #firstValue}). */
    public double meanDev;

    /** Sum of squared deviations of the values from their mean. */
    public double m2Value;

    /** Mean of the timestamps, in seconds after {@link #firstMillis}. */
    public double meanSeconds;

    /** Sum of squared deviations of the timestamps (in seconds) from their mean. */
    public double m2Seconds;

    /** Sum of products of the time (seconds) and value deviations from their means. */
    public double coMoment;

    /** Which fields hold real values (bits above); all of them unless loaded by StatsLayout. */
    private transient int kept = ALL_FIELDS;

    /** An empty accumulator. */
    public SignalStats() {}

    /**
     * Declares that only the fields in {@code fieldBits} are real; read-outs needing others throw.
     */
    void keep(int fieldBits) {
        this.kept = fieldBits;
    }

    /** A copy of {@code other}, independent of it. */
    public SignalStats(SignalStats other) {
        Objects.requireNonNull(other, "other");
        this.totalSamples = other.totalSamples;
        this.goodSamples = other.goodSamples;
        this.usedCount = other.usedCount;
        this.firstMillis = other.firstMillis;
        this.firstValue = other.firstValue;
        this.lastMillis = other.lastMillis;
        this.lastValue = other.lastValue;
        this.minValue = other.minValue;
        this.maxValue = other.maxValue;
        this.meanDev = other.meanDev;
        this.m2Value = other.m2Value;
        this.meanSeconds = other.meanSeconds;
        this.m2Seconds = other.m2Seconds;
        this.coMoment = other.coMoment;
        this.kept = other.kept;
    }

    /** A copy of this accumulator, independent of it. */
    public SignalStats copy() {
        return new SignalStats(this);
    }

    /**
     * Adds one sample.
     *
     * @param timestampMillis event time, epoch milliseconds; any order
     * @param value the measured value; must be finite if {@code usedForFeatures}
     * @param goodQuality whether the sample is of good OPC quality; counts towards {@link
     *     #goodShare()}
     * @param usedForFeatures whether the sample enters the value statistics; if false it only
     *     counts towards {@link #totalCount()} and {@link #goodShare()}
     * @throws IllegalArgumentException if a used value is NaN or infinite (nothing is changed)
     * @throws ArithmeticException if a count would exceed {@link Integer#MAX_VALUE}
     */
    public void add(
            long timestampMillis, double value, boolean goodQuality, boolean usedForFeatures) {
        if (usedForFeatures && !Double.isFinite(value)) {
            throw new IllegalArgumentException(
                    "value must be finite to be used for features, got "
                            + value
                            + " at "
                            + timestampMillis);
        }
        int newTotal = Math.addExact(totalSamples, 1);
        int newUsed = usedForFeatures ? Math.addExact(usedCount, 1) : usedCount;
        totalSamples = newTotal;
        if (goodQuality) {
            goodSamples++; // goodSamples <= totalSamples, cannot overflow
        }
        if (!usedForFeatures) {
            return;
        }
        if (usedCount == 0) {
            usedCount = 1;
            firstMillis = timestampMillis;
            firstValue = value;
            lastMillis = timestampMillis;
            lastValue = value;
            minValue = value;
            maxValue = value;
            meanDev = 0.0;
            m2Value = 0.0;
            meanSeconds = 0.0;
            m2Seconds = 0.0;
            coMoment = 0.0;
            return;
        }
        if (timestampMillis < firstMillis) {
            // The sample becomes the anchor: shift the means onto it; moments are unchanged.
            meanSeconds += secondsBetween(timestampMillis, firstMillis);
            meanDev += firstValue - value;
            firstMillis = timestampMillis;
            firstValue = value;
        }
        if (timestampMillis >= lastMillis) {
            lastMillis = timestampMillis;
            lastValue = value;
        }
        minValue = Math.min(minValue, value);
        maxValue = Math.max(maxValue, value);

        // Welford, jointly for time and value.
        double t = secondsBetween(firstMillis, timestampMillis);
        double v = value - firstValue;
        double dt = t - meanSeconds;
        double dv = v - meanDev;
        meanSeconds += dt / newUsed;
        meanDev += dv / newUsed;
        double dvAfter = v - meanDev;
        m2Seconds += dt * (t - meanSeconds);
        m2Value += dv * dvAfter;
        coMoment += dt * dvAfter;
        usedCount = newUsed;
    }

    /**
     * Adds the samples of {@code other} to this accumulator; {@code other} is not changed. The
     * result equals, up to floating point rounding, adding this accumulator's samples and then
     * {@code other}'s to one accumulator. Either side may be empty.
     *
     * @throws ArithmeticException if a count would exceed {@link Integer#MAX_VALUE}
     */
    public void merge(SignalStats other) {
        Objects.requireNonNull(other, "other");
        // Read everything first: other may be this.
        int oTotal = other.totalSamples;
        int oGood = other.goodSamples;
        int oUsed = other.usedCount;
        long oFirstMillis = other.firstMillis;
        double oFirstValue = other.firstValue;
        long oLastMillis = other.lastMillis;
        double oLastValue = other.lastValue;
        double oMin = other.minValue;
        double oMax = other.maxValue;
        double oMeanDev = other.meanDev;
        double oM2Value = other.m2Value;
        double oMeanSeconds = other.meanSeconds;
        double oM2Seconds = other.m2Seconds;
        double oCoMoment = other.coMoment;

        int newTotal = Math.addExact(totalSamples, oTotal);
        int newGood = Math.addExact(goodSamples, oGood);
        int newUsed = Math.addExact(usedCount, oUsed);
        totalSamples = newTotal;
        goodSamples = newGood;
        if (oUsed == 0) {
            return;
        }
        if (usedCount == 0) {
            usedCount = oUsed;
            firstMillis = oFirstMillis;
            firstValue = oFirstValue;
            lastMillis = oLastMillis;
            lastValue = oLastValue;
            minValue = oMin;
            maxValue = oMax;
            meanDev = oMeanDev;
            m2Value = oM2Value;
            meanSeconds = oMeanSeconds;
            m2Seconds = oM2Seconds;
            coMoment = oCoMoment;
            return;
        }

        // Bring both sides onto the earlier anchor; only means move.
        if (oFirstMillis < firstMillis) {
            meanSeconds += secondsBetween(oFirstMillis, firstMillis);
            meanDev += firstValue - oFirstValue;
            firstMillis = oFirstMillis;
            firstValue = oFirstValue;
        } else {
            oMeanSeconds += secondsBetween(firstMillis, oFirstMillis);
            oMeanDev += oFirstValue - firstValue;
        }
        if (oLastMillis >= lastMillis) {
            lastMillis = oLastMillis;
            lastValue = oLastValue;
        }
        minValue = Math.min(minValue, oMin);
        maxValue = Math.max(maxValue, oMax);

        // Chan, Golub, LeVeque pairwise combination.
        double na = usedCount;
        double nb = oUsed;
        double n = newUsed;
        double dt = oMeanSeconds - meanSeconds;
        double dv = oMeanDev - meanDev;
        double weight = na * nb / n;
        double shareB = nb / n;
        meanSeconds += dt * shareB;
        meanDev += dv * shareB;
        m2Seconds += oM2Seconds + dt * dt * weight;
        m2Value += oM2Value + dv * dv * weight;
        coMoment += oCoMoment + dt * dv * weight;
        usedCount = newUsed;
    }

    /** Number of samples used for the value statistics. */
    public int count() {
        return usedCount;
    }

    /** Number of all samples added or merged, including those not used for the statistics. */
    public int totalCount() {
        return totalSamples;
    }

    /** True when no sample is used for the value statistics, i.e. {@code count() == 0}. */
    public boolean isEmpty() {
        return usedCount == 0;
    }

    /** Share of good-quality samples among all samples, 0..1; 0.0 without any sample. */
    public double goodShare() {
        requireKept("goodShare", GOOD);
        return totalSamples == 0 ? 0.0 : (double) goodSamples / totalSamples;
    }

    /**
     * Arithmetic mean of the used values, within [{@link #min()}, {@link #max()}].
     *
     * @throws IllegalStateException if {@link #isEmpty()}
     */
    public double mean() {
        requireNotEmpty("mean");
        requireKept("mean", FIRST_VALUE | MEAN_DEV);
        double mean = firstValue + meanDev;
        if ((kept & (MIN | MAX)) != (MIN | MAX)) {
            return mean;
        }
        return Math.min(maxValue, Math.max(minValue, mean));
    }

    /**
     * Smallest used value.
     *
     * @throws IllegalStateException if {@link #isEmpty()}
     */
    public double min() {
        requireNotEmpty("min");
        requireKept("min", MIN);
        return minValue;
    }

    /**
     * Largest used value.
     *
     * @throws IllegalStateException if {@link #isEmpty()}
     */
    public double max() {
        requireNotEmpty("max");
        requireKept("max", MAX);
        return maxValue;
    }

    /**
     * Sample standard deviation of the used values (n-1 denominator); 0.0 for one sample.
     *
     * @throws IllegalStateException if {@link #isEmpty()}
     */
    public double std() {
        requireNotEmpty("std");
        requireKept("std", M2_VALUE);
        if (usedCount < 2) {
            return 0.0;
        }
        return Math.sqrt(Math.max(0.0, m2Value) / (usedCount - 1));
    }

    /**
     * Least-squares slope of value over event time, in value units per second; 0.0 for one sample
     * or when all used samples share one timestamp.
     *
     * @throws IllegalStateException if {@link #isEmpty()}
     */
    public double slope() {
        requireNotEmpty("slope");
        requireKept("slope", M2_SECONDS | CO_MOMENT);
        if (usedCount < 2 || !(m2Seconds > 0.0)) {
            return 0.0;
        }
        return coMoment / m2Seconds;
    }

    /**
     * Value of the used sample with the earliest timestamp (the first added among ties).
     *
     * @throws IllegalStateException if {@link #isEmpty()}
     */
    public double first() {
        requireNotEmpty("first");
        requireKept("first", FIRST_MILLIS | FIRST_VALUE);
        return firstValue;
    }

    /**
     * Value of the used sample with the latest timestamp (the last added among ties).
     *
     * @throws IllegalStateException if {@link #isEmpty()}
     */
    public double last() {
        requireNotEmpty("last");
        requireKept("last", LAST_MILLIS | LAST_VALUE);
        return lastValue;
    }

    /**
     * Earliest timestamp of a used sample, epoch milliseconds.
     *
     * @throws IllegalStateException if {@link #isEmpty()}
     */
    public long firstTimestamp() {
        requireNotEmpty("firstTimestamp");
        requireKept("firstTimestamp", FIRST_MILLIS);
        return firstMillis;
    }

    /**
     * Latest timestamp of a used sample, epoch milliseconds.
     *
     * @throws IllegalStateException if {@link #isEmpty()}
     */
    public long lastTimestamp() {
        requireNotEmpty("lastTimestamp");
        requireKept("lastTimestamp", LAST_MILLIS);
        return lastMillis;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SignalStats{count=").append(usedCount);
        sb.append(", total=").append(totalSamples).append(", good=").append(goodSamples);
        if (usedCount > 0 && kept == ALL_FIELDS) {
            sb.append(", mean=").append(mean());
            sb.append(", std=").append(std());
            sb.append(", min=").append(minValue);
            sb.append(", max=").append(maxValue);
            sb.append(", first=").append(firstValue).append('@').append(firstMillis);
            sb.append(", last=").append(lastValue).append('@').append(lastMillis);
            sb.append(", slope=").append(slope()).append("/s");
        }
        return sb.append('}').toString();
    }

    private void requireNotEmpty(String readOut) {
        if (usedCount == 0) {
            throw new IllegalStateException(
                    readOut
                            + "() is undefined without used samples (count()=0, totalCount()="
                            + totalSamples
                            + "); check isEmpty() first");
        }
    }

    private void requireKept(String readOut, int fieldBits) {
        if ((kept & fieldBits) != fieldBits) {
            throw new IllegalStateException(
                    readOut + "() was not kept for this window: the feature spec does not use it");
        }
    }

    /** {@code to - from} in seconds; exact in milliseconds, then one rounding. */
    private static double secondsBetween(long fromMillis, long toMillis) {
        return (toMillis - fromMillis) / 1000.0;
    }
}
