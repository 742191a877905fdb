package io.flowcast.stream.sink.lake;

import static io.flowcast.stream.sink.lake.LakeSchemas.optionalString;
import static io.flowcast.stream.sink.lake.LakeSchemas.required;
import static io.flowcast.stream.sink.lake.LakeSchemas.requiredTimestamp;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import io.flowcast.stream.drift.DriftEvent;
import io.flowcast.stream.sink.warehouse.DriftEventRow;
import org.apache.parquet.schema.MessageType;

/**
 * The {@value #DATASET} dataset: one row per {@link DriftEvent} (one per drift episode), every
 * field, with the same column names as the warehouse's drift table ({@code value} is {@code
 * metric_value}); {@code episode_id} is the deterministic episode id ({@link DriftEventRow#idOf}),
 * the key to deduplicate a replay by. Schema: {@code schemas/lake/drift-events.parquet.txt}.
 */
public final class DriftEventParquet implements ParquetRecordMapper<DriftEvent> {
    private static final long serialVersionUID = 1L;

    public static final String DATASET = "drift-events";

    static final MessageType SCHEMA =
            new MessageType(
                    "drift_event",
                    optionalString("episode_id"),
                    optionalString("asset_type"),
                    optionalString("model_version"),
                    optionalString("metric"),
                    optionalString("feature"),
                    required(DOUBLE, "metric_value"),
                    required(DOUBLE, "threshold"),
                    requiredTimestamp("first_window_end"),
                    requiredTimestamp("last_window_end"),
                    required(INT64, "sample_count"),
                    required(INT32, "evaluations"));

    @Override
    public String dataset() {
        return DATASET;
    }

    @Override
    public MessageType schema() {
        return SCHEMA;
    }

    @Override
    public void write(DriftEvent e, ParquetRow row) {
        row.string("episode_id", DriftEventRow.idOf(e));
        row.string("asset_type", e.assetType);
        row.string("model_version", e.modelVersion);
        row.string("metric", e.metric);
        row.string("feature", e.feature);
        row.float64("metric_value", e.value);
        row.float64("threshold", e.threshold);
        row.int64("first_window_end", e.firstWindowEnd);
        row.int64("last_window_end", e.lastWindowEnd);
        row.int64("sample_count", e.sampleCount);
        row.int32("evaluations", e.evaluations);
    }
}
