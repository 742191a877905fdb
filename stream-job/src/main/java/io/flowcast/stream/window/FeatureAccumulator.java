package io.flowcast.stream.window;

/**
 * The state of one asset's window while it is open: the running statistics of every signal of the
 * asset type's feature spec, sample counters, and the samples seen so far (to drop duplicates).
 *
 * <p><b>Layout:</b> statistics sit in three flat primitive arrays ({@link #ints}, {@link #longs},
 * {@link #doubles}) laid out by the spec's {@link StatsLayout}, which keeps only the fields the
 * spec's statistics need: a signal used for mean and std costs 36 bytes, one with all nine
 * statistics 112. Duplicate detection ({@link SeenSamples}) is exact and costs a few bytes per
 * signal for steadily sampled signals, about one byte per sample for jittered timestamps. Samples
 * of signals the spec does not use are only counted.
 *
 * <p>Read statistics through {@link #stats(StatsLayout, int)}; update through {@link
 * FeatureAggregateFunction}. A Flink POJO (public fields, no-arg constructor) so it serializes
 * without Kryo; the fields are public only for that.
 */
public class FeatureAccumulator {

    /** The asset type, set by the first sample; null while empty. */
    public String assetType;

    /** Integer statistic fields (sample counts), laid out by {@link StatsLayout}. */
    public int[] ints;

    /** Timestamp statistic fields, laid out by {@link StatsLayout}. */
    public long[] longs;

    /** Floating-point statistic fields, laid out by {@link StatsLayout}. */
    public double[] doubles;

    /** Samples of spec signals seen, for duplicate detection; null when detection is off. */
    public SeenSamples seen;

    /** Samples of the asset in the window, all signals and qualities, duplicates excluded. */
    public int sampleCount;

    /** Samples dropped because a sample of the same signal and timestamp came before. */
    public int duplicateSamples;

    public FeatureAccumulator() {}

    /** Prepares an empty accumulator for an asset of {@code assetType} with {@code layout}. */
    void initialise(String assetType, StatsLayout layout, boolean deduplicate) {
        this.assetType = assetType;
        ints = new int[layout.intSlots()];
        longs = new long[layout.longSlots()];
        doubles = new double[layout.doubleSlots()];
        seen = deduplicate ? SeenSamples.forSignals(layout.signalCount()) : null;
    }

    /**
     * Records that a sample of signal {@code signalIndex} at {@code timestamp} arrived.
     *
     * @return false if one with the same signal and timestamp arrived before (a duplicate); always
     *     true when duplicate detection is off
     */
    boolean markSeen(int signalIndex, long timestamp) {
        return seen == null || seen.add(signalIndex, timestamp);
    }

    /** Adds one sample of signal {@code s}, using {@code work} as scratch space. */
    void addSample(
            StatsLayout layout,
            int s,
            long timestamp,
            double value,
            boolean goodQuality,
            boolean usedForFeatures,
            SignalStats work) {
        layout.load(s, ints, longs, doubles, work);
        work.add(timestamp, value, goodQuality, usedForFeatures);
        layout.store(s, work, ints, longs, doubles);
    }

    /** The statistics of signal {@code s}: a new instance, independent of this accumulator. */
    public SignalStats stats(StatsLayout layout, int s) {
        SignalStats stats = new SignalStats();
        layout.load(s, ints, longs, doubles, stats);
        return stats;
    }

    /** All samples of signal {@code s}, used or not, duplicates excluded. */
    int totalSamples(StatsLayout layout, int s) {
        return layout.totalSamples(s, ints);
    }

    /**
     * Adds {@code other} (a partial accumulator of the same asset and window) into this one. Pairs
     * seen by both sides are counted by both (partials of merging windows hold different samples).
     */
    void merge(StatsLayout layout, FeatureAccumulator other) {
        if (other.assetType == null) {
            return;
        }
        if (assetType == null) {
            assetType = other.assetType;
            ints = other.ints.clone();
            longs = other.longs.clone();
            doubles = other.doubles.clone();
            if (other.seen != null) {
                seen = SeenSamples.forSignals(layout.signalCount());
                seen.addAll(other.seen);
            }
        } else {
            SignalStats mine = new SignalStats();
            SignalStats theirs = new SignalStats();
            for (int s = 0; s < layout.signalCount(); s++) {
                layout.load(s, ints, longs, doubles, mine);
                layout.load(s, other.ints, other.longs, other.doubles, theirs);
                mine.merge(theirs);
                layout.store(s, mine, ints, longs, doubles);
            }
            if (seen != null && other.seen != null) {
                seen.addAll(other.seen);
            }
        }
        sampleCount += other.sampleCount;
        duplicateSamples += other.duplicateSamples;
    }
}
