package io.flowcast.stream.sink.lake;

import static io.flowcast.stream.sink.lake.LakeSchemas.optional;
import static io.flowcast.stream.sink.lake.LakeSchemas.optionalString;
import static io.flowcast.stream.sink.lake.LakeSchemas.optionalTimestamp;
import static io.flowcast.stream.sink.lake.LakeSchemas.required;
import static io.flowcast.stream.sink.lake.LakeSchemas.requiredTimestamp;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BOOLEAN;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;

import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.sink.warehouse.DeadLetterRow;
import org.apache.parquet.schema.MessageType;

/**
 * The {@value #DATASET} dataset: one row per {@link DeadLetter}, every field; the payload is the
 * text the dead letter holds (UTF-8, or base64 when {@code payload_encoding} says so), and {@code
 * dead_letter_id} is the warehouse's deterministic id ({@link DeadLetterRow#idOf}), the key to
 * deduplicate a replay by. Schema: {@code schemas/lake/dead-letters.parquet.txt}.
 */
public final class DeadLetterParquet implements ParquetRecordMapper<DeadLetter> {
    private static final long serialVersionUID = 1L;

    public static final String DATASET = "dead-letters";

    static final MessageType SCHEMA =
            new MessageType(
                    "dead_letter",
                    optionalString("dead_letter_id"),
                    optionalString("reason"),
                    optionalString("detail"),
                    optionalString("stage"),
                    optionalString("tag_path"),
                    optional(INT32, "sample_index"),
                    optionalString("payload"),
                    optionalString("payload_encoding"),
                    required(INT32, "payload_bytes"),
                    required(BOOLEAN, "payload_truncated"),
                    optionalString("stream"),
                    optionalString("shard_id"),
                    optionalString("sequence_number"),
                    optionalString("partition_key"),
                    optionalTimestamp("arrival_time"),
                    requiredTimestamp("detected_at"));

    @Override
    public String dataset() {
        return DATASET;
    }

    @Override
    public MessageType schema() {
        return SCHEMA;
    }

    @Override
    public void write(DeadLetter d, ParquetRow row) {
        row.string("dead_letter_id", DeadLetterRow.idOf(d));
        row.string("reason", d.reason == null ? null : d.reason.name());
        row.string("detail", d.detail);
        row.string("stage", d.stage);
        row.string("tag_path", d.tagPath);
        row.int32("sample_index", d.sampleIndex);
        row.string("payload", d.payload);
        row.string("payload_encoding", d.payloadEncoding);
        row.int32("payload_bytes", d.payloadBytes);
        row.bool("payload_truncated", d.payloadTruncated);
        row.string("stream", d.stream);
        row.string("shard_id", d.shardId);
        row.string("sequence_number", d.sequenceNumber);
        row.string("partition_key", d.partitionKey);
        row.timestamp("arrival_time", d.arrivalTimeMillis);
        row.int64("detected_at", d.detectedAtMillis);
    }
}
