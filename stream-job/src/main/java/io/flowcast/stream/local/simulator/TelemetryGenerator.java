package io.flowcast.stream.local.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Turns the plant model and the scenario knobs into the Kinesis records of each tick.
 *
 * <p>In: options, a plant, and the run's start time in epoch milliseconds. Out, for tick {@code n}
 * (stamped {@code start + n * interval}): the records to send, in order, each with the asset id as
 * partition key and N3uron MqttClient JSON as payload. No I/O and no clock: the output depends only
 * on the options, the seed, the start time and {@code n}, so two generators with the same inputs
 * produce byte-identical records.
 *
 * <p>Per tick and asset it advances the physics, then decides per sample whether it is missing, has
 * bad quality, or goes out in the flat form; the remaining samples form one tag-map record. Per
 * record it then decides, independently: malformed (replaced by a bad message, kinds in turn), late
 * (timestamps moved back by {@code lateBy}), held back (sent after the next tick's records),
 * duplicated (the same bytes again after this tick's records). Sensor drift adds the offset to the
 * drift signal of the chosen assets for samples stamped at or after the drift start.
 *
 * <p>Physics and faults draw from separate random streams per asset and tick, so changing a fault
 * knob never changes the physical values, and drift can be checked against a drift-free run.
 *
 * <p>State: the physics and the held-back records carry over between ticks, so ticks are produced
 * in order; asking for an earlier tick replays from tick 0, a later one fast-forwards. Not
 * thread-safe.
 */
public final class TelemetryGenerator {

    /** OPC quality Good. */
    static final int QUALITY_GOOD = 192;

    // Bad (0), Bad/comm failure (24), Uncertain (64): codes N3uron relays from OPC DA sources.
    private static final int[] BAD_QUALITIES = {0, 24, 64};

    private static final long FUTURE_SKEW_MILLIS = Duration.ofDays(2).toMillis();

    // Deep enough to look like garbage and to exercise parser nesting limits, small enough to
    // stay a normal-sized record.
    private static final int GARBAGE_DEPTH = 256;

    private static final MalformedKind[] MALFORMED_KINDS = MalformedKind.values();

    private final SimulatorOptions options;
    private final PlantModel plant;
    private final List<SimulatedAsset> assets;
    private final long startEpochMillis;
    private final long intervalMillis;
    private final double intervalSeconds;
    private final long lateByMillis;
    private final long driftStartEpochMillis;
    private final Set<String> driftingAssetIds;

    private long nextTick;
    private double[] load;
    private double[] temperature;
    private List<TelemetryRecord> heldBack;
    private long malformedSent;

    /** A generator over the plant the options describe. */
    public TelemetryGenerator(SimulatorOptions options, long startEpochMillis) {
        this(options, PlantModel.of(options), startEpochMillis);
    }

    /** A generator over the given plant; the options' plant counts are then ignored. */
    public TelemetryGenerator(SimulatorOptions options, PlantModel plant, long startEpochMillis) {
        this.options = options;
        this.plant = plant;
        this.assets = plant.assets();
        this.startEpochMillis = startEpochMillis;
        this.intervalMillis = options.interval().toMillis();
        this.intervalSeconds = intervalMillis / 1000.0;
        this.lateByMillis = options.lateBy().toMillis();
        this.driftStartEpochMillis =
                options.driftStart()
                        .map(d -> startEpochMillis + d.toMillis())
                        .orElse(Long.MAX_VALUE);
        this.driftingAssetIds = chooseDriftingAssets();
        reset();
    }

    /**
     * The records of tick {@code tick}: this tick's records, then duplicates of them, then the
     * records held back from the previous tick.
     */
    public List<TelemetryRecord> recordsForTick(long tick) {
        if (tick < 0) {
            throw new IllegalArgumentException("tick must be 0 or more, got " + tick);
        }
        if (tick < nextTick) {
            reset();
        }
        while (nextTick < tick) {
            generate(nextTick);
        }
        return generate(tick);
    }

    /**
     * The records tick {@code tick} held back for the next tick. A runner that stops after this
     * tick sends them so nothing generated is lost.
     */
    public List<TelemetryRecord> heldBackAfterTick(long tick) {
        if (tick != nextTick - 1) {
            recordsForTick(tick);
        }
        return Collections.unmodifiableList(new ArrayList<>(heldBack));
    }

    /** The timestamp every sample of tick {@code tick} carries (before any late shift). */
    public long tickTimestamp(long tick) {
        return startEpochMillis + tick * intervalMillis;
    }

    public long startEpochMillis() {
        return startEpochMillis;
    }

    public PlantModel plant() {
        return plant;
    }

    /** Ids of the assets whose drift signal gets the offset; empty when drift is off. */
    public Set<String> driftingAssetIds() {
        return driftingAssetIds;
    }

    /**
     * Samples stamped at or after this time carry the drift offset; MAX_VALUE when drift is off.
     */
    public long driftStartEpochMillis() {
        return driftStartEpochMillis;
    }

    private void reset() {
        nextTick = 0;
        heldBack = new ArrayList<>();
        malformedSent = 0;
        load = new double[assets.size()];
        temperature = new double[assets.size()];
        for (int i = 0; i < assets.size(); i++) {
            SimulatedAsset asset = assets.get(i);
            AssetPhysics p = asset.physics();
            // Start in thermal equilibrium so the first minutes are not a warm-up transient.
            load[i] = p.loadSetpoint;
            double ambient = plant.ambientTemperature(asset.site(), startEpochMillis);
            temperature[i] = p.thermalTarget(ambient, load[i]);
        }
    }

    private Set<String> chooseDriftingAssets() {
        if (!options.driftStart().isPresent()) {
            return Collections.emptySet();
        }
        Signal signal = options.driftSignal();
        List<SimulatedAsset> eligible = new ArrayList<>();
        for (SimulatedAsset a : assets) {
            if (a.type().has(signal)) {
                eligible.add(a);
            }
        }
        long seed = plant.seed();
        // A seeded shuffle by key, so the chosen assets are spread over sites and lines and the
        // same fraction always picks the same assets.
        eligible.sort(
                Comparator.comparingLong(
                                (SimulatedAsset a) ->
                                        Seeds.derive(seed, Seeds.DRIFT, Seeds.ofText(a.id())))
                        .thenComparing(SimulatedAsset::id));
        double fraction = options.driftAssetFraction();
        int count = (int) Math.round(fraction * eligible.size());
        if (fraction > 0 && count == 0 && !eligible.isEmpty()) {
            count = 1;
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
            ids.add(eligible.get(i).id());
        }
        return Collections.unmodifiableSet(ids);
    }

    private List<TelemetryRecord> generate(long tick) {
        long ts = tickTimestamp(tick);
        long seed = plant.seed();
        List<TelemetryRecord> out = new ArrayList<>();
        List<TelemetryRecord> duplicates = new ArrayList<>();
        List<TelemetryRecord> held = new ArrayList<>();
        for (int i = 0; i < assets.size(); i++) {
            SimulatedAsset asset = assets.get(i);
            long assetKey = Seeds.ofText(asset.id());
            Random physics = Seeds.random(seed, Seeds.PHYSICS, assetKey, tick);
            Random faults = Seeds.random(seed, Seeds.FAULTS, assetKey, tick);
            double ambient = plant.ambientTemperature(asset.site(), ts);
            advance(i, asset.physics(), ambient, tick, physics.nextGaussian());

            List<Sample> grouped = new ArrayList<>();
            List<Sample> flat = new ArrayList<>();
            for (Signal signal : asset.signals()) {
                double value = measure(i, asset.physics(), signal, ambient, physics.nextGaussian());
                // Always draw all four so one knob does not shift the others' random choices.
                double uMissing = faults.nextDouble();
                double uBad = faults.nextDouble();
                double uBadCode = faults.nextDouble();
                double uFlat = faults.nextDouble();
                if (uMissing < options.missingFraction()) {
                    continue;
                }
                int quality =
                        uBad < options.badQualityFraction()
                                ? BAD_QUALITIES[(int) (uBadCode * BAD_QUALITIES.length)]
                                : QUALITY_GOOD;
                Sample sample = new Sample(signal, asset.tagPath(signal), value, quality, ts);
                if (uFlat < options.flatFraction()) {
                    flat.add(sample);
                } else {
                    grouped.add(sample);
                }
            }

            List<List<Sample>> records = new ArrayList<>();
            if (!grouped.isEmpty()) {
                records.add(grouped);
            }
            for (Sample s : flat) {
                records.add(Collections.singletonList(s));
            }
            for (int r = 0; r < records.size(); r++) {
                List<Sample> samples = records.get(r);
                boolean isFlat = grouped.isEmpty() || r > 0;
                double uMalformed = faults.nextDouble();
                double uLate = faults.nextDouble();
                double uHold = faults.nextDouble();
                double uDuplicate = faults.nextDouble();
                if (uMalformed < options.malformedFraction()) {
                    MalformedKind kind =
                            MALFORMED_KINDS[(int) (malformedSent++ % MALFORMED_KINDS.length)];
                    out.add(
                            TelemetryRecord.malformed(
                                    asset.id(), malformed(kind, samples), tick, kind));
                    continue;
                }
                boolean late = uLate < options.lateFraction();
                if (late) {
                    for (Sample s : samples) {
                        s.ts -= lateByMillis;
                    }
                }
                applyDrift(asset, samples);
                TelemetryRecord record =
                        TelemetryRecord.sample(
                                asset.id(),
                                isFlat ? flatJson(samples.get(0)) : tagMapJson(samples),
                                tick,
                                samples.size(),
                                badQualityCount(samples),
                                isFlat,
                                late);
                boolean duplicate = uDuplicate < options.duplicateFraction();
                if (uHold < options.outOfOrderFraction()) {
                    TelemetryRecord delayed = record.asOutOfOrder();
                    held.add(delayed);
                    if (duplicate) {
                        held.add(delayed.asDuplicate());
                    }
                } else {
                    out.add(record);
                    if (duplicate) {
                        duplicates.add(record.asDuplicate());
                    }
                }
            }
        }
        out.addAll(duplicates);
        out.addAll(heldBack);
        heldBack = held;
        nextTick = tick + 1;
        return out;
    }

    private void advance(int i, AssetPhysics p, double ambient, long tick, double gaussian) {
        if (tick == 0) {
            return;
        }
        load[i] = p.nextLoad(load[i], intervalSeconds, gaussian);
        temperature[i] =
                p.nextTemperature(
                        temperature[i], p.thermalTarget(ambient, load[i]), intervalSeconds);
    }

    private double measure(int i, AssetPhysics p, Signal signal, double ambient, double gaussian) {
        double noise = signal.noiseStdDev() * gaussian;
        switch (signal) {
            case LOAD:
                return clamp(load[i] + noise, 0, 100);
            case AMBIENT_TEMP:
                return ambient + p.ambientSensorOffset + noise;
            case BEARING_TEMP:
            case DISCHARGE_TEMP:
                return temperature[i] + noise;
            case VIBRATION:
                return Math.max(0, p.vibration(load[i]) + noise);
            case FLOW:
                return Math.max(0, p.flow(load[i]) + noise);
            case DISCHARGE_PRESSURE:
                return Math.max(0, p.dischargePressure(load[i]) + noise);
            case MOTOR_CURRENT:
                return Math.max(0, p.motorCurrent(load[i]) + noise);
            default:
                throw new IllegalStateException("no model for signal " + signal);
        }
    }

    private void applyDrift(SimulatedAsset asset, List<Sample> samples) {
        if (!driftingAssetIds.contains(asset.id())) {
            return;
        }
        for (Sample s : samples) {
            // Decided on the sample's own (possibly late) timestamp: a late sample describes an
            // earlier moment, before or after the sensor started drifting.
            if (s.signal == options.driftSignal() && s.ts >= driftStartEpochMillis) {
                s.value += options.driftOffset();
            }
        }
    }

    private static int badQualityCount(List<Sample> samples) {
        int n = 0;
        for (Sample s : samples) {
            if (s.quality != QUALITY_GOOD) {
                n++;
            }
        }
        return n;
    }

    /**
     * The bad message of {@code kind} the simulator sends in place of a record, built around one
     * good-quality sample; for benchmarks and tests that want the same bad input.
     */
    public static String malformedMessage(
            MalformedKind kind, Signal signal, String tagPath, double value, long ts) {
        return malformed(
                kind,
                Collections.singletonList(new Sample(signal, tagPath, value, QUALITY_GOOD, ts)));
    }

    private static String malformed(MalformedKind kind, List<Sample> samples) {
        Sample s = samples.get(0);
        String tag = quote(s.tag);
        String value = number(s.value, s.signal.decimals());
        switch (kind) {
            case TRUNCATED_JSON:
                String full = tagMapJson(samples);
                // Any proper prefix of a JSON object is incomplete; cut at two thirds.
                return full.substring(0, Math.max(1, full.length() * 2 / 3));
            case STRING_VALUE:
                return "{"
                        + tag
                        + ":[{\"v\":\"abc\",\"q\":"
                        + s.quality
                        + ",\"ts\":"
                        + s.ts
                        + "}]}";
            case NAN_LITERAL:
                return "{" + tag + ":[{\"v\":NaN,\"q\":" + s.quality + ",\"ts\":" + s.ts + "}]}";
            case MISSING_TS:
                return "{" + tag + ":[{\"v\":" + value + ",\"q\":" + s.quality + "}]}";
            case TAG_WITHOUT_SEPARATOR:
                // A gateway configured with dots instead of slashes: no asset id can be derived.
                return "{"
                        + quote(s.tag.replace('/', '.'))
                        + ":[{\"v\":"
                        + value
                        + ",\"q\":"
                        + s.quality
                        + ",\"ts\":"
                        + s.ts
                        + "}]}";
            case FUTURE_TIMESTAMP:
                return "{"
                        + tag
                        + ":[{\"v\":"
                        + value
                        + ",\"q\":"
                        + s.quality
                        + ",\"ts\":"
                        + (s.ts + FUTURE_SKEW_MILLIS)
                        + "}]}";
            case NESTED_ARRAY_GARBAGE:
                StringBuilder sb = new StringBuilder("{").append(tag).append(':');
                for (int d = 0; d < GARBAGE_DEPTH; d++) {
                    sb.append('[');
                }
                sb.append("1,\"x\",null");
                for (int d = 0; d < GARBAGE_DEPTH; d++) {
                    sb.append(']');
                }
                return sb.append('}').toString();
            case TOP_LEVEL_ARRAY:
                return "[" + tagMapJson(Collections.singletonList(s)) + "]";
            default:
                throw new IllegalStateException("unhandled kind " + kind);
        }
    }

    /** {@code {"<tag>":[{"v":..,"q":..,"ts":..}],...}}: N3uron's grouped form. */
    private static String tagMapJson(List<Sample> samples) {
        StringBuilder sb = new StringBuilder(64 * samples.size()).append('{');
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(s.tag))
                    .append(":[{\"v\":")
                    .append(number(s.value, s.signal.decimals()))
                    .append(",\"q\":")
                    .append(s.quality)
                    .append(",\"ts\":")
                    .append(s.ts)
                    .append("}]");
        }
        return sb.append('}').toString();
    }

    /** {@code {"tag":"<tag>","v":..,"q":..,"ts":..}}: the single-sample form. */
    private static String flatJson(Sample s) {
        return "{\"tag\":"
                + quote(s.tag)
                + ",\"v\":"
                + number(s.value, s.signal.decimals())
                + ",\"q\":"
                + s.quality
                + ",\"ts\":"
                + s.ts
                + "}";
    }

    /**
     * Rounds to the signal's decimals and keeps at least one decimal, like a gateway reporting a
     * float tag ({@code 61.25}, {@code 73.1}, {@code 40.0}).
     */
    static String number(double value, int decimals) {
        BigDecimal d =
                BigDecimal.valueOf(value)
                        .setScale(decimals, RoundingMode.HALF_EVEN)
                        .stripTrailingZeros();
        if (d.scale() < 1) {
            d = d.setScale(1, RoundingMode.UNNECESSARY);
        }
        return d.toPlainString();
    }

    private static String quote(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }

    /** One sample on its way into a record; mutable only while faults are applied. */
    private static final class Sample {
        final Signal signal;
        final String tag;
        double value;
        final int quality;
        long ts;

        Sample(Signal signal, String tag, double value, int quality, long ts) {
            this.signal = signal;
            this.tag = tag;
            this.value = value;
            this.quality = quality;
            this.ts = ts;
        }
    }
}
