package io.flowcast.stream.drift;

import java.io.Serializable;
import java.time.Duration;

/**
 * Thresholds and cadence of the {@link DriftDetector}; immutable, checked on construction.
 *
 * <ul>
 *   <li>{@code samplePredictions}: the evaluation sample, the most recent this many predictions of
 *       one model version; the detector evaluates it once per window end (when the first prediction
 *       of a later window arrives), so detection is counted in windows whatever the fleet size;
 *   <li>{@code minSamples}: a metric is evaluated only if the sample holds at least this many
 *       usable values (present values of the feature for PSI, residuals for the residual metrics,
 *       records for the missing rate); an evaluation below it neither breaches nor clears;
 *   <li>{@code psiMinSamples}: PSI needs more: on {@code n} values drawn from the baseline itself
 *       it is about {@code (bins - 1) / n} by sampling noise alone (0.09 at 100 values and 10 bins,
 *       0.02 at 400), so a feature's PSI is evaluated only on at least this many present values;
 *   <li>{@code consecutiveBreaches} (K): an event needs K breaching evaluations in a row of the
 *       same metric and feature; after the event the metric must evaluate below its threshold once
 *       before it can raise another (one event per drift episode);
 *   <li>thresholds: {@code psiThreshold} (PSI above), {@code missingRateThreshold} (absolute change
 *       above), {@code pageHinkleyLambda} with allowance {@code pageHinkleyDelta} (statistic above
 *       lambda), {@code rmseRatioThreshold} (ratio above); {@code psiEpsilon} is the PSI smoothing.
 * </ul>
 */
