package io.flowcast.training.history;

import io.flowcast.stream.window.FeatureSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The training data of one asset type: its feature spec and the rows computed for it, in the order
 * they were produced (by window start, then asset). Immutable.
 */
public final class FeatureTable {

    private final FeatureSpec spec;
    private final List<FeatureRow> rows;

    /**
     * @throws IllegalArgumentException if a row's width differs from the spec's feature count
     */
    public FeatureTable(FeatureSpec spec, List<FeatureRow> rows) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.rows = Collections.unmodifiableList(new ArrayList<>(rows));
        for (FeatureRow row : this.rows) {
            if (row.width() != spec.featureCount()) {
                throw new IllegalArgumentException(
                        "row "
                                + row
                                + " has "
                                + row.width()
                                + " features; the "
                                + spec.assetType()
                                + " spec has "
                                + spec.featureCount());
            }
        }
    }

    public FeatureSpec spec() {
        return spec;
    }

    public String assetType() {
        return spec.assetType();
    }

    /** Feature names in spec order, e.g. {@code Load.mean}. */
    public List<String> featureNames() {
        return spec.featureNames();
    }

    /** The target's name, e.g. {@code BearingTemp.mean}. */
    public String targetName() {
        return spec.target().name();
    }

    public List<FeatureRow> rows() {
        return rows;
    }

    public int size() {
        return rows.size();
    }

    /** The same spec with only the given rows. */
    public FeatureTable withRows(List<FeatureRow> subset) {
        return new FeatureTable(spec, subset);
    }

    /** Row-major features of all rows, for a dense XGBoost matrix; NaN = missing. */
    public float[] denseFeatures() {
        int width = spec.featureCount();
        float[] out = new float[rows.size() * width];
        for (int r = 0; r < rows.size(); r++) {
            FeatureRow row = rows.get(r);
            for (int c = 0; c < width; c++) {
                out[r * width + c] = row.feature(c);
            }
        }
        return out;
    }

    /** The targets of all rows, as XGBoost labels. */
    public float[] labels() {
        float[] out = new float[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            out[r] = (float) rows.get(r).target();
        }
        return out;
    }
}
