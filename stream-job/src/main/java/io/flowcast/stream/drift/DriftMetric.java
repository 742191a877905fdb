package io.flowcast.stream.drift;

/** What a {@link DriftEvent} measured. */
public enum DriftMetric {
    /** {@link PopulationStability} of one feature against its baseline bins. */
    PSI(true),
    /** {@link MissingRateChange} of one feature: live minus baseline missing rate. */
    MISSING_RATE_CHANGE(true),
    /** The two-sided {@link PageHinkley} statistic of the standardised residuals. */
    RESIDUAL_PAGE_HINKLEY(false),
    /** {@link ResidualRmseRatio}: live residual RMSE over the hold-out RMSE. */
    RESIDUAL_RMSE_RATIO(false);

    private final boolean perFeature;

    DriftMetric(boolean perFeature) {
        this.perFeature = perFeature;
    }

    /** Whether the metric is computed per feature (else on the residuals, feature null). */
    public boolean perFeature() {
        return perFeature;
    }
}
