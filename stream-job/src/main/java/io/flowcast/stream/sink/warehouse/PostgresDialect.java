package io.flowcast.stream.sink.warehouse;

import java.util.List;

/**
 * PostgreSQL (15+; embedded PostgreSQL 17 locally) SQL for the warehouse upsert, in one of two
 * {@link BindLayout}s:
 *
 * <ul>
 *   <li>{@link BindLayout#COPY_STAGING} (the default): the writer streams the batch with {@code
 *       COPY flowcast_stage_<table> (...) FROM STDIN} (text format; timestamps as UTC text, JSON
 *       parsed into {@code jsonb} by COPY) into a session temp table of the table's column types
 *       ({@code ON COMMIT DELETE ROWS}: no WAL, emptied by every commit), then upserts it with
 *       {@code INSERT ... SELECT ... ON CONFLICT (key) DO UPDATE} ({@link #upsertFromStagingSql}).
 *       No bind variables, no statement text that grows with the batch;
 *   <li>{@link BindLayout#COLUMN_ARRAYS}: {@code MERGE INTO ... USING (SELECT ... FROM
 *       unnest(?::text[], ...) AS v (columns)) AS s ON key}, one array per column. The planner
 *       estimates 10 rows for the {@code unnest}, so it probes the key index per row.
 * </ul>
 *
 * <p>Why the default is COPY + {@code ON CONFLICT}: it is safe under concurrency. PostgreSQL's
 * {@code MERGE} is not: when two sessions (two sink subtasks, or a replaying job beside a running
 * one) insert the same new key at the same time, both see "not matched" and the second fails with a
 * unique violation (23505; {@code WarehouseSinkITCase} hit it), whereas {@code INSERT ... ON
 * CONFLICT DO UPDATE} waits for the first and updates. Throughput: the two measured about the same
 * on the 2-core build machine ({@code WarehouseBenchmark}, {@code WarehouseSinkBenchmark}); the
 * server-side upsert dominates a batch (about 30-70 us per row: the table's three indexes and JSON
 * parsing), not sending or binding values. (A MERGE from the staging table was worse: without
 * statistics on the temp table it was planned as a hash join over a sequential scan of the whole
 * target table.) Snowflake serializes concurrent MERGEs into one table, so its dialect keeps MERGE.
 *
 * <ul>
 * </ul>
 *
 * The MERGE converts in its projection: epoch milliseconds become UTC {@code timestamp} via {@code
 * to_timestamp(v.c / 1000.0) AT TIME ZONE 'UTC'}, JSON text becomes {@code jsonb} via {@code
 * v.c::jsonb}. {@code written_at} is the transaction's {@code now()} in UTC. Identifiers are the
 * whitelist's lower-case names, unquoted. Figures for both: {@code WarehouseBenchmark}.
 */
public final class PostgresDialect implements WarehouseDialect {

    /** Rows per statement at most (arrays have no bind limit; this bounds one message's size). */
    public static final int MAX_ROWS_PER_STATEMENT = 10_000;

    @Override
    public String name() {
        return "postgres";
    }

    private final BindLayout layout;

    /** The default: {@link BindLayout#COPY_STAGING} (see the class comment). */
    public PostgresDialect() {
        this(BindLayout.COPY_STAGING);
    }

    /**
     * A dialect binding as {@code layout}: {@link BindLayout#COLUMN_ARRAYS} (the {@code unnest}
     * MERGE) or {@link BindLayout#COPY_STAGING}.
     */
    public PostgresDialect(BindLayout layout) {
        if (layout != BindLayout.COPY_STAGING && layout != BindLayout.COLUMN_ARRAYS) {
            throw new IllegalArgumentException("PostgreSQL binds COPY_STAGING or COLUMN_ARRAYS");
        }
        this.layout = layout;
    }

    /** The {@code unnest} MERGE with one array per column. */
    public static PostgresDialect unnest() {
        return new PostgresDialect(BindLayout.COLUMN_ARRAYS);
    }

    /** COPY into the session's staging table, then an upsert from it (the default). */
    public static PostgresDialect copyStaging() {
        return new PostgresDialect(BindLayout.COPY_STAGING);
    }

