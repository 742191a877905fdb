package io.flowcast.training.xgboost;

import io.flowcast.training.history.FeatureRow;
import io.flowcast.training.history.FeatureTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * How rows are divided into a training set and a held-out set for the metrics.
 *
 * <p>{@link #TIME} (the default) holds out the latest windows: the model is judged on a period it
 * has not seen, as it will be in production, and neighbouring windows (whose features overlap in
 * slow signals such as temperature) cannot sit on both sides. {@link #RANDOM} holds out a seeded
 * random share of rows, which reads better than it generalises for time series.
 */
public enum HoldOutSplit {
    /** The windows from a cut-off time on, across all assets. */
    TIME,
    /** A random share of rows, from a seeded generator. */
    RANDOM;

    /** The two parts of a table. */
    public static final class Parts {
        private final FeatureTable train;
        private final FeatureTable holdOut;

        Parts(FeatureTable train, FeatureTable holdOut) {
            this.train = train;
            this.holdOut = holdOut;
        }

        public FeatureTable train() {
            return train;
        }

        public FeatureTable holdOut() {
            return holdOut;
        }
    }

    /**
     * Splits {@code table}.
     *
     * @param fraction share of rows (RANDOM) or of distinct window starts (TIME) held out, in (0,
     *     1)
     * @param seed used by RANDOM only
     * @throws IllegalArgumentException if the fraction is out of range or a part would be empty
     */
    public Parts split(FeatureTable table, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException(
                    "hold-out fraction must be between 0 and 1, got " + fraction);
        }
        List<FeatureRow> train = new ArrayList<>();
        List<FeatureRow> holdOut = new ArrayList<>();
        if (this == TIME) {
            TreeSet<Long> starts = new TreeSet<>();
            for (FeatureRow row : table.rows()) {
                starts.add(row.windowStart());
            }
            int keep = (int) Math.round(starts.size() * (1 - fraction));
            long cut = keep >= starts.size() ? Long.MAX_VALUE : new ArrayList<>(starts).get(keep);
            for (FeatureRow row : table.rows()) {
                (row.windowStart() >= cut ? holdOut : train).add(row);
            }
        } else {
            Random random = new Random(seed);
            for (FeatureRow row : table.rows()) {
                (random.nextDouble() < fraction ? holdOut : train).add(row);
            }
        }
        if (train.isEmpty() || holdOut.isEmpty()) {
            throw new IllegalArgumentException(
                    "a "
                            + this
                            + " split of "
                            + table.size()
                            + " "
                            + table.assetType()
                            + " rows with hold-out fraction "
                            + fraction
                            + " leaves a part empty; generate more history");
        }
        return new Parts(table.withRows(train), table.withRows(holdOut));
    }
}
