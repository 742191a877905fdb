package io.flowcast.stream.config;

import io.flowcast.stream.window.AssetTypeRules;
import io.flowcast.stream.window.FeatureSpecs;
import io.flowcast.stream.window.WindowConfig;
import io.flowcast.stream.window.WindowConfig.WindowType;
import java.time.Duration;
import java.util.List;

/**
 * Options of the {@value #GROUP} property group: event time, the per-asset windows, and which
 * feature spec an asset gets.
 */
public final class WindowOptions {

    public static final String GROUP = "Windows";

    public static final ConfigOption<WindowType> WINDOW_TYPE =
            ConfigOption.builder(GROUP, "window.type")
                    .type(OptionTypes.enumType(WindowType.class))
                    .defaultValue(
                            WindowType.TUMBLING,
                            "TUMBLING windows, or SLIDING windows that advance by window.slide.");

    public static final ConfigOption<Duration> WINDOW_SIZE =
            ConfigOption.builder(GROUP, "window.size")
                    .type(OptionTypes.DURATION_TYPE)
                    .defaultValue(
                            Duration.ofSeconds(60), "Length of each feature window (event time).");

    public static final ConfigOption<Duration> WINDOW_SLIDE =
            ConfigOption.builder(GROUP, "window.slide")
                    .type(OptionTypes.DURATION_TYPE)
                    .optional(
                            "With window.type=SLIDING: how far each window advances. Required then.");

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
            ConfigOption.builder(GROUP, "watermark.out.of.orderness")
                    .type(OptionTypes.NON_NEGATIVE_DURATION)
                    .defaultValue(
                            Duration.ofSeconds(10),
                            "How far behind the newest event time the watermark trails; samples"
                                    + " this much out of order still land in their window.");

    public static final ConfigOption<Duration> IDLENESS =
            ConfigOption.builder(GROUP, "watermark.idleness")
                    .type(OptionTypes.DURATION_TYPE)
                    .defaultValue(
                            Duration.ofMinutes(1),
                            "A parallel input without samples for this long stops holding back"
                                    + " the watermark, so quiet shards do not stall windows.");

    public static final ConfigOption<Duration> ALLOWED_LATENESS =
            ConfigOption.builder(GROUP, "allowed.lateness")
                    .type(OptionTypes.NON_NEGATIVE_DURATION)
                    .defaultValue(
                            Duration.ZERO,
                            "Samples behind the watermark by up to this much still update their"
                                    + " window (which then fires again); later ones become"
                                    + " LATE_SAMPLE dead letters.");

    public static final ConfigOption<Boolean> INCLUDE_NON_GOOD_QUALITY =
            ConfigOption.builder(GROUP, "features.include.non.good.quality")
                    .type(OptionTypes.BOOLEAN)
                    .defaultValue(
                            false,
                            "Use samples whose OPC quality is not Good in the feature statistics"
                                    + " (they always count in good_share).");

    public static final ConfigOption<Boolean> DEDUPLICATE =
            ConfigOption.builder(GROUP, "features.deduplicate")
                    .type(OptionTypes.BOOLEAN)
                    .defaultValue(
                            true,
                            "Count a sample resent with the same signal and timestamp once (exact;"
                                    + " window state grows by a few bytes per signal for steady"
                                    + " sampling, about 1 byte per sample for jittered timestamps)."
                                    + " Turn off only if gateways never resend.");

    public static final ConfigOption<AssetTypeRules> ASSET_TYPE_RULES =
            ConfigOption.builder(GROUP, "asset.type.rules")
                    .type(assetTypeRulesType())
                    .defaultValue(
                            AssetTypeRules.parse(
                                    "pump=.*/Pump-[^/]+;compressor=.*/Compressor-[^/]+"),
                            "Asset id to asset type, `type=regex` rules separated by `;`, first"
                                    + " whole match wins. Each type needs"
                                    + " schemas/features/<type>.json. Unmatched assets give"
                                    + " UNKNOWN_ASSET_TYPE dead letters.");

    public static final List<ConfigOption<?>> ALL =
            List.of(
                    WINDOW_TYPE,
                    WINDOW_SIZE,
                    WINDOW_SLIDE,
                    OUT_OF_ORDERNESS,
                    IDLENESS,
                    ALLOWED_LATENESS,
                    INCLUDE_NON_GOOD_QUALITY,
                    DEDUPLICATE,
                    ASSET_TYPE_RULES);

    private WindowOptions() {}

    /** Reads the group and loads the feature spec of every asset type from the classpath. */
    public static WindowConfig read(PropertyGroups groups) {
        WindowType type = groups.get(WINDOW_TYPE);
        Duration slide = groups.find(WINDOW_SLIDE).orElse(null);
        if (type == WindowType.SLIDING && slide == null) {
            throw new ConfigException(
                    "Property group '"
                            + GROUP
                            + "' sets window.type=SLIDING but is missing key '"
                            + WINDOW_SLIDE.key()
                            + "'");
        }
        if (type == WindowType.TUMBLING && slide != null) {
            throw new ConfigException(
                    "Property group '"
                            + GROUP
                            + "', key '"
                            + WINDOW_SLIDE.key()
                            + "' is only used with window.type=SLIDING");
        }
        AssetTypeRules rules = groups.get(ASSET_TYPE_RULES);
        FeatureSpecs specs = FeatureSpecs.loadFromClasspath(rules.types());
        try {
            return new WindowConfig(
                    type,
                    groups.get(WINDOW_SIZE),
                    slide,
                    groups.get(OUT_OF_ORDERNESS),
                    groups.get(IDLENESS),
                    groups.get(ALLOWED_LATENESS),
                    groups.get(INCLUDE_NON_GOOD_QUALITY),
                    groups.get(DEDUPLICATE),
                    rules,
                    specs);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Property group '" + GROUP + "': " + e.getMessage(), e);
        }
    }

    private static OptionType<AssetTypeRules> assetTypeRulesType() {
        return new OptionType<AssetTypeRules>() {
            private static final long serialVersionUID = 1L;

            @Override
            public AssetTypeRules parse(String raw) {
                return AssetTypeRules.parse(raw);
            }

            @Override
            public String describe() {
                return "type=regex rules";
            }
        };
    }
}
