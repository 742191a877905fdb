package io.flowcast.stream.bench;

import io.flowcast.stream.local.simulator.MalformedKind;
import io.flowcast.stream.local.simulator.Signal;
import io.flowcast.stream.local.simulator.TelemetryGenerator;
import io.flowcast.stream.source.RawTelemetryRecord;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

/**
 * One workload of {@link ParseBenchmark}: a fixed array of pre-built Kinesis records, the
 * processing time to parse them at, and how many samples and dead letters they must yield.
 *
 * <p>The payloads follow what N3uron gateways (and the local simulator, {@code
 * io.flowcast.stream.local.simulator.TelemetryGenerator}) send: tag paths {@code
 * SiteA/Line1/Pump-001/BearingTemp}, values rounded to the signal's decimals with at least one
 * decimal ({@code 61.25}, {@code 73.1}), quality 192, epoch-millisecond timestamps one second
 * apart. They are built here rather than taken from the simulator so the benchmark controls the
 * exact shape of every scenario (samples per tag, the malformed share) and does not change its
 * figures when the simulator's physics or fault model change.
 *
 * <p>Records cycle over {@value #ASSETS} pump assets, so the parser's tag cache holds a realistic
 * number of tags and no single record is replayed back to back. Everything is seeded: two runs
 * parse byte-identical input.
 */
final class ParseScenario {

    /** Distinct assets the records cycle over: 4 sites x 4 lines x 2 pumps. */
    static final int ASSETS = 32;

    /** Timestamp of the first sample: 2024-11-21T23:00:00Z, the value in the message examples. */
    static final long BASE_EPOCH_MILLIS = 1_732_230_000_000L;

    /** Gateway sampling interval. */
    static final long INTERVAL_MILLIS = 1_000L;

    /**
     * How far processing time is ahead of the newest sample: the usual gateway-to-Flink latency.
     * Small against both plausibility windows (5 min ahead, 7 days back), so every well-formed
     * sample is accepted and the benchmark measures the accept path, not a rejection.
     */
    static final long INGEST_LAG_MILLIS = 2_000L;

    /** Samples per tag in a batched record: a gateway that buffers 10 s of 1 s data. */
    static final int BATCH_SAMPLES_PER_TAG = 10;

    /** Every {@code MALFORMED_EVERY}-th record of the mixed scenario is malformed: 5%. */
    static final int MALFORMED_EVERY = 20;

    private static final String[] SIGNALS = {
        "Load", "AmbientTemp", "BearingTemp", "Vibration", "Flow", "DischargePressure"
    };

    /** Decimals the gateway reports per signal, as configured for the simulator's pumps. */
    private static final int[] DECIMALS = {1, 2, 2, 3, 1, 3};

    /** Typical operating point per signal; values wander around it. */
    private static final double[] CENTRE = {73.0, 21.5, 61.0, 2.8, 120.0, 4.5};

    /** Size of the random wander per signal, so digits and lengths vary like real data. */
    private static final double[] SPREAD = {5.0, 2.0, 4.0, 0.4, 10.0, 0.3};

    private static final int QUALITY_GOOD = 192;

    final String name;
    final RawTelemetryRecord[] records;

    /** Processing time passed to the parser: newest sample in the scenario plus the ingest lag. */
    final long nowMillis;

    /** Samples the whole array must yield; checked once before measuring. */
    final long expectedSamples;

    /** Dead letters the whole array must yield; checked once before measuring. */
    final long expectedDeadLetters;

    private ParseScenario(
            String name,
            RawTelemetryRecord[] records,
            long newestSampleMillis,
            long expectedSamples,
            long expectedDeadLetters) {
        this.name = name;
        this.records = records;
        this.nowMillis = newestSampleMillis + INGEST_LAG_MILLIS;
        this.expectedSamples = expectedSamples;
        this.expectedDeadLetters = expectedDeadLetters;
    }

