package io.flowcast.stream.sink.warehouse;

import io.flowcast.stream.sink.warehouse.WarehouseColumn.Type;
import java.util.List;

/**
 * The warehouse tables the sink writes, with their key and bound columns in bind order; the DDL is
 * {@code schemas/warehouse/}. Every table also has a {@code written_at} column that the database
 * sets on each insert or update (it is not bound).
 *
 * <p>This enum is the identifier whitelist of the generated SQL: table and column names come only
 * from here.
 */
public enum WarehouseTable {
    /** One row per prediction, keyed on the deterministic {@code prediction_id}. */
    PREDICTIONS(
            "predictions",
            List.of(
                    new WarehouseColumn("prediction_id", Type.TEXT),
                    new WarehouseColumn("asset_id", Type.TEXT),
                    new WarehouseColumn("asset_type", Type.TEXT),
                    new WarehouseColumn("site", Type.TEXT),
                    new WarehouseColumn("line", Type.TEXT),
                    new WarehouseColumn("window_start", Type.TIMESTAMP_MILLIS),
                    new WarehouseColumn("window_end", Type.TIMESTAMP_MILLIS),
                    new WarehouseColumn("target", Type.TEXT),
                    new WarehouseColumn("predicted", Type.DOUBLE),
                    new WarehouseColumn("actual", Type.DOUBLE),
                    new WarehouseColumn("residual", Type.DOUBLE),
                    new WarehouseColumn("anomaly_score", Type.DOUBLE),
                    new WarehouseColumn("anomaly", Type.BOOLEAN),
                    new WarehouseColumn("endpoint", Type.TEXT),
                    new WarehouseColumn("variant", Type.TEXT),
                    new WarehouseColumn("model_version", Type.TEXT),
                    new WarehouseColumn("latency_ms", Type.DOUBLE),
                    new WarehouseColumn("attempts", Type.INTEGER),
                    new WarehouseColumn("enrichment", Type.TEXT),
                    new WarehouseColumn("features", Type.JSON))),

    /** One row per dead letter, keyed on the deterministic {@code dead_letter_id}. */
    DEAD_LETTERS(
            "dead_letters",
            List.of(
                    new WarehouseColumn("dead_letter_id", Type.TEXT),
                    new WarehouseColumn("reason", Type.TEXT),
                    new WarehouseColumn("detail", Type.TEXT),
                    new WarehouseColumn("stage", Type.TEXT),
                    new WarehouseColumn("tag_path", Type.TEXT),
                    new WarehouseColumn("sample_index", Type.INTEGER),
                    new WarehouseColumn("payload", Type.TEXT),
                    new WarehouseColumn("payload_encoding", Type.TEXT),
                    new WarehouseColumn("payload_bytes", Type.INTEGER),
                    new WarehouseColumn("payload_truncated", Type.BOOLEAN),
                    new WarehouseColumn("stream", Type.TEXT),
                    new WarehouseColumn("shard_id", Type.TEXT),
                    new WarehouseColumn("sequence_number", Type.TEXT),
                    new WarehouseColumn("partition_key", Type.TEXT),
                    new WarehouseColumn("arrival_time", Type.TIMESTAMP_MILLIS),
                    new WarehouseColumn("detected_at", Type.TIMESTAMP_MILLIS))),

    /**
     * One row per drift episode ({@link io.flowcast.stream.drift.DriftEvent}), keyed on its
     * deterministic {@code episode_id}. The record's {@code value} is {@code metric_value}: {@code
     * VALUE} is an ANSI reserved word.
     */
    DRIFT_EVENTS(
            "drift_events",
            List.of(
                    new WarehouseColumn("episode_id", Type.TEXT),
                    new WarehouseColumn("asset_type", Type.TEXT),
                    new WarehouseColumn("model_version", Type.TEXT),
                    new WarehouseColumn("metric", Type.TEXT),
                    new WarehouseColumn("feature", Type.TEXT),
                    new WarehouseColumn("metric_value", Type.DOUBLE),
                    new WarehouseColumn("threshold", Type.DOUBLE),
                    new WarehouseColumn("first_window_end", Type.TIMESTAMP_MILLIS),
                    new WarehouseColumn("last_window_end", Type.TIMESTAMP_MILLIS),
                    new WarehouseColumn("sample_count", Type.BIGINT),
                    new WarehouseColumn("evaluations", Type.INTEGER)));

    /** The unbound column every table has: when the row was last inserted or updated (UTC). */
    public static final String WRITTEN_AT = "written_at";

    private final String tableName;
    private final List<WarehouseColumn> columns;

    WarehouseTable(String tableName, List<WarehouseColumn> columns) {
        this.tableName = tableName;
        this.columns = columns;
    }

    /** The lower-case table name. */
    public String tableName() {
        return tableName;
    }

    /** The bound columns in bind order; the first is the key. */
    public List<WarehouseColumn> columns() {
        return columns;
    }

    /** The key column: the first of {@link #columns()}. */
    public WarehouseColumn key() {
        return columns.get(0);
    }
}
