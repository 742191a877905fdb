package io.flowcast.stream.sink.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import org.junit.jupiter.api.Test;

/** Pins the Snowflake MERGE text; no Snowflake engine runs offline, so the text is the contract. */
class SnowflakeDialectTest {

    private final SnowflakeDialect dialect = new SnowflakeDialect();

    static String row(int columns) {
        return "(" + String.join(", ", Collections.nCopies(columns, "?")) + ")";
    }

    @Test
    void predictionsMergeOfTwoRows() {
        assertThat(dialect.mergeSql(WarehouseTable.PREDICTIONS, 2))
                .isEqualTo(
                        "MERGE INTO PREDICTIONS AS t\n"
                                + "USING (SELECT COLUMN1 AS PREDICTION_ID, COLUMN2 AS ASSET_ID,"
                                + " COLUMN3 AS ASSET_TYPE, COLUMN4 AS SITE, COLUMN5 AS LINE,"
                                + " TO_TIMESTAMP_NTZ(COLUMN6, 3) AS WINDOW_START,"
                                + " TO_TIMESTAMP_NTZ(COLUMN7, 3) AS WINDOW_END, COLUMN8 AS TARGET,"
                                + " COLUMN9 AS PREDICTED, COLUMN10 AS ACTUAL, COLUMN11 AS RESIDUAL,"
                                + " COLUMN12 AS ANOMALY_SCORE, COLUMN13 AS ANOMALY,"
                                + " COLUMN14 AS ENDPOINT, COLUMN15 AS VARIANT,"
                                + " COLUMN16 AS MODEL_VERSION, COLUMN17 AS LATENCY_MS,"
                                + " COLUMN18 AS ATTEMPTS, COLUMN19 AS ENRICHMENT,"
                                + " PARSE_JSON(COLUMN20) AS FEATURES\n"
                                + "FROM VALUES "
                                + row(20)
                                + ", "
                                + row(20)
                                + ") AS s\n"
                                + "ON t.PREDICTION_ID = s.PREDICTION_ID\n"
                                + "WHEN MATCHED THEN UPDATE SET ASSET_ID = s.ASSET_ID,"
                                + " ASSET_TYPE = s.ASSET_TYPE, SITE = s.SITE, LINE = s.LINE,"
                                + " WINDOW_START = s.WINDOW_START, WINDOW_END = s.WINDOW_END,"
                                + " TARGET = s.TARGET, PREDICTED = s.PREDICTED, ACTUAL = s.ACTUAL,"
                                + " RESIDUAL = s.RESIDUAL, ANOMALY_SCORE = s.ANOMALY_SCORE,"
                                + " ANOMALY = s.ANOMALY, ENDPOINT = s.ENDPOINT,"
                                + " VARIANT = s.VARIANT, MODEL_VERSION = s.MODEL_VERSION,"
                                + " LATENCY_MS = s.LATENCY_MS, ATTEMPTS = s.ATTEMPTS,"
                                + " ENRICHMENT = s.ENRICHMENT, FEATURES = s.FEATURES,"
                                + " WRITTEN_AT = SYSDATE()\n"
                                + "WHEN NOT MATCHED THEN INSERT (PREDICTION_ID, ASSET_ID,"
                                + " ASSET_TYPE, SITE, LINE, WINDOW_START, WINDOW_END, TARGET,"
                                + " PREDICTED, ACTUAL, RESIDUAL, ANOMALY_SCORE, ANOMALY, ENDPOINT,"
                                + " VARIANT, MODEL_VERSION, LATENCY_MS, ATTEMPTS, ENRICHMENT,"
                                + " FEATURES, WRITTEN_AT)\n"
                                + "VALUES (s.PREDICTION_ID, s.ASSET_ID, s.ASSET_TYPE, s.SITE,"
                                + " s.LINE, s.WINDOW_START, s.WINDOW_END, s.TARGET, s.PREDICTED,"
                                + " s.ACTUAL, s.RESIDUAL, s.ANOMALY_SCORE, s.ANOMALY, s.ENDPOINT,"
                                + " s.VARIANT, s.MODEL_VERSION, s.LATENCY_MS, s.ATTEMPTS,"
                                + " s.ENRICHMENT, s.FEATURES, SYSDATE())");
    }

