package io.flowcast.stream.drift;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One feature's baseline histogram: the bins the trainer wrote as {@code distribution.kll.buckets}
 * ({@code [lower_bound, upper_bound)}, the last one closed) with their training counts, and the
 * rule that puts a live value into the same bins.
 *
 * <p>A live value below the first bin goes to the first bin, above the last to the last bin, so the
 * bins cover the whole line (the population stability index then sees a shifted feature as mass
 * piling up at an edge). Zero-width buckets (a rounding artefact) are merged into their neighbour.
 * A feature that was constant in training ({@code min == max}) gets three bins: below, equal to,
 * and above that value, so a constant that moves is still visible.
 */
public final class BaselineBins implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Bin {@code i} holds values in {@code [cuts[i-1], cuts[i])}; n bins have n-1 cuts. */
    private final double[] cuts;

    private final long[] counts;

    private BaselineBins(double[] cuts, long[] counts) {
        this.cuts = cuts;
        this.counts = counts;
    }

    /**
     * Bins from consecutive buckets.
     *
     * @param lower each bucket's lower bound, non-decreasing
     * @param upper each bucket's upper bound, {@code >= lower}, equal to the next lower bound
     * @param count each bucket's training count, {@code >= 0}, not all zero
     * @throws IllegalArgumentException on anything else, saying which bucket is wrong
     */
    public static BaselineBins of(double[] lower, double[] upper, long[] count) {
        if (lower.length == 0 || lower.length != upper.length || lower.length != count.length) {
            throw new IllegalArgumentException(
                    "expected at least one bucket with a lower bound, an upper bound and a count");
        }
        long total = 0;
        for (int b = 0; b < lower.length; b++) {
            if (!Double.isFinite(lower[b]) || !Double.isFinite(upper[b])) {
                throw new IllegalArgumentException("bucket " + b + " has a non-finite bound");
            }
            if (upper[b] < lower[b]) {
                throw new IllegalArgumentException(
                        "bucket "
                                + b
                                + " has upper_bound "
                                + upper[b]
                                + " < lower_bound "
                                + lower[b]);
            }
            if (b > 0 && !closeTo(lower[b], upper[b - 1])) {
                throw new IllegalArgumentException(
                        "bucket "
                                + b
                                + " starts at "
                                + lower[b]
                                + " but bucket "
                                + (b - 1)
                                + " ends at "
                                + upper[b - 1]);
            }
            if (count[b] < 0) {
                throw new IllegalArgumentException("bucket " + b + " has a negative count");
            }
            total += count[b];
        }
        if (total == 0) {
            throw new IllegalArgumentException("all buckets are empty");
        }
        List<Double> keptCuts = new ArrayList<>();
        List<Long> keptCounts = new ArrayList<>();
        long pending = 0; // zero-width buckets before the first real one
        for (int b = 0; b < lower.length; b++) {
            if (upper[b] > lower[b]) {
                if (!keptCounts.isEmpty()) {
                    keptCuts.add(lower[b]);
                }
                keptCounts.add(count[b] + pending);
                pending = 0;
            } else if (keptCounts.isEmpty()) {
                pending += count[b];
            } else {
                int last = keptCounts.size() - 1;
                keptCounts.set(last, keptCounts.get(last) + count[b]);
            }
        }
        if (keptCounts.isEmpty()) {
            double c = lower[0];
            return new BaselineBins(new double[] {c, Math.nextUp(c)}, new long[] {0, total, 0});
        }
        double[] cuts = new double[keptCuts.size()];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = keptCuts.get(i);
        }
        long[] counts = new long[keptCounts.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = keptCounts.get(i);
        }
        return new BaselineBins(cuts, counts);
    }

    private static boolean closeTo(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
    }

    /** Number of bins. */
    public int size() {
        return counts.length;
    }

    /** The bin of a live value; values outside the baseline's range go to the edge bins. */
    public int binOf(double value) {
        int i = Arrays.binarySearch(cuts, value);
        // An exact cut starts the bin to its right; otherwise the insertion point is the bin.
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** Training counts per bin (a copy). */
    public long[] counts() {
        return counts.clone();
    }

    /** Inner cut points (a copy): bin {@code i} is {@code [cuts[i-1], cuts[i])}. */
    public double[] cuts() {
        return cuts.clone();
    }

    /** The lower edge of bin {@code i} (negative infinity for the first). */
    public double lowerEdge(int i) {
        return i == 0 ? Double.NEGATIVE_INFINITY : cuts[i - 1];
    }

    /** The upper edge of bin {@code i} (positive infinity for the last). */
    public double upperEdge(int i) {
        return i == cuts.length ? Double.POSITIVE_INFINITY : cuts[i];
    }
}
