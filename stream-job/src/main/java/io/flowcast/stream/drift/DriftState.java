package io.flowcast.stream.drift;

/**
 * Everything a {@link DriftDetector} remembers about one model version between predictions: the
 * evaluation sample (a ring of its most recent predictions), the Page-Hinkley sums, and the
 * hysteresis of every metric. A Flink POJO of primitive arrays (no Kryo), meant for a {@code
 * ValueState} keyed by asset type and model version; create it with {@link
 * DriftDetector#newState()}.
 *
 * <p>Sample ring of {@code N} slots ({@code N} = {@link DriftConfig#samplePredictions()}): slot
 * {@code i} holds a prediction's bin index of every feature at {@code sampleBins[i * F + f]}
 * ({@link DriftDetector#MISSING} for a missing value, {@link DriftDetector#UNBINNED} for a present
 * value of a feature without baseline bins), its residual ({@code NaN} without one) and its window
 * end.
 *
 * <p>Metric slots ({@code streak}, {@code streakFirstWindowEnd}, {@code inEpisode}): {@code f} is
 * feature f's PSI, {@code F + f} its missing-rate change, {@code 2F} the residual Page-Hinkley test
 * and {@code 2F + 1} the residual RMSE ratio, for {@code F} features.
 */
public class DriftState {

    public String assetType;
    public String modelVersion;

    /** The latest window end seen, epoch ms; {@link DriftDetector#NONE} before the first. */
    public long currentWindowEnd;

    /** Predictions seen, and evaluations made. */
    public long predictions;

    public long evaluations;

    /** Filled slots of the sample ring, and the slot the next prediction goes to. */
    public int sampleSize;

    public int sampleNext;

    public int[] sampleBins;
    public double[] sampleResiduals;
    public long[] sampleWindowEnds;

    /**
     * PSI's time buckets ({@link DriftConfig#PSI_BUCKETS} of them): bucket slot {@code b} holds the
     * bin counts of every feature, concatenated in feature order, at {@code psiCounts[b * T + i]}
     * for {@code T} bins in all, for the bucket number {@code psiBucket[b]} (window end divided by
     * the bucket length; -1 = empty).
     */
    public long[] psiCounts;

    public long[] psiBucket;

    /** The first PSI bucket number this version had data in, -1 before any. */
    public long psiFirstBucket;

    /** The Page-Hinkley test's sums, over every residual of this version. */
    public double pageHinkleyUp;

    public double pageHinkleyDown;

    /**
     * Where each sum last left zero: the window end of the first residual of its current excursion
     * (the test's estimate of when a change began), or {@link DriftDetector#NONE} while it is 0.
     */
    public long pageHinkleyUpSince;

    public long pageHinkleyDownSince;

    /** Per metric slot: consecutive breaching evaluations (0 during an episode). */
    public int[] streak;

    /** Per metric slot: the window end of the current streak's first evaluation. */
    public long[] streakFirstWindowEnd;

    /** Per metric slot: an event was raised and the metric has not fallen back yet. */
    public boolean[] inEpisode;

    public DriftState() {}
}
