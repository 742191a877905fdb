package io.flowcast.stream.sink.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Pins the PostgreSQL SQL of both layouts, the {@code unnest} MERGE and COPY into a staging table
 * then MERGE (JdbcMergeWriterTest runs them against PostgreSQL 17).
 */
class PostgresDialectTest {

    private static final String TS = " / 1000.0) AT TIME ZONE 'UTC' AS ";

    private final PostgresDialect dialect = PostgresDialect.unnest();

    @Test
    void predictionsMergeBindsOneArrayPerColumn() {
        assertThat(dialect.mergeSql(WarehouseTable.PREDICTIONS, 1))
                .isEqualTo(
                        "MERGE INTO predictions AS t\n"
                                + "USING (SELECT v.prediction_id, v.asset_id, v.asset_type,"
                                + " v.site, v.line, to_timestamp(v.window_start"
                                + TS
                                + "window_start, to_timestamp(v.window_end"
                                + TS
                                + "window_end, v.target, v.predicted, v.actual, v.residual,"
                                + " v.anomaly_score, v.anomaly, v.endpoint, v.variant,"
                                + " v.model_version, v.latency_ms, v.attempts, v.enrichment,"
                                + " v.features::jsonb AS features\n"
                                + "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[],"
                                + " ?::text[], ?::bigint[], ?::bigint[], ?::text[],"
                                + " ?::double precision[], ?::double precision[],"
                                + " ?::double precision[], ?::double precision[], ?::boolean[],"
                                + " ?::text[], ?::text[], ?::text[], ?::double precision[],"
                                + " ?::integer[], ?::text[], ?::text[])"
                                + " AS v (prediction_id, asset_id, asset_type, site, line,"
                                + " window_start, window_end, target, predicted, actual, residual,"
                                + " anomaly_score, anomaly, endpoint, variant, model_version,"
                                + " latency_ms, attempts, enrichment, features)) AS s\n"
                                + "ON t.prediction_id = s.prediction_id\n"
                                + "WHEN MATCHED THEN UPDATE SET asset_id = s.asset_id,"
                                + " asset_type = s.asset_type, site = s.site, line = s.line,"
                                + " window_start = s.window_start, window_end = s.window_end,"
                                + " target = s.target, predicted = s.predicted,"
                                + " actual = s.actual, residual = s.residual,"
                                + " anomaly_score = s.anomaly_score, anomaly = s.anomaly,"
                                + " endpoint = s.endpoint, variant = s.variant,"
                                + " model_version = s.model_version, latency_ms = s.latency_ms,"
                                + " attempts = s.attempts, enrichment = s.enrichment,"
                                + " features = s.features, written_at = now() AT TIME ZONE 'UTC'\n"
                                + "WHEN NOT MATCHED THEN INSERT (prediction_id, asset_id,"
                                + " asset_type, site, line, window_start, window_end, target,"
                                + " predicted, actual, residual, anomaly_score, anomaly, endpoint,"
                                + " variant, model_version, latency_ms, attempts, enrichment,"
                                + " features, written_at)\n"
                                + "VALUES (s.prediction_id, s.asset_id, s.asset_type, s.site,"
                                + " s.line, s.window_start, s.window_end, s.target, s.predicted,"
                                + " s.actual, s.residual, s.anomaly_score, s.anomaly, s.endpoint,"
                                + " s.variant, s.model_version, s.latency_ms, s.attempts,"
                                + " s.enrichment, s.features, now() AT TIME ZONE 'UTC')");
    }

