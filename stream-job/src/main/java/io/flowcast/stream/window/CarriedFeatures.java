package io.flowcast.stream.window;

/**
 * Per asset, across windows: each signal's feature values from the most recent window in which it
 * had usable samples, so a quiet signal can be carried forward within its TTL. Kept in keyed state
 * with a state TTL, so it disappears for assets that stop reporting.
 *
 * <p>A Flink POJO so it serializes without Kryo.
 */
public class CarriedFeatures {

    /** Spec version these arrays are aligned with; a new version starts afresh. */
    public int specVersion;

    /** Last fresh value of each feature, aligned with the spec's features; null = never. */
    public Double[] features;

    /** End of the window that last had usable samples, per spec signal; 0 = never. */
    public long[] signalWindowEnd;

    public CarriedFeatures() {}

    static CarriedFeatures empty(FeatureSpec spec) {
        CarriedFeatures carried = new CarriedFeatures();
        carried.specVersion = spec.version();
        carried.features = new Double[spec.featureCount()];
        carried.signalWindowEnd = new long[spec.signals().size()];
        return carried;
    }
}
