package io.flowcast.stream.sink.lake;

import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.deadletter.DeadLetterReason;
import io.flowcast.stream.inference.Prediction;
import io.flowcast.stream.window.FeatureVector;

/** Test records for the lake: every field set, or the optional ones left null. */
final class LakeRecords {

    /** 2026-11-22T04:00:00Z. */
    static final long HOUR_04 = 1_795_320_000_000L;

    static final long MINUTE = 60_000L;

    private LakeRecords() {}

    /** A prediction of {@code assetId} for the minute ending {@code windowEnd}, every field set. */
    static Prediction prediction(String assetId, String assetType, long windowEnd) {
        Prediction p = new Prediction();
        p.assetId = assetId;
        p.assetType = assetType;
        p.site = "plant-1";
        p.line = "line-2";
        p.windowStart = windowEnd - MINUTE;
        p.windowEnd = windowEnd;
        p.target = "BearingTemp.mean";
        p.predicted = 61.25;
        p.actual = 64.5;
        p.residual = 3.25;
        p.anomalyScore = 4.1;
        p.anomaly = true;
        p.endpoint = "flowcast-" + assetType;
        p.variant = "AllTraffic";
        p.modelVersion = "v3";
        p.latencyMs = 12.5;
        p.attempts = 2;
        p.enrichment = "ENRICHED";
        p.featureNames = new String[] {"Load.mean", "Speed.max", "Vibration.std"};
        p.features = new Double[] {0.75, 1480.0, null};
        p.predictionId = Prediction.idOf(assetId, windowEnd, p.endpoint, p.modelVersion);
        return p;
    }

    /** A prediction with every optional field null. */
    static Prediction sparsePrediction(String assetId, long windowEnd) {
        Prediction p = new Prediction();
        p.predictionId = Prediction.idOf(assetId, windowEnd, "e", null);
        p.assetId = assetId;
        p.assetType = "pump";
        p.windowStart = windowEnd - MINUTE;
        p.windowEnd = windowEnd;
        p.predicted = -1.5;
        p.attempts = 1;
        return p;
    }

    static FeatureVector vector(String assetId, String assetType, long windowEnd) {
        FeatureVector v = new FeatureVector();
        v.assetId = assetId;
        v.assetType = assetType;
        v.specVersion = 3;
        v.windowStart = windowEnd - MINUTE;
        v.windowEnd = windowEnd;
        v.featureNames = new String[] {"Load.mean", "Speed.max", "Vibration.std"};
        v.features = new Double[] {0.5, null, 0.02};
        v.carriedForward = new String[] {"Load"};
        v.missingSignals = new String[] {"Speed"};
        v.signals = new String[] {"Load", "Speed", "Vibration", "BearingTemp"};
        v.signalSampleCounts = new int[] {6, 0, 60, 12};
        v.sampleCount = 78;
        v.duplicateSamples = 1;
        v.targetSignal = "BearingTemp";
        v.targetStatistic = "mean";
        v.targetActual = 63.0;
        return v;
    }

    static DeadLetter deadLetter(String sequenceNumber, long arrival) {
        DeadLetter d = new DeadLetter();
        d.reason = DeadLetterReason.VALUE_OUT_OF_RANGE;
        d.detail = "value 1e9 outside [-1e6, 1e6]";
        d.stage = "parse";
        d.tagPath = "plant-1/line-2/pump-7/Load";
        d.sampleIndex = 3;
        d.payload = "{\"v\":1e9}";
        d.payloadEncoding = DeadLetter.ENCODING_UTF8;
        d.payloadBytes = 9;
        d.payloadTruncated = false;
        d.stream = "arn:aws:kinesis:eu-west-1:000000000000:stream/telemetry";
        d.shardId = "shardId-000000000001";
        d.sequenceNumber = sequenceNumber;
        d.partitionKey = "pump-7";
        d.arrivalTimeMillis = arrival;
        d.detectedAtMillis = arrival + 250;
        return d;
    }

    /** A dead letter of a later stage: no Kinesis coordinates, no sample. */
    static DeadLetter laterStageDeadLetter(long detectedAt) {
        DeadLetter d = new DeadLetter();
        d.reason = DeadLetterReason.INFERENCE_FAILED;
        d.detail = "deadline exceeded";
        d.stage = "inference";
        d.payload = "AAEC";
        d.payloadEncoding = DeadLetter.ENCODING_BASE64;
        d.payloadBytes = 3;
        d.payloadTruncated = true;
        d.detectedAtMillis = detectedAt;
        return d;
    }
}
