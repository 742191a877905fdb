package io.flowcast.stream.local.sagemaker;

/**
 * A batch of feature rows in row-major order, as one request carries them to the model: {@code rows
 * * columns} values, {@link Float#NaN} for a missing value. Holds the array it is given (no copy);
 * treat it as read-only.
 */
public final class FeatureRows {

    private final float[] values;
    private final int rows;
    private final int columns;

    /** Wraps {@code values}, which must hold exactly {@code rows * columns} entries. */
    public FeatureRows(float[] values, int rows, int columns) {
        if (rows < 0 || columns < 1) {
            throw new IllegalArgumentException(
                    "need rows >= 0 and columns >= 1, got " + rows + " x " + columns);
        }
        if (values.length != (long) rows * columns) {
            throw new IllegalArgumentException(
                    "expected " + rows * columns + " values, got " + values.length);
        }
        this.values = values;
        this.rows = rows;
        this.columns = columns;
    }

    /** The values, row after row. */
    public float[] values() {
        return values;
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    /** The value at {@code row}, {@code column}. */
    public float get(int row, int column) {
        return values[row * columns + column];
    }
}
