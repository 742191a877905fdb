package io.flowcast.stream.sink.warehouse;

import java.util.List;

/**
 * PostgreSQL (15+; embedded PostgreSQL 17 locally) SQL for the warehouse upsert: {@code MERGE INTO
 * ... USING (SELECT ... FROM unnest(?::text[], ...) AS v (columns)) AS s ON key}, binding one array
 * per column ({@link BindLayout#COLUMN_ARRAYS}). So a statement has as many bind variables as the
 * table has columns whatever the batch size, and PostgreSQL parses and plans one small statement
 * instead of a {@code VALUES} list of thousands of expressions (measured: see {@code
 * WarehouseBenchmark}). Conversions happen in the projection: epoch milliseconds become UTC {@code
 * timestamp} via {@code to_timestamp(v.c / 1000.0) AT TIME ZONE 'UTC'}, JSON text becomes {@code
 * jsonb} via {@code v.c::jsonb}. {@code written_at} is the transaction's {@code now()} in UTC.
 * Identifiers are the whitelist's lower-case names, unquoted.
 */
public final class PostgresDialect implements WarehouseDialect {

    /** Rows per statement at most (arrays have no bind limit; this bounds one message's size). */
    public static final int MAX_ROWS_PER_STATEMENT = 10_000;

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public BindLayout bindLayout() {
        return BindLayout.COLUMN_ARRAYS;
    }

    @Override
    public String arrayElementType(WarehouseColumn.Type type) {
        switch (type) {
            case TEXT:
            case JSON:
                return "text";
            case INTEGER:
                return "int4";
            case BIGINT:
            case TIMESTAMP_MILLIS:
                return "int8";
            case DOUBLE:
                return "float8";
            case BOOLEAN:
                return "bool";
            default:
                throw new IllegalArgumentException("unknown column type " + type);
        }
    }

    @Override
    public int maxRowsPerStatement(WarehouseTable table) {
        return MAX_ROWS_PER_STATEMENT;
    }

    @Override
    public String mergeSql(WarehouseTable table, int rows) {
        WarehouseDialect.checkRows(this, table, rows);
        List<WarehouseColumn> columns = table.columns();
        StringBuilder sql = new StringBuilder(2048);
        sql.append("MERGE INTO ").append(table.tableName()).append(" AS t\nUSING (SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            WarehouseColumn column = columns.get(i);
            String source = "v." + column.name();
            sql.append(i == 0 ? "" : ", ");
            switch (column.type()) {
                case TIMESTAMP_MILLIS:
                    sql.append("to_timestamp(")
                            .append(source)
                            .append(" / 1000.0) AT TIME ZONE 'UTC' AS ")
                            .append(column.name());
                    break;
                case JSON:
                    sql.append(source).append("::jsonb AS ").append(column.name());
                    break;
                default:
                    sql.append(source);
            }
        }
        sql.append("\nFROM unnest(");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(arrayBind(columns.get(i).type()));
        }
        sql.append(") AS v (");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(columns.get(i).name());
        }
        String key = table.key().name();
        sql.append(")) AS s\nON t.").append(key).append(" = s.").append(key);
        MergeSql.appendWhenClauses(sql, columns, name -> name, "now() AT TIME ZONE 'UTC'");
        return sql.toString();
    }

    private static String arrayBind(WarehouseColumn.Type type) {
        switch (type) {
            case TEXT:
            case JSON:
                return "?::text[]";
            case INTEGER:
                return "?::integer[]";
            case BIGINT:
            case TIMESTAMP_MILLIS:
                return "?::bigint[]";
            case DOUBLE:
                return "?::double precision[]";
            case BOOLEAN:
                return "?::boolean[]";
            default:
                throw new IllegalArgumentException("unknown column type " + type);
        }
    }
}
