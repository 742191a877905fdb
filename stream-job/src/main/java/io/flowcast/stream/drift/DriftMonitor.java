package io.flowcast.stream.drift;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Drift detection for every model version, without Flink state: a map from {@link
 * DriftDetector#keyOf model version} to a detector and its state. A prediction of a version not
 * seen before loads that version's baseline through the {@link BaselineLoader} and starts a fresh
 * state, which is how a newly served model gets compared with its own baseline without a restart.
 * The Flink wiring does the same with keyed state; this class serves the local run and tests. Not
 * thread-safe.
 */
public final class DriftMonitor {

    /** Loads a model version's baseline (from the registry, a directory, or a test). */
    @FunctionalInterface
    public interface BaselineLoader extends Serializable {
        DriftBaseline load(String assetType, String modelVersion);
    }

    private final DriftConfig config;
    private final BaselineLoader loader;
    private final Map<String, DriftDetector> detectors = new HashMap<>();
    private final Map<String, DriftState> states = new HashMap<>();

    public DriftMonitor(DriftConfig config, BaselineLoader loader) {
        this.config = Objects.requireNonNull(config, "config");
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /**
     * Adds one prediction of {@code assetType}'s model {@code modelVersion}.
     *
     * @param featureNames the prediction's feature names, any order
     * @param featureValues aligned with the names; null = missing
     * @param residual {@code actual - predicted}, or null
     */
    public List<DriftEvent> add(
            String assetType,
            String modelVersion,
            long windowEnd,
            String[] featureNames,
            Double[] featureValues,
            Double residual) {
        String key = DriftDetector.keyOf(assetType, modelVersion);
        DriftDetector detector =
                detectors.computeIfAbsent(
                        key, k -> new DriftDetector(loader.load(assetType, modelVersion), config));
        DriftState state = states.computeIfAbsent(key, k -> detector.newState());
        return detector.add(
                state, windowEnd, detector.align(featureNames, featureValues), residual);
    }

    /** The detector of a model version, or null if none of its predictions was seen. */
    public DriftDetector detector(String assetType, String modelVersion) {
        return detectors.get(DriftDetector.keyOf(assetType, modelVersion));
    }

    /** Forgets a version (e.g. once it no longer serves). */
    public void forget(String assetType, String modelVersion) {
        String key = DriftDetector.keyOf(assetType, modelVersion);
        detectors.remove(key);
        states.remove(key);
    }
}
