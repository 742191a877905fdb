package io.flowcast.stream.source;

import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kinesis.source.serialization.KinesisDeserializationSchema;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.Record;
import org.apache.flink.util.Collector;

/**
 * Wraps each Kinesis record, unparsed, with its stream, shard, sequence number, partition key and
 * arrival time. It never throws on content: parsing (and rejecting) happens in the next operator so
 * that bad input becomes a dead letter, not a failed source.
 *
 * <p>The {@code Record} type is the one the connector's own API exposes (relocated inside {@code
 * flink-connector-kinesis}); no other class of ours touches it.
 */
public final class RawRecordDeserializationSchema
        implements KinesisDeserializationSchema<RawTelemetryRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(
            Record record, String stream, String shardId, Collector<RawTelemetryRecord> output) {
        Instant arrival = record.approximateArrivalTimestamp();
        output.collect(
                new RawTelemetryRecord(
                        record.data().asByteArrayUnsafe(),
                        stream,
                        shardId,
                        record.sequenceNumber(),
                        record.partitionKey(),
                        arrival == null ? null : arrival.toEpochMilli()));
    }

    @Override
    public TypeInformation<RawTelemetryRecord> getProducedType() {
        return TypeInformation.of(RawTelemetryRecord.class);
    }
}
