package io.flowcast.stream.sink.warehouse;

import java.util.List;
import java.util.Locale;

/**
 * Snowflake SQL for the warehouse upsert. The source is {@code SELECT ... FROM VALUES (?, ...),
 * ...} whose {@code VALUES} rows hold bare bind variables only: Snowflake rejects function calls
 * such as {@code PARSE_JSON(?)} inside a {@code VALUES} clause, so conversions happen in the
 * projection over the {@code COLUMNn} names: {@code PARSE_JSON(COLUMNn)} into {@code VARIANT} for
 * JSON columns and {@code TO_TIMESTAMP_NTZ(COLUMNn, 3)} (epoch milliseconds, UTC) for timestamps.
 * {@code WRITTEN_AT} is {@code SYSDATE()} (UTC, {@code TIMESTAMP_NTZ}). Identifiers are the
 * whitelist's names in upper case, unquoted.
 *
 * <p>At most 1,000 rows per statement: Snowflake compiles every statement, and bigger {@code
 * VALUES} lists compile slower than they save.
 */
public final class SnowflakeDialect implements WarehouseDialect {

    /** Bound bytes per statement at most; see {@link #maxBytesPerStatement()}. */
    public static final long MAX_BYTES_PER_STATEMENT = 900 * 1024;

    /** Rows per statement at most. */
    public static final int MAX_ROWS_PER_STATEMENT = 1_000;

    @Override
    public String name() {
        return "snowflake";
    }

    @Override
    public int maxRowsPerStatement(WarehouseTable table) {
        return MAX_ROWS_PER_STATEMENT;
    }

    /**
     * Snowflake recommends at most 1 MB per statement, bound values included: larger statements
     * run, but their text is truncated in the query history and cannot be retried from it. 900 KB
     * leaves room for the statement text (dead letters carry payloads of up to 16 KB, so a batch of
     * them is cut into several statements).
     */
    @Override
    public long maxBytesPerStatement() {
        return MAX_BYTES_PER_STATEMENT;
    }

    @Override
    public String mergeSql(WarehouseTable table, int rows) {
        WarehouseDialect.checkRows(this, table, rows);
        List<WarehouseColumn> columns = table.columns();
        String key = id(table.key().name());
        StringBuilder sql = new StringBuilder(256 + rows * columns.size() * 3);
        sql.append("MERGE INTO ").append(id(table.tableName())).append(" AS t\nUSING (SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            WarehouseColumn column = columns.get(i);
            String source = "COLUMN" + (i + 1);
            if (i > 0) {
                sql.append(", ");
            }
            switch (column.type()) {
                case JSON:
                    sql.append("PARSE_JSON(").append(source).append(')');
                    break;
                case TIMESTAMP_MILLIS:
                    sql.append("TO_TIMESTAMP_NTZ(").append(source).append(", 3)");
                    break;
                default:
                    sql.append(source);
            }
            sql.append(" AS ").append(id(column.name()));
        }
        sql.append("\nFROM VALUES ");
        String row = MergeSql.placeholders(columns.size());
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "" : ", ").append(row);
        }
        sql.append(") AS s\nON t.").append(key).append(" = s.").append(key);
        MergeSql.appendWhenClauses(sql, columns, SnowflakeDialect::id, "SYSDATE()");
        return sql.toString();
    }

    private static String id(String name) {
        return name.toUpperCase(Locale.ROOT);
    }
}
