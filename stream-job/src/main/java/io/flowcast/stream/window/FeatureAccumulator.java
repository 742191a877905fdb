package io.flowcast.stream.window;

import java.util.Arrays;

/**
 * The state of one asset's window while it is open: a {@link SignalStats} per signal of the asset
 * type's feature spec, plus counters, plus what is needed to drop duplicates.
 *
 * <p>State grows with the number of signals (about 100 bytes each), and by 8 bytes per distinct
 * (signal, timestamp) for duplicate detection: gateways resend messages after a reconnect, and a
 * resent sample must count once. Detection is exact for the spec's signals; samples of signals the
 * spec does not use are only counted.
 *
 * <p>A Flink POJO (public fields, no-arg constructor) so it serializes without Kryo.
 */
public class FeatureAccumulator {

    /** Capacity step of {@link #seen}: at most this many unused slots are stored. */
    private static final int GROWTH = 64;

    /** The asset type, set by the first sample; null while empty. */
    public String assetType;

    /** Statistics per signal, aligned with {@link FeatureSpec#signals()}. */
    public SignalStats[] signals;

    /**
     * Sorted keys {@code timestamp << 8 | signalIndex} of samples seen; first {@link #seenCount}.
     */
    public long[] seen;

    public int seenCount;

    /** Samples of the asset in the window, all signals and qualities, duplicates excluded. */
    public int sampleCount;

    /** Samples dropped because a sample of the same signal and timestamp came before. */
    public int duplicateSamples;

    public FeatureAccumulator() {}

    /** Prepares an empty accumulator for an asset of {@code spec}'s type. */
    void initialise(FeatureSpec spec, boolean deduplicate) {
        assetType = spec.assetType();
        signals = new SignalStats[spec.signals().size()];
        for (int i = 0; i < signals.length; i++) {
            signals[i] = new SignalStats();
        }
        seen = new long[deduplicate ? GROWTH : 0];
        seenCount = 0;
    }

    /**
     * Records that a sample of signal {@code signalIndex} at {@code timestamp} arrived.
     *
     * @return false if one with the same signal and timestamp arrived before (a duplicate)
     */
    boolean markSeen(int signalIndex, long timestamp) {
        long key = (timestamp << 8) | signalIndex;
        // Samples mostly arrive in time order: look at the end first.
        if (seenCount == 0 || seen[seenCount - 1] < key) {
            append(seenCount, key);
            return true;
        }
        int at = Arrays.binarySearch(seen, 0, seenCount, key);
        if (at >= 0) {
            return false;
        }
        append(-at - 1, key);
        return true;
    }

    private void append(int index, long key) {
        if (seenCount == seen.length) {
            // Grow in small steps, not by doubling: state backends serialize the whole array, so
            // unused capacity would be written with every state update.
            seen = Arrays.copyOf(seen, seen.length + GROWTH);
        }
        System.arraycopy(seen, index, seen, index + 1, seenCount - index);
        seen[index] = key;
        seenCount++;
    }

    /** Adds {@code other} (a partial accumulator of the same asset and window) into this one. */
    void merge(FeatureAccumulator other) {
        if (other.assetType == null) {
            return;
        }
        if (assetType == null) {
            assetType = other.assetType;
            signals = new SignalStats[other.signals.length];
            for (int i = 0; i < signals.length; i++) {
                signals[i] = other.signals[i].copy();
            }
            seen = Arrays.copyOf(other.seen, other.seenCount);
            seenCount = other.seenCount;
        } else {
            for (int i = 0; i < signals.length; i++) {
                signals[i].merge(other.signals[i]);
            }
            for (int i = 0; i < other.seenCount; i++) {
                long key = other.seen[i];
                markSeen((int) (key & 0xFF), key >> 8);
            }
        }
        sampleCount += other.sampleCount;
        duplicateSamples += other.duplicateSamples;
    }
}
