package io.flowcast.stream.sink.warehouse;

import java.util.List;

/**
 * PostgreSQL (15+; embedded PostgreSQL 17 locally) SQL for the warehouse upsert: {@code MERGE INTO
 * ... USING (VALUES (...), ...) AS s (columns) ON key}. Every bind variable carries a cast ({@code
 * ?::text}, {@code ?::jsonb}, ...) so that the {@code VALUES} column types never depend on which
 * row holds a null; epoch milliseconds become UTC {@code timestamp} via {@code
 * to_timestamp(?::bigint / 1000.0) AT TIME ZONE 'UTC'}. {@code written_at} is the transaction's
 * {@code now()} in UTC. Identifiers are the whitelist's lower-case names, unquoted.
 *
 * <p>Rows per statement are capped so a statement stays under the wire protocol's 32,767 bind
 * variables (the limit older drivers enforce; newer ones allow 65,535).
 */
public final class PostgresDialect implements WarehouseDialect {

    /** Bind variables per statement at most. */
    public static final int MAX_BIND_VARIABLES = 32_767;

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public int maxRowsPerStatement(WarehouseTable table) {
        return MAX_BIND_VARIABLES / table.columns().size();
    }

    @Override
    public String mergeSql(WarehouseTable table, int rows) {
        WarehouseDialect.checkRows(this, table, rows);
        List<WarehouseColumn> columns = table.columns();
        StringBuilder row = new StringBuilder("(");
        for (int i = 0; i < columns.size(); i++) {
            row.append(i == 0 ? "" : ", ").append(bind(columns.get(i).type()));
        }
        row.append(')');
        StringBuilder sql = new StringBuilder(256 + rows * row.length());
        sql.append("MERGE INTO ").append(table.tableName()).append(" AS t\nUSING (VALUES ");
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "" : ", ").append(row);
        }
        sql.append(") AS s (");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(columns.get(i).name());
        }
        String key = table.key().name();
        sql.append(")\nON t.").append(key).append(" = s.").append(key);
        MergeSql.appendWhenClauses(sql, columns, name -> name, "now() AT TIME ZONE 'UTC'");
        return sql.toString();
    }

    private static String bind(WarehouseColumn.Type type) {
        switch (type) {
            case TEXT:
                return "?::text";
            case INTEGER:
                return "?::integer";
            case BIGINT:
                return "?::bigint";
            case DOUBLE:
                return "?::double precision";
            case BOOLEAN:
                return "?::boolean";
            case TIMESTAMP_MILLIS:
                return "to_timestamp(?::bigint / 1000.0) AT TIME ZONE 'UTC'";
            case JSON:
                return "?::jsonb";
            default:
                throw new IllegalArgumentException("unknown column type " + type);
        }
    }
}