    /** Accepted samples per record on average (what turns records/s into samples/s). */
    double samplesPerRecord() {
        return (double) expectedSamples / records.length;
    }

    /** Mean payload size in bytes. */
    double meanPayloadBytes() {
        long total = 0;
        for (RawTelemetryRecord r : records) {
            total += r.payload.length;
        }
        return (double) total / records.length;
    }

    /**
     * (a) The common gateway record: one asset, 6 signals x 1 sample, about 450 bytes (the
     * simulator's pump records are 445).
     */
    static ParseScenario typical(int count) {
        Random random = new Random(1);
        RawTelemetryRecord[] records = new RawTelemetryRecord[count];
        long newest = 0;
        for (int i = 0; i < count; i++) {
            int asset = i % ASSETS;
            long ts = BASE_EPOCH_MILLIS + (i / ASSETS) * INTERVAL_MILLIS;
            records[i] = record(i, asset, tagMap(asset, ts, 1, random), ts);
            newest = Math.max(newest, ts);
        }
        return new ParseScenario("typical", records, newest, (long) count * SIGNALS.length, 0);
    }

    /** (b) A batched record: one asset, 6 signals x 10 samples one second apart. */
    static ParseScenario batched(int count) {
        Random random = new Random(2);
        RawTelemetryRecord[] records = new RawTelemetryRecord[count];
        long newest = 0;
        for (int i = 0; i < count; i++) {
            int asset = i % ASSETS;
            long first = BASE_EPOCH_MILLIS + (i / ASSETS) * BATCH_SAMPLES_PER_TAG * INTERVAL_MILLIS;
            long last = first + (BATCH_SAMPLES_PER_TAG - 1) * INTERVAL_MILLIS;
            records[i] =
                    record(i, asset, tagMap(asset, first, BATCH_SAMPLES_PER_TAG, random), last);
            newest = Math.max(newest, last);
        }
        return new ParseScenario(
                "batched",
                records,
                newest,
                (long) count * SIGNALS.length * BATCH_SAMPLES_PER_TAG,
                0);
    }

    /** (c) The flat single-sample form {@code {"tag":..,"v":..,"q":..,"ts":..}}. */
    static ParseScenario flat(int count) {
        Random random = new Random(3);
        RawTelemetryRecord[] records = new RawTelemetryRecord[count];
        long newest = 0;
        for (int i = 0; i < count; i++) {
            int asset = i % ASSETS;
            int signal = (i / ASSETS) % SIGNALS.length;
            long ts = BASE_EPOCH_MILLIS + (i / (ASSETS * SIGNALS.length)) * INTERVAL_MILLIS;
            String json =
                    "{\"tag\":"
                            + quote(tagPath(asset, signal))
                            + ",\"v\":"
                            + value(signal, random)
                            + ",\"q\":"
                            + QUALITY_GOOD
                            + ",\"ts\":"
                            + ts
                            + "}";
            records[i] = record(i, asset, json, ts);
            newest = Math.max(newest, ts);
        }
        return new ParseScenario("flat", records, newest, count, 0);
    }

    /**
     * (d) Typical records with every 20th one (5%) replaced by a bad message, the eight kinds the
     * simulator sends in turn. Each bad message yields exactly one dead letter and no sample, so
     * the difference to {@link #typical} is the cost of the dead-letter path.
     */
    static ParseScenario mixed(int count) {
        Random random = new Random(4);
        MalformedKind[] kinds = MalformedKind.values();
        RawTelemetryRecord[] records = new RawTelemetryRecord[count];
        long newest = 0;
        long samples = 0;
        long deadLetters = 0;
        int malformedSent = 0;
        for (int i = 0; i < count; i++) {
            int asset = i % ASSETS;
            long ts = BASE_EPOCH_MILLIS + (i / ASSETS) * INTERVAL_MILLIS;
            String json;
            if (i % MALFORMED_EVERY == MALFORMED_EVERY - 1) {
                json = malformed(kinds[malformedSent++ % kinds.length], asset, ts, random);
                deadLetters++;
            } else {
                json = tagMap(asset, ts, 1, random);
                samples += SIGNALS.length;
            }
            records[i] = record(i, asset, json, ts);
            newest = Math.max(newest, ts);
        }
        return new ParseScenario("mixed", records, newest, samples, deadLetters);
    }

