package io.flowcast.training.history;

import java.util.Arrays;
import java.util.Objects;

/**
 * One training example: an asset's feature vector for one event-time window and the window's actual
 * target value.
 *
 * <p>Features are in the order of the asset type's feature spec; a missing feature (null in the
 * job's vector) is {@link Float#NaN}, which XGBoost treats as missing. Immutable.
 */
public final class FeatureRow {

    private final String assetId;
    private final long windowStart;
    private final float[] features;
    private final double target;

    /**
     * @param assetId the asset, e.g. {@code SiteA/Line1/Pump-001}
     * @param windowStart window start, epoch ms
     * @param features feature values in spec order, NaN = missing; copied
     * @param target the window's actual target value; must be finite
     */
    public FeatureRow(String assetId, long windowStart, float[] features, double target) {
        this.assetId = Objects.requireNonNull(assetId, "assetId");
        this.windowStart = windowStart;
        this.features = Objects.requireNonNull(features, "features").clone();
        if (!Double.isFinite(target)) {
            throw new IllegalArgumentException(
                    "target must be finite, got " + target + " for " + assetId);
        }
        this.target = target;
    }

    public String assetId() {
        return assetId;
    }

    /** Window start, epoch ms. */
    public long windowStart() {
        return windowStart;
    }

    /** The number of features. */
    public int width() {
        return features.length;
    }

    /** Feature {@code i} in spec order; NaN when missing. */
    public float feature(int i) {
        return features[i];
    }

    /** A copy of the features in spec order. */
    public float[] features() {
        return features.clone();
    }

    public double target() {
        return target;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FeatureRow)) {
            return false;
        }
        FeatureRow other = (FeatureRow) o;
        return windowStart == other.windowStart
                && Double.compare(target, other.target) == 0
                && assetId.equals(other.assetId)
                && Arrays.equals(features, other.features);
    }

    @Override
    public int hashCode() {
        return Objects.hash(assetId, windowStart, target) * 31 + Arrays.hashCode(features);
    }

    @Override
    public String toString() {
        return assetId + "@" + windowStart + " " + Arrays.toString(features) + " -> " + target;
    }
}
