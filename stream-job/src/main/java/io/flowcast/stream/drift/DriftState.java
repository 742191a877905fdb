package io.flowcast.stream.drift;

/**
 * Everything a {@link DriftDetector} remembers about one model version between predictions: the
 * current block's counts, the Page-Hinkley sums, and the hysteresis of every metric. A Flink POJO
 * of primitive arrays (no Kryo), meant for a {@code ValueState} keyed by asset type and model
 * version; create it with {@link DriftDetector#newState()}.
 *
 * <p>Metric slots ({@code streak}, {@code streakFirstWindowEnd}, {@code streakSamples}, {@code
 * inEpisode}): {@code f} is feature f's PSI, {@code F + f} its missing-rate change, {@code 2F} the
 * residual Page-Hinkley test and {@code 2F + 1} the residual RMSE ratio, for {@code F} features.
 */
public class DriftState {

    public String assetType;
    public String modelVersion;

    /** Predictions in the current block. */
    public int blockCount;

    public long blockFirstWindowEnd;
    public long blockLastWindowEnd;

    /** Live bin counts of every feature, concatenated in feature order. */
    public long[] binCounts;

    /** Per feature: null values in the current block. */
    public long[] missing;

    /** Per feature: present values in the current block. */
    public long[] present;

    /** Residuals in the current block and their sum of squares. */
    public long residualCount;

    public double residualSumOfSquares;

    /** The Page-Hinkley test's sums (across blocks). */
    public double pageHinkleyUp;

    public double pageHinkleyDown;

    /** Evaluations so far. */
    public long evaluations;

    /** Per metric slot: consecutive breaching evaluations (0 during an episode). */
    public int[] streak;

    /** Per metric slot: the first window end of the current streak. */
    public long[] streakFirstWindowEnd;

    /** Per metric slot: values used over the current streak. */
    public long[] streakSamples;

    /** Per metric slot: an event was raised and the metric has not fallen back yet. */
    public boolean[] inEpisode;

    public DriftState() {}
}