    @Test
    void deadLettersMergeOfOneRow() {
        assertThat(dialect.mergeSql(WarehouseTable.DEAD_LETTERS, 1))
                .isEqualTo(
                        "MERGE INTO DEAD_LETTERS AS t\n"
                                + "USING (SELECT COLUMN1 AS DEAD_LETTER_ID, COLUMN2 AS REASON,"
                                + " COLUMN3 AS DETAIL, COLUMN4 AS STAGE, COLUMN5 AS TAG_PATH,"
                                + " COLUMN6 AS SAMPLE_INDEX, COLUMN7 AS PAYLOAD,"
                                + " COLUMN8 AS PAYLOAD_ENCODING, COLUMN9 AS PAYLOAD_BYTES,"
                                + " COLUMN10 AS PAYLOAD_TRUNCATED, COLUMN11 AS STREAM,"
                                + " COLUMN12 AS SHARD_ID, COLUMN13 AS SEQUENCE_NUMBER,"
                                + " COLUMN14 AS PARTITION_KEY,"
                                + " TO_TIMESTAMP_NTZ(COLUMN15, 3) AS ARRIVAL_TIME,"
                                + " TO_TIMESTAMP_NTZ(COLUMN16, 3) AS DETECTED_AT\n"
                                + "FROM VALUES "
                                + row(16)
                                + ") AS s\n"
                                + "ON t.DEAD_LETTER_ID = s.DEAD_LETTER_ID\n"
                                + "WHEN MATCHED THEN UPDATE SET REASON = s.REASON,"
                                + " DETAIL = s.DETAIL, STAGE = s.STAGE, TAG_PATH = s.TAG_PATH,"
                                + " SAMPLE_INDEX = s.SAMPLE_INDEX, PAYLOAD = s.PAYLOAD,"
                                + " PAYLOAD_ENCODING = s.PAYLOAD_ENCODING,"
                                + " PAYLOAD_BYTES = s.PAYLOAD_BYTES,"
                                + " PAYLOAD_TRUNCATED = s.PAYLOAD_TRUNCATED, STREAM = s.STREAM,"
                                + " SHARD_ID = s.SHARD_ID, SEQUENCE_NUMBER = s.SEQUENCE_NUMBER,"
                                + " PARTITION_KEY = s.PARTITION_KEY,"
                                + " ARRIVAL_TIME = s.ARRIVAL_TIME, DETECTED_AT = s.DETECTED_AT,"
                                + " WRITTEN_AT = SYSDATE()\n"
                                + "WHEN NOT MATCHED THEN INSERT (DEAD_LETTER_ID, REASON, DETAIL,"
                                + " STAGE, TAG_PATH, SAMPLE_INDEX, PAYLOAD, PAYLOAD_ENCODING,"
                                + " PAYLOAD_BYTES, PAYLOAD_TRUNCATED, STREAM, SHARD_ID,"
                                + " SEQUENCE_NUMBER, PARTITION_KEY, ARRIVAL_TIME, DETECTED_AT,"
                                + " WRITTEN_AT)\n"
                                + "VALUES (s.DEAD_LETTER_ID, s.REASON, s.DETAIL, s.STAGE,"
                                + " s.TAG_PATH, s.SAMPLE_INDEX, s.PAYLOAD, s.PAYLOAD_ENCODING,"
                                + " s.PAYLOAD_BYTES, s.PAYLOAD_TRUNCATED, s.STREAM, s.SHARD_ID,"
                                + " s.SEQUENCE_NUMBER, s.PARTITION_KEY, s.ARRIVAL_TIME,"
                                + " s.DETECTED_AT, SYSDATE())");
    }

    @Test
    void everyValueIsABindVariableAndNothingIsInlined() {
        for (WarehouseTable table : WarehouseTable.values()) {
            for (int rows : new int[] {1, 7, SnowflakeDialect.MAX_ROWS_PER_STATEMENT}) {
                String sql = dialect.mergeSql(table, rows);
                assertThat(DialectSql.bindVariables(sql))
                        .as("%s x %d", table, rows)
                        .isEqualTo(rows * table.columns().size());
                // No string literal, no quoted identifier, no comment: nothing but the
                // whitelist's names, keywords, the fixed scale 3 and COLUMNn references.
                assertThat(sql).doesNotContain("'", "\"", "--", "/*", ";");
                assertThat(DialectSql.identifiers(sql))
                        .isSubsetOf(DialectSql.allowedWords(table, true));
            }
        }
    }

    @Test
    void rowCountsOutsideTheLimitAreRejected() {
        assertThatThrownBy(() -> dialect.mergeSql(WarehouseTable.PREDICTIONS, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..1000, got 0");
        assertThatThrownBy(() -> dialect.mergeSql(WarehouseTable.PREDICTIONS, 1001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 1001");
    }

    @Test
    void bindsOneVariablePerValueRowAfterRow() {
        assertThat(dialect.bindLayout()).isEqualTo(WarehouseDialect.BindLayout.ROWS);
        assertThatThrownBy(() -> dialect.arrayElementType(WarehouseColumn.Type.TEXT))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