    @Test
    void deadLettersMergeBindsOneArrayPerColumn() {
        assertThat(dialect.mergeSql(WarehouseTable.DEAD_LETTERS, 2))
                .isEqualTo(
                        "MERGE INTO dead_letters AS t\n"
                                + "USING (SELECT v.dead_letter_id, v.reason, v.detail, v.stage,"
                                + " v.tag_path, v.sample_index, v.payload, v.payload_encoding,"
                                + " v.payload_bytes, v.payload_truncated, v.stream, v.shard_id,"
                                + " v.sequence_number, v.partition_key, to_timestamp(v.arrival_time"
                                + TS
                                + "arrival_time, to_timestamp(v.detected_at"
                                + TS
                                + "detected_at\n"
                                + "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[],"
                                + " ?::text[], ?::integer[], ?::text[], ?::text[], ?::integer[],"
                                + " ?::boolean[], ?::text[], ?::text[], ?::text[], ?::text[],"
                                + " ?::bigint[], ?::bigint[])"
                                + " AS v (dead_letter_id, reason, detail, stage, tag_path,"
                                + " sample_index, payload, payload_encoding, payload_bytes,"
                                + " payload_truncated, stream, shard_id, sequence_number,"
                                + " partition_key, arrival_time, detected_at)) AS s\n"
                                + "ON t.dead_letter_id = s.dead_letter_id\n"
                                + "WHEN MATCHED THEN UPDATE SET reason = s.reason,"
                                + " detail = s.detail, stage = s.stage, tag_path = s.tag_path,"
                                + " sample_index = s.sample_index, payload = s.payload,"
                                + " payload_encoding = s.payload_encoding,"
                                + " payload_bytes = s.payload_bytes,"
                                + " payload_truncated = s.payload_truncated, stream = s.stream,"
                                + " shard_id = s.shard_id, sequence_number = s.sequence_number,"
                                + " partition_key = s.partition_key,"
                                + " arrival_time = s.arrival_time, detected_at = s.detected_at,"
                                + " written_at = now() AT TIME ZONE 'UTC'\n"
                                + "WHEN NOT MATCHED THEN INSERT (dead_letter_id, reason, detail,"
                                + " stage, tag_path, sample_index, payload, payload_encoding,"
                                + " payload_bytes, payload_truncated, stream, shard_id,"
                                + " sequence_number, partition_key, arrival_time, detected_at,"
                                + " written_at)\n"
                                + "VALUES (s.dead_letter_id, s.reason, s.detail, s.stage,"
                                + " s.tag_path, s.sample_index, s.payload, s.payload_encoding,"
                                + " s.payload_bytes, s.payload_truncated, s.stream, s.shard_id,"
                                + " s.sequence_number, s.partition_key, s.arrival_time,"
                                + " s.detected_at, now() AT TIME ZONE 'UTC')");
    }

    @Test
    void everyValueIsABindVariableAndNothingIsInlined() {
        for (WarehouseTable table : WarehouseTable.values()) {
            int max = dialect.maxRowsPerStatement(table);
            for (int rows : new int[] {1, 7, max}) {
                String sql = dialect.mergeSql(table, rows);
                assertThat(DialectSql.bindVariables(sql))
                        .as("%s x %d", table, rows)
                        .isEqualTo(table.columns().size());
                assertThat(sql).isEqualTo(dialect.mergeSql(table, 1));
                // The only literal is the fixed time zone name; no quoted identifiers.
                assertThat(sql.replace("'UTC'", "")).doesNotContain("'", "\"", "--", "/*", ";");
                assertThat(DialectSql.identifiers(sql))
                        .isSubsetOf(DialectSql.allowedWords(table, false));
            }
        }
    }

    @Test
    void valuesAreBoundAsOneArrayPerColumnWithMatchingElementTypes() {
        assertThat(dialect.bindLayout()).isEqualTo(WarehouseDialect.BindLayout.COLUMN_ARRAYS);
        assertThat(dialect.arrayElementType(WarehouseColumn.Type.JSON)).isEqualTo("text");
        assertThat(dialect.arrayElementType(WarehouseColumn.Type.TIMESTAMP_MILLIS))
                .isEqualTo("int8");
        assertThat(dialect.arrayElementType(WarehouseColumn.Type.DOUBLE)).isEqualTo("float8");
        assertThat(dialect.arrayElementType(WarehouseColumn.Type.INTEGER)).isEqualTo("int4");
        assertThat(dialect.arrayElementType(WarehouseColumn.Type.BOOLEAN)).isEqualTo("bool");
    }

