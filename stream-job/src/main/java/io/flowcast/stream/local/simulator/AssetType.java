package io.flowcast.stream.local.simulator;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of machine the simulator knows, each with the signals its gateway publishes.
 *
 * <p>The type is encoded in the asset name ({@code Pump-001}, {@code Compressor-002}), so anything
 * downstream that only sees a tag path can recover it with {@link #fromAssetName(String)}.
 */
public enum AssetType {
    /** Centrifugal pump. */
    PUMP(
            "Pump",
            "pump",
            List.of(
                    Signal.LOAD,
                    Signal.AMBIENT_TEMP,
                    Signal.BEARING_TEMP,
                    Signal.VIBRATION,
                    Signal.FLOW,
                    Signal.DISCHARGE_PRESSURE)),
    /** Screw air compressor. */
    COMPRESSOR(
            "Compressor",
            "compressor",
            List.of(
                    Signal.LOAD,
                    Signal.AMBIENT_TEMP,
                    Signal.DISCHARGE_TEMP,
                    Signal.VIBRATION,
                    Signal.MOTOR_CURRENT));

    private final String namePrefix;
    private final String code;
    private final List<Signal> signals;

    AssetType(String namePrefix, String code, List<Signal> signals) {
        this.namePrefix = namePrefix;
        this.code = code;
        this.signals = Collections.unmodifiableList(signals);
    }

    /** The prefix of asset names of this type, e.g. {@code Pump}. */
    public String namePrefix() {
        return namePrefix;
    }

    /** A lower-case code for databases and configs, e.g. {@code pump}. */
    public String code() {
        return code;
    }

    /** The signals an asset of this type publishes, in the order they appear in a record. */
    public List<Signal> signals() {
        return signals;
    }

    /** True if assets of this type publish the signal. */
    public boolean has(Signal signal) {
        return signals.contains(signal);
    }

    /** The asset name for a 1-based position on its line, e.g. {@code Pump-001}. */
    public String assetName(int number) {
        return String.format(Locale.ROOT, "%s-%03d", namePrefix, number);
    }

    /**
     * The type of an asset from its name or full id ({@code Pump-001} or {@code
     * SiteA/Line1/Pump-001}): the text before the first {@code -} of the last path segment,
     * ignoring case. Empty if it names no known type.
     */
    public static Optional<AssetType> fromAssetName(String nameOrId) {
        if (nameOrId == null) {
            return Optional.empty();
        }
        String name = nameOrId.substring(nameOrId.lastIndexOf('/') + 1);
        int dash = name.indexOf('-');
        String prefix = dash < 0 ? name : name.substring(0, dash);
        for (AssetType t : values()) {
            if (t.namePrefix.equalsIgnoreCase(prefix)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
