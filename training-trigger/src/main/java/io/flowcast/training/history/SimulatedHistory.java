package io.flowcast.training.history;

import io.flowcast.stream.config.WindowOptions;
import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.local.simulator.PlantModel;
import io.flowcast.stream.local.simulator.SimulatorOptions;
import io.flowcast.stream.local.simulator.TelemetryGenerator;
import io.flowcast.stream.local.simulator.TelemetryRecord;
import io.flowcast.stream.parse.ParseConfig;
import io.flowcast.stream.parse.ParseOutput;
import io.flowcast.stream.parse.TelemetryParser;
import io.flowcast.stream.parse.TelemetrySample;
import io.flowcast.stream.source.RawTelemetryRecord;
import io.flowcast.stream.window.AssetTypeRules;
import io.flowcast.stream.window.FeatureAccumulator;
import io.flowcast.stream.window.FeatureAggregateFunction;
import io.flowcast.stream.window.FeatureSpec;
import io.flowcast.stream.window.FeatureSpecs;
import io.flowcast.stream.window.WindowConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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

    /** The window stage settings the job would use for these specs. */
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
                specs);
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
        FeatureAggregateFunction aggregate = new FeatureAggregateFunction(windowConfig());
        long size = config.windowSize().toMillis();
        Map<String, OpenWindow> open = new HashMap<>();
        forEachSample(
                sample -> {
                    Optional<String> type = assetTypeRules.typeOf(sample.assetId);
                    if (!type.isPresent() || !rows.containsKey(type.get())) {
                        return;
                    }
                    long windowStart = Math.floorDiv(sample.eventTimeMillis, size) * size;
                    OpenWindow window = open.get(sample.assetId);
                    if (window != null && window.start != windowStart) {
                        close(window, rows);
                        window = null;
                    }
                    if (window == null) {
                        window =
                                new OpenWindow(
                                        sample.assetId,
                                        type.get(),
                                        windowStart,
                                        aggregate.createAccumulator());
                        open.put(sample.assetId, window);
                    }
                    window.acc = aggregate.add(sample, window.acc);
                });
        // The last windows are complete: tickCount() covers whole windows only.
        List<OpenWindow> remaining = new ArrayList<>(open.values());
        remaining.sort((a, b) -> a.assetId.compareTo(b.assetId));
        for (OpenWindow window : remaining) {
            close(window, rows);
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
        TelemetryGenerator generator =
                new TelemetryGenerator(options, PlantModel.of(options), startMillis());
        TelemetryParser parser = new TelemetryParser(ParseConfig.defaults());
        ParseOutput out =
                new ParseOutput() {
                    @Override
                    public void sample(TelemetrySample sample) {
                        sink.accept(sample);
                    }

                    @Override
                    public void deadLetter(DeadLetter deadLetter) {
                        throw new IllegalStateException(
                                "the job's parser rejected a simulated record: " + deadLetter);
                    }
                };
        RawTelemetryRecord raw = new RawTelemetryRecord();
        long ticks = tickCount();
        for (long tick = 0; tick < ticks; tick++) {
            // "Now" is the tick's own time, so the parser's plausibility window fits old history.
            long now = generator.tickTimestamp(tick);
            for (TelemetryRecord record : generator.recordsForTick(tick)) {
                raw.payload = record.data();
                raw.partitionKey = record.partitionKey();
                raw.arrivalTimeMillis = now;
                parser.parse(raw, now, out);
            }
        }
    }

    private void close(OpenWindow window, Map<String, List<FeatureRow>> rows) {
        WindowFeatures.toRow(specs.forType(window.type), window.assetId, window.start, window.acc)
                .ifPresent(rows.get(window.type)::add);
    }

    /** One asset's window while its samples arrive. */
    private static final class OpenWindow {
        final String assetId;
        final String type;
        final long start;
        FeatureAccumulator acc;

        OpenWindow(String assetId, String type, long start, FeatureAccumulator acc) {
            this.assetId = assetId;
            this.type = type;
            this.start = start;
            this.acc = acc;
        }
    }
}
