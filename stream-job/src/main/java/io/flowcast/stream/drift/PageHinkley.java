package io.flowcast.stream.drift;

/**
 * A two-sided Page-Hinkley test for a change in the mean of standardised residuals {@code z = (r -
 * baselineMean) / baselineStd}, which are about N(0, 1) while the model fits.
 *
 * <p>The reference mean is the baseline's (0 after standardising), not a running mean, so a drift
 * that starts with the stream is still seen. In its recursive (CUSUM) form the two statistics are
 * {@code up = max(0, up + z - delta)} and {@code down = max(0, down - z - delta)}; the test
 * statistic is {@code max(up, down)} and signals a change when it exceeds {@code lambda}. {@code
 * delta} is the allowance: mean shifts smaller than it (in baseline standard deviations) are
 * ignored. A shift of {@code s > delta} is detected after about {@code lambda / (s - delta)}
 * residuals.
 *
 * <p>Each statistic is capped at {@code 2 * lambda}: after a long drift the test then falls back
 * below {@code lambda} within about {@code lambda / delta} residuals of recovery, so a drift
 * episode can end and the detector re-arms (an uncapped sum would take as long to fall as the drift
 * lasted).
 *
 * <p>Mutable; {@link #up()} and {@link #down()} are its whole state, restorable with {@link
 * #PageHinkley(double, double, double, double)}.
 */
public final class PageHinkley {

    private final double delta;
    private final double lambda;
    private double up;
    private double down;

    /** A test with no evidence yet. */
    public PageHinkley(double delta, double lambda) {
        this(delta, lambda, 0, 0);
    }

    /** A test restored from its state. */
    public PageHinkley(double delta, double lambda, double up, double down) {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("delta must be above zero but is " + delta);
        }
        if (!(lambda > 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be above zero but is " + lambda);
        }
        if (!(up >= 0 && down >= 0)) {
            throw new IllegalArgumentException("state must be non-negative");
        }
        this.delta = delta;
        this.lambda = lambda;
        this.up = up;
        this.down = down;
    }

    /** Adds one standardised residual; non-finite values are ignored. */
    public void add(double z) {
        if (!Double.isFinite(z)) {
            return;
        }
        double cap = 2 * lambda;
        up = Math.min(cap, Math.max(0, up + z - delta));
        down = Math.min(cap, Math.max(0, down - z - delta));
    }

    /** The test statistic, {@code max(up, down)}. */
    public double statistic() {
        return Math.max(up, down);
    }

    /** Whether the statistic exceeds lambda. */
    public boolean signals() {
        return statistic() > lambda;
    }

    public double up() {
        return up;
    }

    public double down() {
        return down;
    }

    public double lambda() {
        return lambda;
    }
}
