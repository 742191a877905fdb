package io.flowcast.stream.testing;

import io.flowcast.stream.inference.Prediction;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Predictions made from a sequence number, for sink tests and benchmarks: element {@code i} is the
 * prediction number {@code i % distinct} (so a sequence longer than {@code distinct} replays the
 * same predictions, with the same deterministic ids), one of 1,000 pumps on 4 sites, one-minute
 * windows from 2026-11-21T10:00Z, with five input features.
 */
public final class GeneratedPredictions implements GeneratorFunction<Long, Prediction> {
    private static final long serialVersionUID = 1L;

    /** 2026-11-21T10:00:00Z. */
    public static final long T0 = 1_795_255_200_000L;

    private static final String[] FEATURES = {
        "Load.mean", "Flow.mean", "Vibration.rms", "BearingTemp.max", "BearingTemp.mean"
    };

    private final long distinct;
    private final String runId;

    /**
     * @param distinct how many different predictions there are
     * @param runId part of every asset id, so that runs into one table do not overwrite each other
     */
    public GeneratedPredictions(long distinct, String runId) {
        if (distinct < 1) {
            throw new IllegalArgumentException("distinct must be >= 1, got " + distinct);
        }
        this.distinct = distinct;
        this.runId = runId;
    }

    @Override
    public Prediction map(Long sequence) {
        return prediction(sequence % distinct, runId);
    }

    /** Prediction number {@code n}. */
    public static Prediction prediction(long n, String runId) {
        int pump = (int) (n % 1_000);
        long window = n / 1_000;
        Prediction p = new Prediction();
        p.site = "Site" + (char) ('A' + pump % 4);
        p.line = "Line" + (pump % 8);
        p.assetId = p.site + "/" + p.line + "/Pump-" + runId + "-" + pump;
        p.assetType = "pump";
        p.windowStart = T0 + window * 60_000L;
        p.windowEnd = p.windowStart + 60_000L;
        p.target = "BearingTemp.mean";
        p.predicted = 61.0 + n % 10;
        p.actual = 61.5 + n % 7;
        p.residual = p.actual - p.predicted;
        p.anomalyScore = Math.abs(p.residual) / 1.5;
        p.anomaly = p.anomalyScore > 3;
        p.endpoint = "flowcast-pump";
        p.variant = "AllTraffic";
        p.modelVersion = "7";
        p.latencyMs = 12.0;
        p.attempts = 1;
        p.enrichment = "ENRICHED";
        p.featureNames = FEATURES;
        p.features = new Double[] {40.0 + n % 13, 3.0 + n % 5, 0.25, 64.5, null};
        p.predictionId = Prediction.idOf(p.assetId, p.windowEnd, p.endpoint, p.modelVersion);
        return p;
    }
}
