package io.flowcast.training.xgboost;

/**
 * Accuracy of a regression model on a set of rows: RMSE, MAE, R² (against predicting that set's own
 * mean), and the mean and sample standard deviation of the residuals (actual minus predicted).
 * Immutable.
 */
public final class RegressionMetrics {

    private final int count;
    private final double rmse;
    private final double mae;
    private final double r2;
    private final double residualMean;
    private final double residualStd;

    private RegressionMetrics(
            int count,
            double rmse,
            double mae,
            double r2,
            double residualMean,
            double residualStd) {
        this.count = count;
        this.rmse = rmse;
        this.mae = mae;
        this.r2 = r2;
        this.residualMean = residualMean;
        this.residualStd = residualStd;
    }

    /**
     * The metrics of {@code predicted} against {@code actual}.
     *
     * @throws IllegalArgumentException if the arrays differ in length or are empty
     */
    public static RegressionMetrics of(double[] actual, double[] predicted) {
        if (actual.length != predicted.length || actual.length == 0) {
            throw new IllegalArgumentException(
                    "need equally long, non-empty arrays, got "
                            + actual.length
                            + " and "
                            + predicted.length);
        }
        int n = actual.length;
        double actualMean = 0;
        double residualMean = 0;
        for (int i = 0; i < n; i++) {
            actualMean += actual[i] / n;
            residualMean += (actual[i] - predicted[i]) / n;
        }
        double squares = 0;
        double absolutes = 0;
        double total = 0;
        double residualSpread = 0;
        for (int i = 0; i < n; i++) {
            double r = actual[i] - predicted[i];
            squares += r * r;
            absolutes += Math.abs(r);
            total += (actual[i] - actualMean) * (actual[i] - actualMean);
            residualSpread += (r - residualMean) * (r - residualMean);
        }
        double r2 = total > 0 ? 1 - squares / total : Double.NaN;
        double std = n > 1 ? Math.sqrt(residualSpread / (n - 1)) : 0.0;
        return new RegressionMetrics(
                n, Math.sqrt(squares / n), absolutes / n, r2, residualMean, std);
    }

    public int count() {
        return count;
    }

    public double rmse() {
        return rmse;
    }

    public double mae() {
        return mae;
    }

    /** 1 - SS_res / SS_tot; 0 is as good as predicting the mean, 1 is perfect; NaN if constant. */
    public double r2() {
        return r2;
    }

    public double residualMean() {
        return residualMean;
    }

    /** Sample standard deviation (n-1) of the residuals. */
    public double residualStd() {
        return residualStd;
    }

    @Override
    public String toString() {
        return String.format(
                java.util.Locale.ROOT,
                "n=%d rmse=%.4f mae=%.4f r2=%.4f residual mean=%.4f std=%.4f",
                count,
                rmse,
                mae,
                r2,
                residualMean,
                residualStd);
    }
}
