package io.flowcast.training.history;

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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The simulated plant as a stream of closed windows: the simulator's {@link TelemetryGenerator} at
 * 1 Hz from a window-aligned start, each tick's records parsed by the job's {@link
 * TelemetryParser}, and every asset's samples aggregated per tumbling window by the job's {@link
 * FeatureAggregateFunction} into {@link FeatureRow}s ({@link WindowFeatures}). No feature has a
 * second implementation: the job's classes compute them.
 *
 * <p>{@link #next()} generates one more window of event time and returns its rows per asset type,
 * so a caller can interleave the stream with other work (a retraining, a model swap), which {@link
 * SimulatedHistory} does not need and a drift scenario does. Deterministic for the same options and
 * start. The simulator's faults (missing, late, malformed records) must be off: a rejected record
 * is a bug here.
 */
public final class PlantWindows {

    private final FeatureSpecs specs;
    private final AssetTypeRules assetTypeRules;
    private final FeatureAggregateFunction aggregate;
    private final TelemetryGenerator generator;
    private final TelemetryParser parser = new TelemetryParser(ParseConfig.defaults());
    private final long windowMillis;
    private final long ticksPerWindow;
    private final Map<String, OpenWindow> open = new HashMap<>();
    private long nextTick;

    /**
     * @param options the plant and scenario (1 s interval; drift allowed, faults not)
     * @param specs the asset types to produce rows for
     * @param windowConfig the job's window settings for these specs (size, rules, missing policy)
     * @param startMillis the first tick's timestamp; must be a multiple of the window size
     */
    public PlantWindows(
            SimulatorOptions options,
            FeatureSpecs specs,
            WindowConfig windowConfig,
            long startMillis) {
        this.specs = Objects.requireNonNull(specs, "specs");
        this.assetTypeRules = windowConfig.assetTypeRules();
        this.aggregate = new FeatureAggregateFunction(windowConfig);
        this.windowMillis = windowConfig.size().toMillis();
        if (!options.interval().equals(Duration.ofSeconds(1))) {
            throw new IllegalArgumentException(
                    "the plant windows tick at 1 s, not " + options.interval());
        }
        if (windowMillis % 1000 != 0 || Math.floorMod(startMillis, windowMillis) != 0) {
            throw new IllegalArgumentException(
                    "the start must be aligned to the window size (" + windowConfig.size() + ")");
        }
        this.ticksPerWindow = windowMillis / 1000;
        this.generator = new TelemetryGenerator(options, PlantModel.of(options), startMillis);
    }

    /** The generator behind the stream (drifting assets, drift start). */
    public TelemetryGenerator generator() {
        return generator;
    }

    /** The start of the window {@link #next()} returns next, epoch ms. */
    public long nextWindowStart() {
        return generator.tickTimestamp(nextTick);
    }

    /**
     * Generates the next window of event time and returns its rows per asset type of the specs, in
     * spec order, each list sorted by asset id (a type without rows maps to an empty list).
     */
    public Map<String, List<FeatureRow>> next() {
        long windowStart = nextWindowStart();
        long end = nextTick + ticksPerWindow;
        for (; nextTick < end; nextTick++) {
            forEachSampleOfTick(nextTick, this::add);
        }
        Map<String, List<FeatureRow>> rows = new LinkedHashMap<>();
        for (FeatureSpec spec : specs.all()) {
            rows.put(spec.assetType(), new ArrayList<>());
        }
        List<OpenWindow> closing = new ArrayList<>();
        for (OpenWindow window : open.values()) {
            if (window.start <= windowStart) {
                closing.add(window);
            }
        }
        closing.sort((a, b) -> a.assetId.compareTo(b.assetId));
        for (OpenWindow window : closing) {
            open.remove(window.assetId);
            close(window, rows);
        }
        return rows;
    }

    private void add(TelemetrySample sample) {
        Optional<String> type = assetTypeRules.typeOf(sample.assetId);
        if (!type.isPresent() || !specs.find(type.get()).isPresent()) {
            return;
        }
        long windowStart = Math.floorDiv(sample.eventTimeMillis, windowMillis) * windowMillis;
        OpenWindow window = open.get(sample.assetId);
        if (window != null && window.start != windowStart) {
            Map<String, List<FeatureRow>> late = new HashMap<>();
            late.put(window.type, new ArrayList<>());
            close(window, late); // cannot happen at 1 Hz without faults; dropped like a late window
            window = null;
        }
        if (window == null) {
            window =
                    new OpenWindow(
                            sample.assetId, type.get(), windowStart, aggregate.createAccumulator());
            open.put(sample.assetId, window);
        }
        window.acc = aggregate.add(sample, window.acc);
    }

    /**
     * Hands every parsed sample of one tick to {@code sink}.
     *
     * @throws IllegalStateException if the parser rejects a simulated record
     */
    void forEachSampleOfTick(long tick, Consumer<TelemetrySample> sink) {
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
        // "Now" is the tick's own time, so the parser's plausibility window fits old history.
        long now = generator.tickTimestamp(tick);
        for (TelemetryRecord record : generator.recordsForTick(tick)) {
            raw.payload = record.data();
            raw.partitionKey = record.partitionKey();
            raw.arrivalTimeMillis = now;
            parser.parse(raw, now, out);
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
