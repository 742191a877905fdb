package io.flowcast.stream.window;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of the event-time and window stage: watermarks, window shape, lateness,
 * quality filter, and how assets map to feature specs. Built by {@code WindowOptions} from the
 * {@code Windows} property group.
 */
public final class WindowConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Window shape. */
    public enum WindowType {
        TUMBLING,
        SLIDING
    }

    private final WindowType type;
    private final Duration size;
    private final Duration slide;
    private final Duration outOfOrderness;
    private final Duration idleness;
    private final Duration allowedLateness;
    private final boolean includeNonGoodQuality;
    private final boolean deduplicate;
    private final AssetTypeRules assetTypeRules;
    private final FeatureSpecs featureSpecs;

    public WindowConfig(
            WindowType type,
            Duration size,
            Duration slide,
            Duration outOfOrderness,
            Duration idleness,
            Duration allowedLateness,
            boolean includeNonGoodQuality,
            boolean deduplicate,
            AssetTypeRules assetTypeRules,
            FeatureSpecs featureSpecs) {
        this.type = Objects.requireNonNull(type, "type");
        this.size = positive(size, "window size");
        this.slide = type == WindowType.SLIDING ? positive(slide, "window slide") : null;
        this.outOfOrderness = nonNegative(outOfOrderness, "out-of-orderness");
        this.idleness = positive(idleness, "idleness");
        this.allowedLateness = nonNegative(allowedLateness, "allowed lateness");
        this.includeNonGoodQuality = includeNonGoodQuality;
        this.deduplicate = deduplicate;
        this.assetTypeRules = Objects.requireNonNull(assetTypeRules, "assetTypeRules");
        this.featureSpecs = Objects.requireNonNull(featureSpecs, "featureSpecs");
        if (this.slide != null && this.slide.compareTo(size) > 0) {
            throw new IllegalArgumentException(
                    "window slide " + slide + " must not be longer than the window size " + size);
        }
        for (String assetType : assetTypeRules.types()) {
            if (!featureSpecs.find(assetType).isPresent()) {
                throw new IllegalArgumentException(
                        "asset type '" + assetType + "' has a rule but no feature spec");
            }
        }
    }

    private static Duration positive(Duration d, String what) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be above zero but was " + d);
        }
        return d;
    }

    private static Duration nonNegative(Duration d, String what) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative but was " + d);
        }
        return d;
    }

    public WindowType type() {
        return type;
    }

    public Duration size() {
        return size;
    }

    /** The slide of SLIDING windows; null for TUMBLING. */
    public Duration slide() {
        return slide;
    }

    public Duration outOfOrderness() {
        return outOfOrderness;
    }

    public Duration idleness() {
        return idleness;
    }

    public Duration allowedLateness() {
        return allowedLateness;
    }

    public boolean includeNonGoodQuality() {
        return includeNonGoodQuality;
    }

    /** Whether a resent sample (same signal and timestamp) is detected and counted once. */
    public boolean deduplicate() {
        return deduplicate;
    }

    public AssetTypeRules assetTypeRules() {
        return assetTypeRules;
    }

    public FeatureSpecs featureSpecs() {
        return featureSpecs;
    }
}
