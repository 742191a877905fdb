package io.flowcast.stream.testing;

import io.flowcast.stream.source.RawTelemetryRecord;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/** Test-data builders for raw Kinesis records, so tests read like the messages they send. */
public final class Records {

    /** A fixed "now" for parser tests: 2024-11-21T23:00:00Z. */
    public static final long NOW = 1_732_230_000_000L;

    public static final long SECOND = 1000L;
    public static final long MINUTE = 60 * SECOND;
    public static final long HOUR = 60 * MINUTE;
    public static final long DAY = 24 * HOUR;

    public static final String STREAM = "arn:aws:kinesis:us-east-1:000000000000:stream/telemetry";

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private Records() {}

    /** A record holding {@code json} as UTF-8, from shard 0 with a fresh sequence number. */
    public static RawTelemetryRecord record(String json) {
        return record(json.getBytes(StandardCharsets.UTF_8));
    }

    public static RawTelemetryRecord record(byte[] payload) {
        return new RawTelemetryRecord(
                payload,
                STREAM,
                "shardId-000000000000",
                String.format("%056d", SEQUENCE.incrementAndGet()),
                "SiteA/Line1/Pump-001",
                NOW - SECOND);
    }

    /** One sample object, e.g. {@code {"v":1.5,"q":192,"ts":...}}. */
    public static String sample(Object value, int quality, long ts) {
        return "{\"v\":" + value + ",\"q\":" + quality + ",\"ts\":" + ts + "}";
    }

    /** A tag-map message with one tag and the given sample objects. */
    public static String tagMap(String tag, String... samples) {
        return "{\"" + tag + "\":[" + String.join(",", samples) + "]}";
    }
}