    @Test
    void rowCountsOutsideTheLimitAreRejected() {
        assertThatThrownBy(() -> dialect.mergeSql(WarehouseTable.PREDICTIONS, 10_001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..10000, got 10001");
        assertThatThrownBy(() -> dialect.mergeSql(WarehouseTable.PREDICTIONS, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCopyLayoutCopiesIntoASessionStagingTable() {
        assertThat(new PostgresDialect().bindLayout())
                .isEqualTo(WarehouseDialect.BindLayout.COPY_STAGING);
        PostgresDialect copy = PostgresDialect.copyStaging();
        assertThat(copy.bindLayout()).isEqualTo(WarehouseDialect.BindLayout.COPY_STAGING);
        assertThat(copy.createStagingSql(WarehouseTable.DEAD_LETTERS))
                .isEqualTo(
                        "CREATE TEMP TABLE IF NOT EXISTS flowcast_stage_dead_letters"
                                + " (dead_letter_id text, reason text, detail text, stage text,"
                                + " tag_path text, sample_index integer, payload text,"
                                + " payload_encoding text, payload_bytes integer,"
                                + " payload_truncated boolean, stream text, shard_id text,"
                                + " sequence_number text, partition_key text,"
                                + " arrival_time timestamp, detected_at timestamp)"
                                + " ON COMMIT DELETE ROWS");
        assertThat(copy.copySql(WarehouseTable.PREDICTIONS))
                .isEqualTo(
                        "COPY flowcast_stage_predictions (prediction_id, asset_id, asset_type,"
                                + " site, line, window_start, window_end, target, predicted,"
                                + " actual, residual, anomaly_score, anomaly, endpoint, variant,"
                                + " model_version, latency_ms, attempts, enrichment, features)"
                                + " FROM STDIN");
    }

    @Test
    void theStagingTableIsUpsertedOnItsKey() {
        PostgresDialect copy = PostgresDialect.copyStaging();
        assertThat(copy.upsertFromStagingSql(WarehouseTable.DEAD_LETTERS))
                .isEqualTo(
                        "INSERT INTO dead_letters AS t (dead_letter_id, reason, detail, stage,"
                                + " tag_path, sample_index, payload, payload_encoding,"
                                + " payload_bytes, payload_truncated, stream, shard_id,"
                                + " sequence_number, partition_key, arrival_time, detected_at,"
                                + " written_at)\n"
                                + "SELECT v.dead_letter_id, v.reason, v.detail, v.stage,"
                                + " v.tag_path, v.sample_index, v.payload, v.payload_encoding,"
                                + " v.payload_bytes, v.payload_truncated, v.stream, v.shard_id,"
                                + " v.sequence_number, v.partition_key, v.arrival_time,"
                                + " v.detected_at, now() AT TIME ZONE 'UTC'\n"
                                + "FROM flowcast_stage_dead_letters AS v\n"
                                + "ON CONFLICT (dead_letter_id) DO UPDATE SET"
                                + " reason = EXCLUDED.reason, detail = EXCLUDED.detail,"
                                + " stage = EXCLUDED.stage, tag_path = EXCLUDED.tag_path,"
                                + " sample_index = EXCLUDED.sample_index,"
                                + " payload = EXCLUDED.payload,"
                                + " payload_encoding = EXCLUDED.payload_encoding,"
                                + " payload_bytes = EXCLUDED.payload_bytes,"
                                + " payload_truncated = EXCLUDED.payload_truncated,"
                                + " stream = EXCLUDED.stream, shard_id = EXCLUDED.shard_id,"
                                + " sequence_number = EXCLUDED.sequence_number,"
                                + " partition_key = EXCLUDED.partition_key,"
                                + " arrival_time = EXCLUDED.arrival_time,"
                                + " detected_at = EXCLUDED.detected_at,"
                                + " written_at = EXCLUDED.written_at");
        for (WarehouseTable table : WarehouseTable.values()) {
            String sql = copy.upsertFromStagingSql(table);
            assertThat(DialectSql.bindVariables(sql)).isZero();
            assertThat(sql.replace("'UTC'", "")).doesNotContain("'", "\"", "--", "/*", ";");
            // Every non-key column is overwritten, the key never.
            for (WarehouseColumn column : table.columns()) {
                String set = column.name() + " = EXCLUDED." + column.name();
                if (column == table.key()) {
                    assertThat(sql).doesNotContain(" " + set);
                } else {
                    assertThat(sql).contains(set);
                }
            }
        }
    }
}
