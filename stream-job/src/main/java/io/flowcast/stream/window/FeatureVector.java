package io.flowcast.stream.window;

import java.util.Arrays;
import java.util.Objects;

/**
 * One asset's feature vector for one event-time window: the model input in the order of its asset
 * type's {@link FeatureSpec}, plus the window's actual value of the model's target signal. The
 * record behind {@code schemas/records/feature-vector.schema.json} (see {@link FeatureVectorJson}).
 *
 * <p>A Flink POJO (public fields, arrays instead of collections) so it serializes without Kryo.
 */
public class FeatureVector {

    public String assetId;
    public String assetType;
    public int specVersion;

    /** Window start, epoch ms, inclusive. */
    public long windowStart;

    /** Window end, epoch ms, exclusive. */
    public long windowEnd;

    /** Feature names in model order, e.g. {@code Load.mean}. */
    public String[] featureNames;

    /** Feature values aligned with {@link #featureNames}; null = missing. */
    public Double[] features;

    /** Signals whose features were carried from an earlier window. */
    public String[] carriedForward;

    /** Signals with no usable sample and nothing to carry. */
    public String[] missingSignals;

    /** The spec's signals and, aligned, their sample counts in the window (all qualities). */
    public String[] signals;

    public int[] signalSampleCounts;

    /** All samples of the asset in the window, duplicates excluded. */
    public int sampleCount;

    public int duplicateSamples;

    public String targetSignal;
    public String targetStatistic;

    /** The window's actual value of the target; null when the target had no usable sample. */
    public Double targetActual;

    public FeatureVector() {}

    /** The value of feature {@code name}, or null when missing. */
    public Double feature(String name) {
        for (int i = 0; i < featureNames.length; i++) {
            if (featureNames[i].equals(name)) {
                return features[i];
            }
        }
        throw new IllegalArgumentException(
                "no feature " + name + " in " + Arrays.toString(featureNames));
    }

    /** Index of {@code signal} in {@link #signals} (and {@link #signalSampleCounts}). */
    public int signalsIndex(String signal) {
        for (int i = 0; i < signals.length; i++) {
            if (signals[i].equals(signal)) {
                return i;
            }
        }
        throw new IllegalArgumentException(
                "no signal " + signal + " in " + Arrays.toString(signals));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FeatureVector)) {
            return false;
        }
        FeatureVector that = (FeatureVector) o;
        return specVersion == that.specVersion
                && windowStart == that.windowStart
                && windowEnd == that.windowEnd
                && sampleCount == that.sampleCount
                && duplicateSamples == that.duplicateSamples
                && Objects.equals(assetId, that.assetId)
                && Objects.equals(assetType, that.assetType)
                && Arrays.equals(featureNames, that.featureNames)
                && Arrays.equals(features, that.features)
                && Arrays.equals(carriedForward, that.carriedForward)
                && Arrays.equals(missingSignals, that.missingSignals)
                && Arrays.equals(signals, that.signals)
                && Arrays.equals(signalSampleCounts, that.signalSampleCounts)
                && Objects.equals(targetSignal, that.targetSignal)
                && Objects.equals(targetStatistic, that.targetStatistic)
                && Objects.equals(targetActual, that.targetActual);
    }

    @Override
    public int hashCode() {
        return Objects.hash(assetId, windowStart, windowEnd);
    }

    @Override
    public String toString() {
        return FeatureVectorJson.toJsonString(this);
    }
}
