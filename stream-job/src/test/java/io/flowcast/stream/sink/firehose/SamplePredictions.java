package io.flowcast.stream.sink.firehose;

import io.flowcast.stream.inference.Prediction;
import java.util.ArrayList;
import java.util.List;

/** Predictions for the Firehose tests: distinct ids, features, nulls and non-ASCII text. */
final class SamplePredictions {

    private static final long WINDOW_START = 1_763_700_000_000L;
    private static final long WINDOW = 60_000L;

    private SamplePredictions() {}

    /** {@code count} predictions for pumps at two sites, one window each. */
    static List<Prediction> of(int count) {
        List<Prediction> predictions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            predictions.add(prediction(i));
        }
        return predictions;
    }

    static Prediction prediction(int i) {
        Prediction p = new Prediction();
        p.assetId = "pump-" + (i % 37);
        p.assetType = "pump";
        p.site = i % 2 == 0 ? "Gießen" : "Porto";
        p.line = "line-" + (i % 3);
        p.windowStart = WINDOW_START + i * WINDOW;
        p.windowEnd = p.windowStart + WINDOW;
        p.target = "Load";
        p.predicted = 40.0 + i % 11;
        p.actual = i % 5 == 0 ? null : 41.5;
        p.residual = p.actual == null ? null : p.actual - p.predicted;
        p.anomalyScore = p.residual == null ? null : Math.abs(p.residual) / 3.0;
        p.anomaly = p.anomalyScore != null && p.anomalyScore > 2;
        p.endpoint = "flowcast-pump";
        p.variant = "AllTraffic";
        p.modelVersion = "v0007";
        p.latencyMs = 12.5;
        p.attempts = 1;
        p.enrichment = "OK";
        p.featureNames = new String[] {"Load.mean", "Vibration.max"};
        p.features = new Double[] {41.2 + i, i % 7 == 0 ? null : 0.03};
        p.predictionId = Prediction.idOf(p.assetId, p.windowEnd, p.endpoint, p.modelVersion);
        return p;
    }
}
