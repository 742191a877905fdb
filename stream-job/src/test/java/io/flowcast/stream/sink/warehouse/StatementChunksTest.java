package io.flowcast.stream.sink.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the writer cuts a batch into statements: by the dialect's row and byte bounds. */
class StatementChunksTest {

    private static final JdbcMergeWriter SNOWFLAKE =
            new JdbcMergeWriter(
                    () -> {
                        throw new AssertionError("no connection needed");
                    },
                    new SnowflakeDialect());

    @Test
    void smallRowsAreCutByRowCount() {
        List<WarehouseRow> rows = rows(2_500, 100);
        List<List<WarehouseRow>> chunks =
                SNOWFLAKE.statementChunks(WarehouseTable.PREDICTIONS, rows);
        assertThat(chunks).extracting(List::size).containsExactly(1_000, 1_000, 500);
        assertThat(flatten(chunks)).isEqualTo(rows);
    }

    @Test
    void largeRowsAreCutBySnowflakesStatementSizeInOrder() {
        // Dead letters with 16 KB payloads: 1,000 of them would be ~48 MB of bound text.
        List<WarehouseRow> rows = rows(1_000, 16 * 1024);
        List<List<WarehouseRow>> chunks =
                SNOWFLAKE.statementChunks(WarehouseTable.DEAD_LETTERS, rows);
        assertThat(chunks).hasSizeGreaterThan(40);
        for (List<WarehouseRow> chunk : chunks) {
            long bytes = chunk.stream().mapToLong(JdbcMergeWriter::estimatedBytes).sum();
            assertThat(bytes).isLessThanOrEqualTo(SnowflakeDialect.MAX_BYTES_PER_STATEMENT);
        }
        assertThat(flatten(chunks)).isEqualTo(rows);
    }

    @Test
    void aRowLargerThanTheBoundGoesAlone() {
        List<WarehouseRow> rows = new ArrayList<>(rows(3, 10));
        rows.add(1, row("huge", 400_000)); // 1.2 MB estimated
        List<List<WarehouseRow>> chunks =
                SNOWFLAKE.statementChunks(WarehouseTable.DEAD_LETTERS, rows);
        assertThat(chunks).extracting(List::size).containsExactly(1, 1, 2);
        assertThat(flatten(chunks)).isEqualTo(rows);
    }

    private static List<WarehouseRow> rows(int count, int textLength) {
        List<WarehouseRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(row("id-" + i, textLength));
        }
        return rows;
    }

    private static WarehouseRow row(String id, int textLength) {
        String text = String.join("", Collections.nCopies(textLength, "x"));
        return new WarehouseRow() {
            @Override
            public WarehouseTable table() {
                return WarehouseTable.DEAD_LETTERS;
            }

            @Override
            public String key() {
                return id;
            }

            @Override
            public List<Object> values() {
                return Arrays.asList(id, text, 1L);
            }
        };
    }

    private static List<WarehouseRow> flatten(List<List<WarehouseRow>> chunks) {
        List<WarehouseRow> all = new ArrayList<>();
        chunks.forEach(all::addAll);
        return all;
    }
}
