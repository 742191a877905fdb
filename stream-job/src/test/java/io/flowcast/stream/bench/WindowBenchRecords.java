package io.flowcast.stream.bench;

import io.flowcast.stream.source.RawTelemetryRecord;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * The input of {@link WindowBenchmark}: a {@link GeneratorFunction} for a bounded {@code
 * DataGeneratorSource} that turns index {@code i} into one Kinesis record of N3uron tag-map JSON,
 * as a gateway sends it: one asset, all {@value #SIGNALS} signals, one sample each.
 *
 * <pre>
 * {"BenchPlant/Line001/Bench-00001/S01":[{"v":42.17,"q":192,"ts":1732230000000}], ... ,
 *  "BenchPlant/Line001/Bench-00001/S20":[{"v":71.03,"q":192,"ts":1732230000000}]}
 * </pre>
 *
 * <p><b>Cheap to generate.</b> The generator runs in the source task, so its cost is part of the
 * measurement; it must not be the JSON encoding. Every asset's payload is pre-built once as a
 * template (asset ids are zero-padded, values always 5 characters {@code dd.dd} and timestamps 13
 * digits, so every field sits at a fixed offset). Generating a record clones the asset's template
 * (a fresh array, as the Kinesis source hands out) and overwrites 20 timestamps and 20 values with
 * pre-encoded bytes: about 1.6 KB copied, no formatting. Values come from a small per-signal pool
 * picked by a hash of (asset, second, signal), so statistics see varying data and the parser sees
 * varying digits.
 *
 * <p><b>Order.</b> A bounded {@code DataGeneratorSource} splits {@code [0, count)} into one
 * contiguous range per source subtask. The index is laid out to match: range {@code c} of {@code p}
 * holds assets {@code [c * assets/p, (c+1) * assets/p)} (like Kinesis shards owning partition
 * keys), and within a range records go second by second over those assets. So every subtask emits
 * in event-time order across all seconds, as a live stream does, and no subtask runs ahead into
 * windows the other has not reached (which would keep every window of the run open at once). If
 * Flink split the range differently, every (asset, second) would still be generated exactly once,
 * only in a less realistic order.
 *
 * <p>Templates are built outside the timed part by {@link #prepare()}, which registers them in a
 * JVM-wide map: the local MiniCluster runs in this JVM, so the deserialized function copy in the
 * task finds them there instead of shipping 16 MB inside the job graph. On a remote cluster the
 * task would build them itself in {@link #open}.
 */
final class WindowBenchRecords implements GeneratorFunction<Long, RawTelemetryRecord> {
    private static final long serialVersionUID = 1L;

    /** Signals per asset: S01..S20 as in {@code flowcast/features/bench20.json}. */
    static final int SIGNALS = 20;

    /** Gateway sampling interval: 1 Hz. */
    static final long INTERVAL_MILLIS = 1_000L;

    /** Largest asset count the zero-padded, fixed-width asset ids allow. */
    static final int MAX_ASSETS = 99_999;

    /** Asset ids look like {@code BenchPlant/Line001/Bench-00001}: 500 assets per line. */
    private static final int ASSETS_PER_LINE = 500;

    private static final String STREAM_ARN =
            "arn:aws:kinesis:eu-west-1:123456789012:stream/window-benchmark";

    /** OPC quality Good. */
    private static final int QUALITY_GOOD = 192;

    /** Pre-encoded values per signal; a power of two so the hash can be masked. */
    private static final int VALUE_POOL = 64;

    private static final int VALUE_CHARS = 5;
    private static final int TIMESTAMP_DIGITS = 13;

    /** Templates by {@link #key()}, shared between the benchmark's main thread and its tasks. */
    private static final Map<String, Templates> PREPARED = new ConcurrentHashMap<>();

    private final int assets;
    private final int seconds;
    private final long startMillis;
    private final int parallelism;

    private transient Templates templates;

    /**
     * @param assets number of assets, 1..{@value #MAX_ASSETS}, a multiple of {@code parallelism}
     * @param seconds seconds of event time, one record per asset per second
     * @param startMillis event time of the first second, epoch milliseconds (13 digits)
     * @param parallelism the source parallelism the index layout is made for
     */
    WindowBenchRecords(int assets, int seconds, long startMillis, int parallelism) {
        if (assets < 1 || assets > MAX_ASSETS) {
            throw new IllegalArgumentException("assets must be 1.." + MAX_ASSETS + ": " + assets);
        }
        if (parallelism < 1 || assets % parallelism != 0) {
            throw new IllegalArgumentException(
                    "assets (" + assets + ") must be a multiple of the parallelism " + parallelism);
        }
        if (seconds < 1) {
            throw new IllegalArgumentException("seconds must be positive: " + seconds);
        }
        long last = startMillis + (seconds - 1) * INTERVAL_MILLIS;
        if (startMillis < 1_000_000_000_000L || last > 9_999_999_999_999L) {
            throw new IllegalArgumentException("timestamps must have 13 digits: " + startMillis);
        }
        this.assets = assets;
        this.seconds = seconds;
        this.startMillis = startMillis;
        this.parallelism = parallelism;
    }

    /** Records the source must emit: one per asset and second. */
    long count() {
        return (long) assets * seconds;
    }

    /** Samples those records hold. */
    long samples() {
        return count() * SIGNALS;
    }

    /**
     * The asset id of asset {@code index} (0-based), e.g. {@code BenchPlant/Line001/Bench-00001}.
     */
    static String assetId(int index) {
        return String.format(
                Locale.ROOT,
                "BenchPlant/Line%03d/Bench-%05d",
                1 + index / ASSETS_PER_LINE,
                index + 1);
    }

    /** The signal name of signal {@code index} (0-based): {@code S01}..{@code S20}. */
    static String signalName(int index) {
        return String.format(Locale.ROOT, "S%02d", index + 1);
    }

    /** Builds the templates now and registers them for the job's tasks; returns the byte size. */
    long prepare() {
        Templates built = PREPARED.computeIfAbsent(key(), k -> new Templates(assets));
        templates = built;
        return built.bytes();
    }

    /** Drops the templates registered by {@link #prepare()}. */
    void release() {
        PREPARED.remove(key());
        templates = null;
    }

    @Override
    public void open(SourceReaderContext readerContext) {
        templates = PREPARED.get(key());
        if (templates == null) {
            templates = new Templates(assets);
        }
    }

    @Override
    public RawTelemetryRecord map(Long index) {
        long i = index;
        long perChunk = count() / parallelism;
        int assetsPerChunk = assets / parallelism;
        int chunk = (int) (i / perChunk);
        long inChunk = i - chunk * perChunk;
        long second = inChunk / assetsPerChunk;
        int asset = chunk * assetsPerChunk + (int) (inChunk - second * assetsPerChunk);
        long ts = startMillis + second * INTERVAL_MILLIS;

        Templates t = templates;
        byte[] payload = t.payloads[asset].clone();
        byte[] digits = new byte[TIMESTAMP_DIGITS];
        long rest = ts;
        for (int d = TIMESTAMP_DIGITS - 1; d >= 0; d--) {
            digits[d] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        for (int s = 0; s < SIGNALS; s++) {
            System.arraycopy(digits, 0, payload, t.timestampOffsets[s], TIMESTAMP_DIGITS);
            int h = (int) (second * 0x9E3779B9L + asset * 0x85EBCA6BL + s * 0xC2B2AE35L);
            h ^= h >>> 15;
            System.arraycopy(
                    t.values[s][h & (VALUE_POOL - 1)], 0, payload, t.valueOffsets[s], VALUE_CHARS);
        }
        return new RawTelemetryRecord(
                payload,
                STREAM_ARN,
                t.shardIds[chunk % t.shardIds.length],
                Long.toString(i),
                t.assetIds[asset],
                ts + 300);
    }

    private String key() {
        return assets + "/" + startMillis;
    }

    /**
     * Everything {@link #map} copies from: one payload template per asset with placeholder values
     * and timestamps, the offsets of those placeholders (the same in every template), the value
     * pool and the strings of the record's metadata.
     */
    private static final class Templates {
        final byte[][] payloads;
        final int[] timestampOffsets = new int[SIGNALS];
        final int[] valueOffsets = new int[SIGNALS];
        final byte[][][] values = new byte[SIGNALS][VALUE_POOL][];
        final String[] assetIds;
        final String[] shardIds = new String[4];

        Templates(int assets) {
            payloads = new byte[assets][];
            assetIds = new String[assets];
            for (int a = 0; a < assets; a++) {
                assetIds[a] = assetId(a);
                payloads[a] = template(assetIds[a], a == 0);
                if (payloads[a].length != payloads[0].length) {
                    throw new IllegalStateException("templates must all have one layout");
                }
            }
            for (int s = 0; s < SIGNALS; s++) {
                // Signal s wanders +-5 around 20 + 3s: always 10.00..99.99, five characters.
                double centre = 20 + 3 * s;
                for (int k = 0; k < VALUE_POOL; k++) {
                    double v = centre - 5 + 10.0 * k / (VALUE_POOL - 1);
                    values[s][k] =
                            String.format(Locale.ROOT, "%5.2f", v)
                                    .getBytes(StandardCharsets.US_ASCII);
                    if (values[s][k].length != VALUE_CHARS || values[s][k][0] == ' ') {
                        throw new IllegalStateException("value must have 5 characters: " + v);
                    }
                }
            }
            for (int k = 0; k < shardIds.length; k++) {
                shardIds[k] = String.format(Locale.ROOT, "shardId-%012d", k);
            }
        }

        /** The asset's payload; records the placeholder offsets when {@code recordOffsets}. */
        private byte[] template(String assetId, boolean recordOffsets) {
            StringBuilder json = new StringBuilder(SIGNALS * 80).append('{');
            for (int s = 0; s < SIGNALS; s++) {
                if (s > 0) {
                    json.append(',');
                }
                json.append('"').append(assetId).append('/').append(signalName(s));
                json.append("\":[{\"v\":");
                if (recordOffsets) {
                    valueOffsets[s] = json.length();
                }
                json.append("10.00,\"q\":").append(QUALITY_GOOD).append(",\"ts\":");
                if (recordOffsets) {
                    timestampOffsets[s] = json.length();
                }
                json.append("1000000000000}]");
            }
            // ASCII only, so string offsets are byte offsets.
            return json.append('}').toString().getBytes(StandardCharsets.US_ASCII);
        }

        long bytes() {
            return (long) payloads.length * payloads[0].length;
        }
    }
}