    /** {@code {"<tag>":[{"v":..,"q":..,"ts":..}, ...], ...}} with every signal of the asset. */
    private static String tagMap(int asset, long firstTs, int samplesPerTag, Random random) {
        StringBuilder sb = new StringBuilder(96 * SIGNALS.length * samplesPerTag).append('{');
        for (int s = 0; s < SIGNALS.length; s++) {
            if (s > 0) {
                sb.append(',');
            }
            sb.append(quote(tagPath(asset, s))).append(":[");
            for (int k = 0; k < samplesPerTag; k++) {
                if (k > 0) {
                    sb.append(',');
                }
                appendSample(sb, value(s, random), firstTs + k * INTERVAL_MILLIS);
            }
            sb.append(']');
        }
        return sb.append('}').toString();
    }

    private static void appendSample(StringBuilder sb, String value, long ts) {
        sb.append("{\"v\":")
                .append(value)
                .append(",\"q\":")
                .append(QUALITY_GOOD)
                .append(",\"ts\":")
                .append(ts)
                .append('}');
    }

    /** One bad message of the kind the simulator sends, around the asset's bearing temperature. */
    private static String malformed(MalformedKind kind, int asset, long ts, Random random) {
        int signal = 2; // BearingTemp: one fixed choice keeps the bad messages comparable
        return TelemetryGenerator.malformedMessage(
                kind,
                Signal.BEARING_TEMP,
                tagPath(asset, signal),
                Double.parseDouble(value(signal, random)),
                ts);
    }

    /**
     * A record as the Kinesis source hands it over: the asset id as partition key (as gateways and
     * the simulator set it), arrival a little after the newest sample.
     */
    private static RawTelemetryRecord record(int index, int asset, String json, long newestTs) {
        return new RawTelemetryRecord(
                json.getBytes(StandardCharsets.UTF_8),
                "arn:aws:kinesis:eu-west-1:123456789012:stream/telemetry",
                String.format(Locale.ROOT, "shardId-%012d", asset % 4),
                String.format(
                        Locale.ROOT, "4959033827149025660855969253836157109592157598%010d", index),
                assetId(asset),
                newestTs + 300);
    }

    /** {@code SiteA/Line1/Pump-001}; pumps sit at odd positions, as in the simulator's plant. */
    private static String assetId(int asset) {
        int site = asset / 8;
        int line = (asset / 2) % 4;
        int pump = 1 + 2 * (asset % 2);
        return String.format(
                Locale.ROOT, "Site%c/Line%d/Pump-%03d", (char) ('A' + site), line + 1, pump);
    }

    private static String tagPath(int asset, int signal) {
        return assetId(asset) + "/" + SIGNALS[signal];
    }

    /**
     * A value near the signal's operating point, rounded to its decimals with at least one decimal
     * kept: {@code 61.25}, {@code 73.1}, {@code 40.0}. Number length matters to parse cost.
     */
    private static String value(int signal, Random random) {
        double v = CENTRE[signal] + SPREAD[signal] * (2 * random.nextDouble() - 1);
        BigDecimal d =
                BigDecimal.valueOf(v)
                        .setScale(DECIMALS[signal], RoundingMode.HALF_EVEN)
                        .stripTrailingZeros();
        if (d.scale() < 1) {
            d = d.setScale(1, RoundingMode.UNNECESSARY);
        }
        return d.toPlainString();
    }

    /** Tag paths here are plain ASCII without quotes or backslashes, so quoting is just quotes. */
    private static String quote(String text) {
        return '"' + text + '"';
    }
}