    @Override
    public BindLayout bindLayout() {
        return layout;
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
        appendProjection(sql, columns);
        sql.append("\nFROM unnest(");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(arrayBind(columns.get(i).type()));
        }
        sql.append(") AS v (");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(columns.get(i).name());
        }
        sql.append(")) AS s");
        appendOnAndWhen(sql, table);
        return sql.toString();
    }

    /** The session's staging table of {@code table}: {@code flowcast_stage_<table>}. */
    public static String stagingTable(WarehouseTable table) {
        return "flowcast_stage_" + table.tableName();
    }

    @Override
    public String createStagingSql(WarehouseTable table) {
        StringBuilder sql = new StringBuilder(512);
        sql.append("CREATE TEMP TABLE IF NOT EXISTS ").append(stagingTable(table)).append(" (");
        List<WarehouseColumn> columns = table.columns();
        for (int i = 0; i < columns.size(); i++) {
            WarehouseColumn column = columns.get(i);
            sql.append(i == 0 ? "" : ", ")
                    .append(column.name())
                    .append(' ')
                    .append(stagingType(column.type()));
        }
        // Temp tables write no WAL; emptied by every commit, so a batch sees only its own rows.
        return sql.append(") ON COMMIT DELETE ROWS").toString();
    }

    @Override
    public String copySql(WarehouseTable table) {
        StringBuilder sql = new StringBuilder(256);
        sql.append("COPY ").append(stagingTable(table)).append(" (");
        appendColumnList(sql, table.columns(), "");
        return sql.append(") FROM STDIN").toString();
    }

    /**
     * {@code INSERT INTO <table> AS t (...) SELECT ... FROM flowcast_stage_<table> AS v ON CONFLICT
     * (key) DO UPDATE SET <every non-key column> = EXCLUDED.<column>}: PostgreSQL has a real
     * primary key, and its conflict check probes the key index row by row, where a MERGE from the
     * (statistics-less) temp table was planned as a hash join over a sequential scan of the whole
     * target table: time per batch grew with the table. Same effect as the MERGE: insert new keys,
     * overwrite existing ones, {@code written_at} set on both.
     */
    @Override
    public String upsertFromStagingSql(WarehouseTable table) {
        List<WarehouseColumn> columns = table.columns();
        StringBuilder sql = new StringBuilder(2048);
        sql.append("INSERT INTO ").append(table.tableName()).append(" AS t (");
        appendColumnList(sql, columns, "");
        sql.append(", ").append(WarehouseTable.WRITTEN_AT).append(")\nSELECT ");
        appendColumnList(sql, columns, "v.");
        sql.append(", now() AT TIME ZONE 'UTC'\nFROM ")
                .append(stagingTable(table))
                .append(" AS v\nON CONFLICT (")
                .append(table.key().name())
                .append(") DO UPDATE SET ");
        for (int i = 1; i < columns.size(); i++) {
            String c = columns.get(i).name();
            sql.append(c).append(" = EXCLUDED.").append(c).append(", ");
        }
        String writtenAt = WarehouseTable.WRITTEN_AT;
        return sql.append(writtenAt).append(" = EXCLUDED.").append(writtenAt).toString();
    }

    private static void appendColumnList(
            StringBuilder sql, List<WarehouseColumn> columns, String prefix) {
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(prefix).append(columns.get(i).name());
        }
    }

    /**
     * Columns of {@code v} converted to the table's types: epoch ms to timestamp, text to jsonb.
     */
    private static void appendProjection(StringBuilder sql, List<WarehouseColumn> columns) {
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
    }

    private static void appendOnAndWhen(StringBuilder sql, WarehouseTable table) {
        String key = table.key().name();
        sql.append("\nON t.").append(key).append(" = s.").append(key);
        MergeSql.appendWhenClauses(sql, table.columns(), name -> name, "now() AT TIME ZONE 'UTC'");
    }

    /** The table's own column types: COPY parses timestamps and JSON on the way in. */
    private static String stagingType(WarehouseColumn.Type type) {
        switch (type) {
            case TEXT:
                return "text";
            case JSON:
                return "jsonb";
            case INTEGER:
                return "integer";
            case BIGINT:
                return "bigint";
            case TIMESTAMP_MILLIS:
                return "timestamp";
            case DOUBLE:
                return "double precision";
            case BOOLEAN:
                return "boolean";
            default:
                throw new IllegalArgumentException("unknown column type " + type);
        }
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
