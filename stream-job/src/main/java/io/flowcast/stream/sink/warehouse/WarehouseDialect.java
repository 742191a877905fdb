package io.flowcast.stream.sink.warehouse;

/**
 * The SQL seam between the warehouse writer and an engine: generates the idempotent batched upsert
 * (one multi-row {@code MERGE} keyed on the table's key) for a number of rows. Implementations:
 * {@link SnowflakeDialect} (production) and {@link PostgresDialect} (embedded PostgreSQL 17, the
 * local stand-in).
 *
 * <p>Contract: the SQL depends only on the table and the row count, never on values; every value is
 * a bind variable ({@code ?}), bound in row-major order, each row's values in {@link
 * WarehouseTable#columns()} order with the types of {@link WarehouseColumn.Type}. Identifiers come
 * only from {@link WarehouseTable}. The statement must not see two source rows with one key (the
 * caller de-duplicates) and sets {@code written_at} on insert and update.
 */
public interface WarehouseDialect {

    /** How a statement's values are bound. */
    enum BindLayout {
        /** One bind variable per value, row after row. */
        ROWS,
        /** One array bind variable per column, its elements the rows' values. */
        COLUMN_ARRAYS,
        /**
         * No bind variables: the rows are streamed with PostgreSQL {@code COPY ... FROM STDIN}
         * (text format) into a session-local staging table ({@link #createStagingSql}, {@link
         * #copySql}), then upserted from it with {@link #upsertFromStagingSql}.
         */
        COPY_STAGING
    }

    /** How {@link #mergeSql} expects its values bound; {@link BindLayout#ROWS} by default. */
    default BindLayout bindLayout() {
        return BindLayout.ROWS;
    }

    /**
     * The JDBC array element type name ({@code Connection.createArrayOf}) for a column of {@code
     * type}; only for {@link BindLayout#COLUMN_ARRAYS}.
     */
    default String arrayElementType(WarehouseColumn.Type type) {
        throw new UnsupportedOperationException(name() + " binds rows, not column arrays");
    }

    /**
     * For {@link BindLayout#COPY_STAGING}: the idempotent DDL of the session's staging table for
     * {@code table} (raw column types, emptied at each commit).
     */
    default String createStagingSql(WarehouseTable table) {
        throw new UnsupportedOperationException(name() + " has no staging table");
    }

    /**
     * For {@link BindLayout#COPY_STAGING}: the {@code COPY ... FROM STDIN} into the staging table.
     */
    default String copySql(WarehouseTable table) {
        throw new UnsupportedOperationException(name() + " has no COPY");
    }

    /**
     * For {@link BindLayout#COPY_STAGING}: the upsert of every row of the staging table into {@code
     * table} (rows already de-duplicated by the writer), with the MERGE's effect.
     */
    default String upsertFromStagingSql(WarehouseTable table) {
        throw new UnsupportedOperationException(name() + " has no staging table");
    }

    /** A short name for logs and metrics, e.g. {@code snowflake}. */
    String name();

    /**
     * The MERGE upserting {@code rows} rows into {@code table}.
     *
     * @throws IllegalArgumentException if {@code rows} is not in {@code 1..}{@link
     *     #maxRowsPerStatement}
     */
    String mergeSql(WarehouseTable table, int rows);

    /** The most rows one statement may carry (the engine's bind-variable limits). */
    int maxRowsPerStatement(WarehouseTable table);

    /**
     * The most bytes of bound values one statement should carry; the writer starts a new statement
     * (in the same transaction) before a row would pass it. Unbounded by default.
     */
    default long maxBytesPerStatement() {
        return Long.MAX_VALUE;
    }

    /** Checks a row count against {@link #maxRowsPerStatement}. */
    static void checkRows(WarehouseDialect dialect, WarehouseTable table, int rows) {
        int max = dialect.maxRowsPerStatement(table);
        if (rows < 1 || rows > max) {
            throw new IllegalArgumentException(
                    "rows per "
                            + dialect.name()
                            + " MERGE into "
                            + table.tableName()
                            + " must be 1.."
                            + max
                            + ", got "
                            + rows);
        }
    }
}
