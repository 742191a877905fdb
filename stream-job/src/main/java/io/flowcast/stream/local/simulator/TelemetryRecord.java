package io.flowcast.stream.local.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One Kinesis record the simulator produced: the partition key (the asset id) and the UTF-8 JSON
 * payload, plus what the simulator did to it, for statistics and tests.
 *
 * <p>The payload is exactly what goes to Kinesis; the flags are never sent. Immutable: the payload
 * is copied in and out.
 */
public final class TelemetryRecord {

    private final String partitionKey;
    private final byte[] data;
    private final long tick;
    private final int sampleCount;
    private final int badQualitySamples;
    private final boolean flat;
    private final boolean late;
    private final boolean outOfOrder;
    private final boolean duplicate;
    private final MalformedKind malformedKind;

    private TelemetryRecord(
            String partitionKey,
            byte[] data,
            long tick,
            int sampleCount,
            int badQualitySamples,
            boolean flat,
            boolean late,
            boolean outOfOrder,
            boolean duplicate,
            MalformedKind malformedKind) {
        this.partitionKey = partitionKey;
        this.data = data;
        this.tick = tick;
        this.sampleCount = sampleCount;
        this.badQualitySamples = badQualitySamples;
        this.flat = flat;
        this.late = late;
        this.outOfOrder = outOfOrder;
        this.duplicate = duplicate;
        this.malformedKind = malformedKind;
    }

    /** A well-formed record holding {@code sampleCount} samples. */
    static TelemetryRecord sample(
            String partitionKey,
            String json,
            long tick,
            int sampleCount,
            int badQualitySamples,
            boolean flat,
            boolean late) {
        return new TelemetryRecord(
                Objects.requireNonNull(partitionKey),
                json.getBytes(StandardCharsets.UTF_8),
                tick,
                sampleCount,
                badQualitySamples,
                flat,
                late,
                false,
                false,
                null);
    }

    /** A bad message sent in place of a good record; it counts no samples. */
    static TelemetryRecord malformed(
            String partitionKey, String text, long tick, MalformedKind kind) {
        return new TelemetryRecord(
                Objects.requireNonNull(partitionKey),
                text.getBytes(StandardCharsets.UTF_8),
                tick,
                0,
                0,
                false,
                false,
                false,
                false,
                Objects.requireNonNull(kind));
    }

    /**
     * Creates a record for tests and for callers that feed their own payloads to a {@link
     * RecordPublisher}.
     */
    public static TelemetryRecord of(String partitionKey, byte[] data) {
        return new TelemetryRecord(
                Objects.requireNonNull(partitionKey, "partitionKey"),
                data.clone(),
                0,
                0,
                0,
                false,
                false,
                false,
                false,
                null);
    }

    /** The same bytes, marked as a re-send. */
    TelemetryRecord asDuplicate() {
        return new TelemetryRecord(
                partitionKey,
                data,
                tick,
                sampleCount,
                badQualitySamples,
                flat,
                late,
                outOfOrder,
                true,
                malformedKind);
    }

    /** The same bytes, marked as held back past the next tick. */
    TelemetryRecord asOutOfOrder() {
        return new TelemetryRecord(
                partitionKey,
                data,
                tick,
                sampleCount,
                badQualitySamples,
                flat,
                late,
                true,
                duplicate,
                malformedKind);
    }

    /** The asset id, e.g. {@code SiteA/Line1/Pump-001}. */
    public String partitionKey() {
        return partitionKey;
    }

    /** A copy of the payload bytes (UTF-8). */
    public byte[] data() {
        return data.clone();
    }

    /** The payload as text. */
    public String json() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** Payload size in bytes. */
    public int dataSize() {
        return data.length;
    }

    /** The tick that generated the record. */
    public long tick() {
        return tick;
    }

    /** Samples in the payload; 0 for malformed records. */
    public int sampleCount() {
        return sampleCount;
    }

    /** Samples in the payload whose quality is not Good (192). */
    public int badQualitySamples() {
        return badQualitySamples;
    }

    /** True for the flat single-sample form {@code {"tag":...,"v":...,"q":...,"ts":...}}. */
    public boolean isFlat() {
        return flat;
    }

    /** True if its timestamps were moved back by {@code --late-by}. */
    public boolean isLate() {
        return late;
    }

    /** True if it was held back and sent after the next tick's records. */
    public boolean isOutOfOrder() {
        return outOfOrder;
    }

    /** True if it is a byte-identical re-send of an earlier record. */
    public boolean isDuplicate() {
        return duplicate;
    }

    /** The kind of bad message, or empty for a well-formed record. */
    public Optional<MalformedKind> malformedKind() {
        return Optional.ofNullable(malformedKind);
    }

    /** True if the payload is the same bytes as the other record's. */
    public boolean sameBytesAs(TelemetryRecord other) {
        return Arrays.equals(data, other.data);
    }

    @Override
    public String toString() {
        return partitionKey + " " + json();
    }
}
