package io.flowcast.stream.source;

import java.util.Arrays;
import java.util.Objects;

/**
 * One Kinesis record exactly as it arrived, with where it came from. The source does no parsing: a
 * record that cannot be parsed must still reach the dead-letter output with its shard and sequence
 * number, which only works if parsing happens downstream of the source.
 *
 * <p>A Flink POJO (public no-arg constructor, public fields) so it serializes without Kryo.
 */
public class RawTelemetryRecord {

    /** The record's data bytes, unmodified. */
    public byte[] payload;

    /** ARN (or name) of the stream the record was read from. */
    public String stream;

    public String shardId;

    public String sequenceNumber;

    /** The partition key the producer chose (the asset id, for the simulator and gateways). */
    public String partitionKey;

    /** Kinesis approximate arrival time in epoch milliseconds, or null when unknown. */
    public Long arrivalTimeMillis;

    public RawTelemetryRecord() {}

    public RawTelemetryRecord(
            byte[] payload,
            String stream,
            String shardId,
            String sequenceNumber,
            String partitionKey,
            Long arrivalTimeMillis) {
        this.payload = payload;
        this.stream = stream;
        this.shardId = shardId;
        this.sequenceNumber = sequenceNumber;
        this.partitionKey = partitionKey;
        this.arrivalTimeMillis = arrivalTimeMillis;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RawTelemetryRecord)) {
            return false;
        }
        RawTelemetryRecord that = (RawTelemetryRecord) o;
        return Arrays.equals(payload, that.payload)
                && Objects.equals(stream, that.stream)
                && Objects.equals(shardId, that.shardId)
                && Objects.equals(sequenceNumber, that.sequenceNumber)
                && Objects.equals(partitionKey, that.partitionKey)
                && Objects.equals(arrivalTimeMillis, that.arrivalTimeMillis);
    }

    @Override
    public int hashCode() {
        return Objects.hash(stream, shardId, sequenceNumber);
    }

    @Override
    public String toString() {
        return "RawTelemetryRecord{shard="
                + shardId
                + ", seq="
                + sequenceNumber
                + ", bytes="
                + (payload == null ? 0 : payload.length)
                + "}";
    }
}
