package io.flowcast.stream.testing;

import io.flowcast.stream.drift.DriftEvent;

/**
 * Drift events for the sink tests, built the way {@code DriftDetector} builds them: every field
 * set, the episode id from {@link DriftEvent#episodeIdOf}.
 */
public final class SampleDriftEvents {

    /** 2026-11-22T04:00:00Z. */
    public static final long HOUR_04 = 1_795_320_000_000L;

    public static final long MINUTE = 60_000L;

    private SampleDriftEvents() {}

    /**
     * A PSI episode of {@code feature} on {@code assetType} model {@code version}: three breaching
     * one-minute evaluations whose last window ends at {@code lastWindowEnd}.
     */
    public static DriftEvent psi(
            String assetType, String version, String feature, long lastWindowEnd) {
        DriftEvent e = new DriftEvent();
        e.assetType = assetType;
        e.modelVersion = version;
        e.metric = "PSI";
        e.feature = feature;
        e.value = 0.873;
        e.threshold = 0.2;
        e.firstWindowEnd = lastWindowEnd - 2 * MINUTE;
        e.lastWindowEnd = lastWindowEnd;
        e.sampleCount = 5_000_000_123L;
        e.evaluations = 3;
        e.episodeId = idOf(e);
        return e;
    }

    /** A residual-RMSE-ratio episode (no feature) of {@code assetType} model {@code version}. */
    public static DriftEvent residualRmse(String assetType, String version, long lastWindowEnd) {
        DriftEvent e = new DriftEvent();
        e.assetType = assetType;
        e.modelVersion = version;
        e.metric = "RESIDUAL_RMSE_RATIO";
        e.feature = null;
        e.value = 1.75;
        e.threshold = 1.3;
        e.firstWindowEnd = lastWindowEnd - 4 * MINUTE;
        e.lastWindowEnd = lastWindowEnd;
        e.sampleCount = 240;
        e.evaluations = 2;
        e.episodeId = idOf(e);
        return e;
    }

    /** A field-by-field copy, as a replay would deliver the same event again. */
    public static DriftEvent copyOf(DriftEvent e) {
        DriftEvent c = new DriftEvent();
        c.episodeId = e.episodeId;
        c.assetType = e.assetType;
        c.modelVersion = e.modelVersion;
        c.metric = e.metric;
        c.feature = e.feature;
        c.value = e.value;
        c.threshold = e.threshold;
        c.firstWindowEnd = e.firstWindowEnd;
        c.lastWindowEnd = e.lastWindowEnd;
        c.sampleCount = e.sampleCount;
        c.evaluations = e.evaluations;
        return c;
    }

    private static String idOf(DriftEvent e) {
        return DriftEvent.episodeIdOf(
                e.assetType, e.modelVersion, e.metric, e.feature, e.firstWindowEnd);
    }
}