public final class DriftConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_SAMPLE_PREDICTIONS = 500;
    public static final int DEFAULT_MIN_SAMPLES = 100;
    public static final int DEFAULT_PSI_MIN_SAMPLES = 400;
    public static final Duration DEFAULT_PSI_HORIZON = Duration.ofHours(24);

    /** The PSI horizon is kept as this many equal time buckets. */
    public static final int PSI_BUCKETS = 24;

    public static final int DEFAULT_CONSECUTIVE_BREACHES = 2;
    public static final double DEFAULT_PSI_THRESHOLD = 0.2;
    public static final double DEFAULT_PSI_EPSILON = 1e-4;
    public static final double DEFAULT_MISSING_RATE_THRESHOLD = 0.1;
    public static final double DEFAULT_PAGE_HINKLEY_DELTA = 0.5;
    public static final double DEFAULT_PAGE_HINKLEY_LAMBDA = 25;
    public static final double DEFAULT_RMSE_RATIO_THRESHOLD = 1.5;

    private final int samplePredictions;
    private final int minSamples;
    private final int psiMinSamples;
    private final Duration psiHorizon;
    private final int consecutiveBreaches;
    private final double psiThreshold;
    private final double psiEpsilon;
    private final double missingRateThreshold;
    private final double pageHinkleyDelta;
    private final double pageHinkleyLambda;
    private final double rmseRatioThreshold;

    public DriftConfig(
            int samplePredictions,
            int minSamples,
            int psiMinSamples,
            Duration psiHorizon,
            int consecutiveBreaches,
            double psiThreshold,
            double psiEpsilon,
            double missingRateThreshold,
            double pageHinkleyDelta,
            double pageHinkleyLambda,
            double rmseRatioThreshold) {
        positive(samplePredictions, "sample.predictions");
        positive(minSamples, "min.samples");
        positive(psiMinSamples, "psi.min.samples");
        positive(consecutiveBreaches, "consecutive.breaches");
        if (psiHorizon == null || psiHorizon.toMillis() < PSI_BUCKETS) {
            throw new IllegalArgumentException(
                    "psi.horizon must be at least " + PSI_BUCKETS + " ms but is " + psiHorizon);
        }
        if (minSamples > samplePredictions) {
            throw new IllegalArgumentException(
                    "min.samples ("
                            + minSamples
                            + ") must not exceed sample.predictions ("
                            + samplePredictions
                            + "): no evaluation could ever have enough samples");
        }
        if (psiMinSamples > samplePredictions) {
            throw new IllegalArgumentException(
                    "psi.min.samples ("
                            + psiMinSamples
                            + ") must not exceed sample.predictions ("
                            + samplePredictions
                            + "): PSI could never be evaluated");
        }
        positive(psiThreshold, "psi.threshold");
        if (!(psiEpsilon > 0 && psiEpsilon < 0.01)) {
            throw new IllegalArgumentException(
                    "psi.epsilon must be above 0 and below 0.01 but is " + psiEpsilon);
        }
        if (!(missingRateThreshold > 0 && missingRateThreshold < 1)) {
            throw new IllegalArgumentException(
                    "missing.rate.threshold must be above 0 and below 1 but is "
                            + missingRateThreshold);
        }
        positive(pageHinkleyDelta, "page.hinkley.delta");
        positive(pageHinkleyLambda, "page.hinkley.lambda");
        if (!(rmseRatioThreshold > 1) || Double.isInfinite(rmseRatioThreshold)) {
            throw new IllegalArgumentException(
                    "rmse.ratio.threshold must be above 1 but is " + rmseRatioThreshold);
        }
        this.samplePredictions = samplePredictions;
        this.minSamples = minSamples;
        this.psiMinSamples = psiMinSamples;
        this.psiHorizon = psiHorizon;
        this.consecutiveBreaches = consecutiveBreaches;
        this.psiThreshold = psiThreshold;
        this.psiEpsilon = psiEpsilon;
        this.missingRateThreshold = missingRateThreshold;
        this.pageHinkleyDelta = pageHinkleyDelta;
        this.pageHinkleyLambda = pageHinkleyLambda;
        this.rmseRatioThreshold = rmseRatioThreshold;
    }

    /** All defaults (the {@code DEFAULT_*} constants). */
    public static DriftConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void positive(double value, String key) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(key + " must be above zero but is " + value);
        }
    }

    public int samplePredictions() {
        return samplePredictions;
    }

    public int minSamples() {
        return minSamples;
    }

    public int psiMinSamples() {
        return psiMinSamples;
    }

    public Duration psiHorizon() {
        return psiHorizon;
    }

    /** The length of one PSI time bucket, ms. */
    public long psiBucketMillis() {
        return psiHorizon.toMillis() / PSI_BUCKETS;
    }

    public int consecutiveBreaches() {
        return consecutiveBreaches;
    }

    public double psiThreshold() {
        return psiThreshold;
    }

    public double psiEpsilon() {
        return psiEpsilon;
    }

    public double missingRateThreshold() {
        return missingRateThreshold;
    }

    public double pageHinkleyDelta() {
        return pageHinkleyDelta;
    }

    public double pageHinkleyLambda() {
        return pageHinkleyLambda;
    }

    public double rmseRatioThreshold() {
        return rmseRatioThreshold;
    }

    /** The threshold of a metric. */
    public double threshold(DriftMetric metric) {
        switch (metric) {
            case PSI:
                return psiThreshold;
            case MISSING_RATE_CHANGE:
                return missingRateThreshold;
            case RESIDUAL_PAGE_HINKLEY:
                return pageHinkleyLambda;
            case RESIDUAL_RMSE_RATIO:
                return rmseRatioThreshold;
            default:
                throw new IllegalArgumentException("unknown metric " + metric);
        }
    }

    @Override
    public String toString() {
        return "DriftConfig{samplePredictions="
                + samplePredictions
                + ", minSamples="
                + minSamples
                + ", psiMinSamples="
                + psiMinSamples
                + ", psiHorizon="
                + psiHorizon
                + ", consecutiveBreaches="
                + consecutiveBreaches
                + ", psi>"
                + psiThreshold
                + " (epsilon "
                + psiEpsilon
                + "), |missingRateChange|>"
                + missingRateThreshold
                + ", pageHinkley delta="
                + pageHinkleyDelta
                + " lambda="
                + pageHinkleyLambda
                + ", rmseRatio>"
                + rmseRatioThreshold
                + "}";
    }

    /** Starts from the defaults; {@link #build()} checks the whole. */
    public static final class Builder {
        private int samplePredictions = DEFAULT_SAMPLE_PREDICTIONS;
        private int minSamples = DEFAULT_MIN_SAMPLES;
        private int psiMinSamples = DEFAULT_PSI_MIN_SAMPLES;
        private Duration psiHorizon = DEFAULT_PSI_HORIZON;
        private int consecutiveBreaches = DEFAULT_CONSECUTIVE_BREACHES;
        private double psiThreshold = DEFAULT_PSI_THRESHOLD;
        private double psiEpsilon = DEFAULT_PSI_EPSILON;
        private double missingRateThreshold = DEFAULT_MISSING_RATE_THRESHOLD;
        private double pageHinkleyDelta = DEFAULT_PAGE_HINKLEY_DELTA;
        private double pageHinkleyLambda = DEFAULT_PAGE_HINKLEY_LAMBDA;
        private double rmseRatioThreshold = DEFAULT_RMSE_RATIO_THRESHOLD;

        private Builder() {}

        public Builder samplePredictions(int value) {
            samplePredictions = value;
            return this;
        }

        public Builder minSamples(int value) {
            minSamples = value;
            return this;
        }

        public Builder psiMinSamples(int value) {
            psiMinSamples = value;
            return this;
        }

        public Builder psiHorizon(Duration value) {
            psiHorizon = value;
            return this;
        }

        public Builder consecutiveBreaches(int value) {
            consecutiveBreaches = value;
            return this;
        }

        public Builder psiThreshold(double value) {
            psiThreshold = value;
            return this;
        }

        public Builder psiEpsilon(double value) {
            psiEpsilon = value;
            return this;
        }

        public Builder missingRateThreshold(double value) {
            missingRateThreshold = value;
            return this;
        }

        public Builder pageHinkleyDelta(double value) {
            pageHinkleyDelta = value;
            return this;
        }

        public Builder pageHinkleyLambda(double value) {
            pageHinkleyLambda = value;
            return this;
        }

        public Builder rmseRatioThreshold(double value) {
            rmseRatioThreshold = value;
            return this;
        }

        public DriftConfig build() {
            return new DriftConfig(
                    samplePredictions,
                    minSamples,
                    psiMinSamples,
                    psiHorizon,
                    consecutiveBreaches,
                    psiThreshold,
                    psiEpsilon,
                    missingRateThreshold,
                    pageHinkleyDelta,
                    pageHinkleyLambda,
                    rmseRatioThreshold);
        }
    }
}
