package io.flowcast.stream.drift;

/**
 * The live residual RMSE over the training hold-out RMSE ({@code sqrt(mean^2 + std^2)} of the
 * baseline residuals). 1 means the model fits as well as it did on hold-out data; 1.5 means its
 * errors are 50% larger. Catches a loss of fit that a mean-shift test misses (noisier errors with
 * an unchanged mean).
 */
public final class ResidualRmseRatio {

    private ResidualRmseRatio() {}

    /**
     * @param sumOfSquares sum of the live residuals squared
     * @param count live residuals, {@code > 0}
     * @param baselineRmse above zero
     */
    public static double ratio(double sumOfSquares, long count, double baselineRmse) {
        if (count <= 0 || !(sumOfSquares >= 0)) {
            throw new IllegalArgumentException(
                    "expected residuals but got " + count + " with sum of squares " + sumOfSquares);
        }
        if (!(baselineRmse > 0)) {
            throw new IllegalArgumentException("baseline RMSE must be above zero");
        }
        return Math.sqrt(sumOfSquares / count) / baselineRmse;
    }
}
