package io.flowcast.training.history;

import io.flowcast.stream.config.WindowOptions;
import io.flowcast.stream.local.simulator.SimulatorOptions;
import io.flowcast.stream.local.simulator.TelemetryGenerator;
import io.flowcast.stream.parse.TelemetryParser;
import io.flowcast.stream.parse.TelemetrySample;
import io.flowcast.stream.window.AssetTypeRules;
import io.flowcast.stream.window.FeatureAggregateFunction;
import io.flowcast.stream.window.FeatureSpec;
import io.flowcast.stream.window.FeatureSpecs;
import io.flowcast.stream.window.WindowConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Training data from simulated history: the local simulator's physics run over a span of event time
 * at 1 Hz, and the resulting telemetry turned into feature rows exactly as the job does it.
 *
 * <p>In: a {@link HistoryConfig} and the feature specs. Out: one {@link FeatureTable} per asset
 * type. Each tick's records come from the simulator's {@link TelemetryGenerator} (no faults: no
 * missing, late, duplicate or malformed records), are parsed by the job's {@link TelemetryParser}
 * into {@link TelemetrySample}s, and go, per asset and tumbling window, into the job's {@link
 * FeatureAggregateFunction}; a closed window becomes a row through {@link WindowFeatures}. There is
 * no second implementation of any feature: the job's classes compute them.
 *
 * <p>Deterministic: the same config and specs give the same rows. Windows are aligned to the epoch
 * like Flink's tumbling windows; the start is aligned down to a window boundary, and a window only
 * becomes a row once all its ticks are generated.
 */
public final class SimulatedHistory {

    private final HistoryConfig config;
    private final FeatureSpecs specs;
    private final AssetTypeRules assetTypeRules;

    /**
     * @param config what to simulate
     * @param specs the feature specs of the asset types to produce rows for
     */
    public SimulatedHistory(HistoryConfig config, FeatureSpecs specs) {
        this.config = Objects.requireNonNull(config, "config");
        this.specs = Objects.requireNonNull(specs, "specs");
        // The job's default asset id -> type mapping, which matches the simulator's asset names.
        this.assetTypeRules =
                WindowOptions.ASSET_TYPE_RULES
                        .defaultValue()
                        .orElseThrow(() -> new IllegalStateException("no default asset rules"));
    }

    /** History for the specs' asset types, loaded from the class path. */
    public static SimulatedHistory forAssetTypes(
            HistoryConfig config, Collection<String> assetTypes) {
        return new SimulatedHistory(config, FeatureSpecs.loadFromClasspath(assetTypes));
    }

    /**
     * The window stage settings the job would use: its default asset-type rules, with the spec of
     * every type they name (rows are still produced for this history's specs only).
     */
    public WindowConfig windowConfig() {
        return new WindowConfig(
                WindowConfig.WindowType.TUMBLING,
                config.windowSize(),
                null,
                Duration.ZERO,
                Duration.ofMinutes(1),
                Duration.ZERO,
                false,
                true,
                assetTypeRules,
                ruleSpecs());
    }

    /** This history's specs plus those of the other types the rules name (from the class path). */
    private FeatureSpecs ruleSpecs() {
        List<FeatureSpec> all = new ArrayList<>(specs.all());
        List<String> others = new ArrayList<>();
        for (String type : assetTypeRules.types()) {
            if (specs.find(type).isEmpty()) {
                others.add(type);
            }
        }
        if (!others.isEmpty()) {
            all.addAll(FeatureSpecs.loadFromClasspath(others).all());
        }
        return FeatureSpecs.of(all);
    }

    /** The first tick's timestamp: the configured start aligned down to a window boundary. */
    public long startMillis() {
        long size = config.windowSize().toMillis();
        return Math.floorDiv(config.start().toEpochMilli(), size) * size;
    }

    /** Number of 1 Hz ticks simulated. */
    public long tickCount() {
        long size = config.windowSize().toMillis();
        long windows = config.span().toMillis() / size;
        return windows * size / 1000;
    }

    /**
     * Generates the history and returns one table per asset type of the specs, in spec order. Asset
     * types without assets in the simulated plant get an empty table.
     */
    public Map<String, FeatureTable> generate() {
        Map<String, List<FeatureRow>> rows = new LinkedHashMap<>();
        for (FeatureSpec spec : specs.all()) {
            rows.put(spec.assetType(), new ArrayList<>());
        }
        PlantWindows windows = windows();
        long count = tickCount() * 1000 / config.windowSize().toMillis();
        for (long w = 0; w < count; w++) {
            windows.next().forEach((type, typeRows) -> rows.get(type).addAll(typeRows));
        }
        Map<String, FeatureTable> tables = new LinkedHashMap<>();
        for (FeatureSpec spec : specs.all()) {
            List<FeatureRow> typeRows = rows.get(spec.assetType());
            typeRows.sort(
                    (a, b) ->
                            a.windowStart() != b.windowStart()
                                    ? Long.compare(a.windowStart(), b.windowStart())
                                    : a.assetId().compareTo(b.assetId()));
            tables.put(spec.assetType(), new FeatureTable(spec, typeRows));
        }
        return tables;
    }

    /**
     * Runs the simulator and the job's parser over the whole span and hands every parsed sample, in
     * generation order, to {@code sink}.
     *
     * @throws IllegalStateException if the parser rejects a simulated record (a bug: the history
     *     has no faults)
     */
    public void forEachSample(Consumer<TelemetrySample> sink) {
        PlantWindows windows = windows();
        long ticks = tickCount();
        for (long tick = 0; tick < ticks; tick++) {
            windows.forEachSampleOfTick(tick, sink);
        }
    }

    /** The history's plant as a window stream from {@link #startMillis()}. */
    private PlantWindows windows() {
        SimulatorOptions options =
                SimulatorOptions.builder()
                        .sites(config.sites())
                        .linesPerSite(config.linesPerSite())
                        .assetsPerLine(config.assetsPerLine())
                        .interval(Duration.ofSeconds(1))
                        .seed(config.seed())
                        .driftStart(config.driftStart().orElse(null))
                        .driftOffset(config.driftOffset())
                        .build();
        return new PlantWindows(options, specs, windowConfig(), startMillis());
    }
}
