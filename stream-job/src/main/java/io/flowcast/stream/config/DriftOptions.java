package io.flowcast.stream.config;

import io.flowcast.stream.drift.DriftConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Options of the {@value #GROUP} property group: how often and how strictly the stream compares
 * each model version's live features and residuals with its training baseline.
 */
public final class DriftOptions {

    public static final String GROUP = "Drift";

    public static final ConfigOption<Boolean> ENABLED =
            ConfigOption.builder(GROUP, "enabled")
                    .type(OptionTypes.BOOLEAN)
                    .defaultValue(
                            true,
                            "Watch each model's features and residuals against its training"
                                    + " baseline (statistics.json/constraints.json beside the"
                                    + " model in Inference/model.registry).");

    public static final ConfigOption<Integer> SAMPLE_PREDICTIONS =
            ConfigOption.builder(GROUP, "sample.predictions")
                    .type(OptionTypes.POSITIVE_INT)
                    .defaultValue(
                            DriftConfig.DEFAULT_SAMPLE_PREDICTIONS,
                            "The evaluation sample: a model version's most recent this many"
                                    + " predictions, evaluated once per window end.");

    public static final ConfigOption<Integer> MIN_SAMPLES =
            ConfigOption.builder(GROUP, "min.samples")
                    .type(OptionTypes.POSITIVE_INT)
                    .defaultValue(
                            DriftConfig.DEFAULT_MIN_SAMPLES,
                            "A metric is evaluated only on at least this many values in the"
                                    + " sample (present feature values, residuals); at most"
                                    + " sample.predictions.");

    public static final ConfigOption<Integer> PSI_MIN_SAMPLES =
            ConfigOption.builder(GROUP, "psi.min.samples")
                    .type(OptionTypes.POSITIVE_INT)
                    .defaultValue(
                            DriftConfig.DEFAULT_PSI_MIN_SAMPLES,
                            "A feature's PSI is evaluated only on at least this many present"
                                    + " values: its sampling noise is about (bins - 1) / n;"
                                    + " at most sample.predictions.");

    public static final ConfigOption<Duration> PSI_HORIZON =
            ConfigOption.builder(GROUP, "psi.horizon")
                    .type(OptionTypes.DURATION_TYPE)
                    .defaultValue(
                            DriftConfig.DEFAULT_PSI_HORIZON,
                            "PSI compares this much event time of feature values with the"
                                    + " baseline (a whole day: plant signals cycle with it);"
                                    + " evaluated once a model version has served that long.");

    public static final ConfigOption<Integer> CONSECUTIVE_BREACHES =
            ConfigOption.builder(GROUP, "consecutive.breaches")
                    .type(OptionTypes.POSITIVE_INT)
                    .defaultValue(
                            DriftConfig.DEFAULT_CONSECUTIVE_BREACHES,
                            "Consecutive breaching evaluations before a drift event; the metric"
                                    + " must fall below its threshold before the next one.");

    public static final ConfigOption<Double> PSI_THRESHOLD =
            ConfigOption.builder(GROUP, "psi.threshold")
                    .type(OptionTypes.POSITIVE_NUMBER)
                    .defaultValue(
                            DriftConfig.DEFAULT_PSI_THRESHOLD,
                            "Population stability index of a feature, on the baseline's bins,"
                                    + " above which it breaches.");

    public static final ConfigOption<Double> PSI_EPSILON =
            ConfigOption.builder(GROUP, "psi.epsilon")
                    .type(OptionTypes.POSITIVE_NUMBER)
                    .defaultValue(
                            DriftConfig.DEFAULT_PSI_EPSILON,
                            "Additive smoothing of bin shares so an empty bin has a finite"
                                    + " index; below 0.01.");

    public static final ConfigOption<Double> MISSING_RATE_THRESHOLD =
            ConfigOption.builder(GROUP, "missing.rate.threshold")
                    .type(OptionTypes.POSITIVE_NUMBER)
                    .defaultValue(
                            DriftConfig.DEFAULT_MISSING_RATE_THRESHOLD,
                            "Absolute change of a feature's missing rate (live minus"
                                    + " baseline) above which it breaches; below 1.");

    public static final ConfigOption<Double> PAGE_HINKLEY_DELTA =
            ConfigOption.builder(GROUP, "page.hinkley.delta")
                    .type(OptionTypes.POSITIVE_NUMBER)
                    .defaultValue(
                            DriftConfig.DEFAULT_PAGE_HINKLEY_DELTA,
                            "Page-Hinkley allowance, in baseline residual standard deviations:"
                                    + " smaller residual mean shifts are ignored.");

    public static final ConfigOption<Double> PAGE_HINKLEY_LAMBDA =
            ConfigOption.builder(GROUP, "page.hinkley.lambda")
                    .type(OptionTypes.POSITIVE_NUMBER)
                    .defaultValue(
                            DriftConfig.DEFAULT_PAGE_HINKLEY_LAMBDA,
                            "Page-Hinkley threshold on the standardised residuals' cumulative"
                                    + " deviation.");

    public static final ConfigOption<Double> RMSE_RATIO_THRESHOLD =
            ConfigOption.builder(GROUP, "rmse.ratio.threshold")
                    .type(OptionTypes.POSITIVE_NUMBER)
                    .defaultValue(
                            DriftConfig.DEFAULT_RMSE_RATIO_THRESHOLD,
                            "Live residual RMSE over the hold-out RMSE above which it breaches;"
                                    + " above 1.");

    public static final List<ConfigOption<?>> ALL =
            List.of(
                    ENABLED,
                    SAMPLE_PREDICTIONS,
                    MIN_SAMPLES,
                    PSI_MIN_SAMPLES,
                    PSI_HORIZON,
                    CONSECUTIVE_BREACHES,
                    PSI_THRESHOLD,
                    PSI_EPSILON,
                    MISSING_RATE_THRESHOLD,
                    PAGE_HINKLEY_DELTA,
                    PAGE_HINKLEY_LAMBDA,
                    RMSE_RATIO_THRESHOLD);

    private DriftOptions() {}

    /** The drift thresholds, or empty when {@code enabled=false}. */
    public static Optional<DriftConfig> readIfEnabled(PropertyGroups groups) {
        return groups.get(ENABLED) ? Optional.of(read(groups)) : Optional.empty();
    }

    /** Reads the group; values that contradict each other fail naming the group. */
    public static DriftConfig read(PropertyGroups groups) {
        try {
            return new DriftConfig(
                    groups.get(SAMPLE_PREDICTIONS),
                    groups.get(MIN_SAMPLES),
                    groups.get(PSI_MIN_SAMPLES),
                    groups.get(PSI_HORIZON),
                    groups.get(CONSECUTIVE_BREACHES),
                    groups.get(PSI_THRESHOLD),
                    groups.get(PSI_EPSILON),
                    groups.get(MISSING_RATE_THRESHOLD),
                    groups.get(PAGE_HINKLEY_DELTA),
                    groups.get(PAGE_HINKLEY_LAMBDA),
                    groups.get(RMSE_RATIO_THRESHOLD));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Property group '" + GROUP + "': " + e.getMessage(), e);
        }
    }
}
