package io.flowcast.stream.window;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What feature vector the normal-behaviour model of one asset type expects: the target it predicts,
 * its input columns in order, and how a signal without usable samples in a window is handled. Read
 * from {@code flowcast/features/<assetType>.json} by {@link FeatureSpecs}; the file format is
 * described by {@code schemas/features/feature-spec.schema.json}.
 *
 * <p>Immutable and {@link Serializable}, so it can be handed to Flink operators. Instances are only
 * created by {@link FeatureSpecs#parse(String, byte[])}, which guarantees that there is at least
 * one feature, that no feature appears twice, that no feature uses the target signal (the model
 * would see the answer), and that every per-signal missing policy names an input signal.
 */
public final class FeatureSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String assetType;
    private final int version;
    private final Feature target;
    // Concrete JDK collections, never exposed: they serialize with any serializer.
    private final ArrayList<Feature> features;
    private final ArrayList<String> featureNames;
    private final ArrayList<String> inputSignals;
    private final ArrayList<String> signals;
    private final MissingRule defaultMissing;
    private final LinkedHashMap<String, MissingRule> missingOverrides;

    /** Derived from the above on first use. */
    private transient StatsLayout statsLayout;

    FeatureSpec(
            String assetType,
            int version,
            Feature target,
            List<Feature> features,
            MissingRule defaultMissing,
            Map<String, MissingRule> missingOverrides) {
        this.assetType = Objects.requireNonNull(assetType, "assetType");
        this.version = version;
        this.target = Objects.requireNonNull(target, "target");
        this.features = new ArrayList<>(features);
        this.defaultMissing = Objects.requireNonNull(defaultMissing, "defaultMissing");
        this.missingOverrides = new LinkedHashMap<>(missingOverrides);
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, got " + version);
        }
        if (this.features.isEmpty()) {
            throw new IllegalArgumentException("a feature spec needs at least one feature");
        }
        this.featureNames = new ArrayList<>();
        Set<String> inputs = new LinkedHashSet<>();
        for (Feature f : this.features) {
            if (f.signal().equals(target.signal())) {
                throw new IllegalArgumentException(
                        "feature " + f + " uses the target signal " + target.signal());
            }
            if (featureNames.contains(f.name())) {
                throw new IllegalArgumentException("duplicate feature " + f);
            }
            featureNames.add(f.name());
            inputs.add(f.signal());
        }
        for (String signal : this.missingOverrides.keySet()) {
            if (!inputs.contains(signal)) {
                throw new IllegalArgumentException(
                        "missing policy for " + signal + ", which is not an input signal");
            }
        }
        this.inputSignals = new ArrayList<>(inputs);
        this.signals = new ArrayList<>(inputs);
        this.signals.add(target.signal());
    }

    /** The asset type in lower case, e.g. {@code pump}. */
    /** Where the statistics this spec needs are kept in window state (see {@link StatsLayout}). */
    public StatsLayout statsLayout() {
        StatsLayout layout = statsLayout;
        if (layout == null) {
            layout = StatsLayout.of(this);
            statsLayout = layout;
        }
        return layout;
    }

    public String assetType() {
        return assetType;
    }

    /** The spec version (>= 1); recorded in every feature vector as {@code specVersion}. */
    public int version() {
        return version;
    }

    /** The value the model predicts, e.g. {@code BearingTemp.mean}. */
    public Feature target() {
        return target;
    }

    /** The signal of the target, e.g. {@code BearingTemp}. */
    public String targetSignal() {
        return target.signal();
    }

    /** The statistic of the target, e.g. {@link FeatureStatistic#MEAN}. */
    public FeatureStatistic targetStatistic() {
        return target.statistic();
    }

    /** The model inputs in column order. Never empty; never contains the target signal. */
    public List<Feature> features() {
        return Collections.unmodifiableList(features);
    }

    /** The names of {@link #features()} in the same order, e.g. {@code [Load.mean, Load.max]}. */
    public List<String> featureNames() {
        return Collections.unmodifiableList(featureNames);
    }

    /** The number of model inputs: the length of every feature vector. */
    public int featureCount() {
        return features.size();
    }

    /** The column of a feature name such as {@code Load.mean}, or -1 if it is not an input. */
    public int indexOf(String featureName) {
        return featureNames.indexOf(featureName);
    }

    /** The distinct signals of {@link #features()}, in order of first use. */
    public List<String> inputSignals() {
        return Collections.unmodifiableList(inputSignals);
    }

    /**
     * Every signal a vector needs, distinct: the {@link #inputSignals()} in order of first use,
     * then the target signal (which is never an input). Samples of other signals do not contribute
     * to the vector.
     */
    public List<String> signals() {
        return Collections.unmodifiableList(signals);
    }

    /** True if the signal is an input or the target of this spec (case-sensitive). */
    public boolean usesSignal(String signal) {
        return signals.contains(signal);
    }

    /** The spec-wide default for input signals without their own rule. */
    public MissingRule defaultMissingPolicy() {
        return defaultMissing;
    }

    /** The per-signal overrides as written in the spec (input signals only). */
    public Map<String, MissingRule> missingPolicyOverrides() {
        return Collections.unmodifiableMap(missingOverrides);
    }

    /**
     * How a signal of this spec is handled in a window where it has no usable samples: its
     * override, else the spec's default. The target signal is always {@link
     * MissingRule#markMissing()}: the actual value the model's prediction is compared with must
     * come from the window itself.
     *
     * @throws IllegalArgumentException if the signal is not one of {@link #signals()}
     */
    public MissingRule missingPolicy(String signal) {
        if (target.signal().equals(signal)) {
            return MissingRule.markMissing();
        }
        if (!inputSignals.contains(signal)) {
            throw new IllegalArgumentException(
                    "Signal \""
                            + signal
                            + "\" is not used by the "
                            + assetType
                            + " feature spec; its signals are "
                            + signals);
        }
        MissingRule override = missingOverrides.get(signal);
        return override != null ? override : defaultMissing;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FeatureSpec)) {
            return false;
        }
        FeatureSpec other = (FeatureSpec) o;
        return version == other.version
                && assetType.equals(other.assetType)
                && target.equals(other.target)
                && features.equals(other.features)
                && defaultMissing.equals(other.defaultMissing)
                && missingOverrides.equals(other.missingOverrides);
    }

    @Override
    public int hashCode() {
        return Objects.hash(assetType, version, target, features, defaultMissing, missingOverrides);
    }

    /** E.g. {@code pump v1: BearingTemp.mean <- [Load.mean, ...]}. */
    @Override
    public String toString() {
        return assetType + " v" + version + ": " + target + " <- " + featureNames;
    }
}
