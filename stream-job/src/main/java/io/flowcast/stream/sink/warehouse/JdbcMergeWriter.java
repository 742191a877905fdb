package io.flowcast.stream.sink.warehouse;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes batches of {@link WarehouseRow}s of one table into a warehouse over JDBC, idempotently:
 * each batch is de-duplicated by key (the last row of a key wins), then upserted with the dialect's
 * multi-row {@code MERGE} (split into statements of at most {@link
 * WarehouseDialect#maxRowsPerStatement} rows), all in one transaction. Writing the same rows again,
 * or replaying older batches, leaves one row per key.
 *
 * <p>Why one MERGE per batch rather than a staged temp table: it is one round trip per batch on
 * both engines and needs no session state (temp tables survive neither a reconnect nor Snowflake's
 * connection handling well). Values are bound as the dialect's {@link WarehouseDialect.BindLayout}
 * says: one variable per value ({@code VALUES} rows, Snowflake) or one array per column ({@code
 * unnest}, PostgreSQL, about 20% more rows/s than {@code VALUES} in {@code WarehouseBenchmark}).
 *
 * <p>Connections: one is taken lazily from the {@link ConnectionSupplier} and kept across batches
 * (auto-commit off). After any failure it is rolled back and closed, and the next attempt takes a
 * fresh one.
 *
 * <p>Retries: a failure that {@link TransientSqlErrors} calls transient is retried on a fresh
 * connection, waiting as {@link RetryPolicy} says, up to its attempts; then, or at once for a
 * permanent failure, the last {@link SQLException} is thrown with the earlier ones suppressed.
 * Because the whole batch is one transaction and the MERGE is idempotent, a retry after an
 * ambiguous failure (a commit whose answer was lost) is safe.
 *
 * <p>Not thread-safe: one writer per sink subtask.
 */
public final class JdbcMergeWriter implements AutoCloseable {

    /** Supplies JDBC connections (a {@code DataSource}, a pool, {@code DriverManager}). */
    @FunctionalInterface
    public interface ConnectionSupplier {
        /** A new or pooled connection; the writer closes it when done with it. */
        Connection get() throws SQLException;
    }

    /** Waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        /** Waits {@code duration}. */
        void sleep(Duration duration) throws InterruptedException;
    }

    private final ConnectionSupplier connections;
    private final WarehouseDialect dialect;
    private final RetryPolicy retryPolicy;
    private final Sleeper sleeper;
    private final Map<String, String> sqlCache = new LinkedHashMap<>();
    private final Set<WarehouseTable> stagedTables = EnumSet.noneOf(WarehouseTable.class);
    private Connection connection;
    private long retries;

    /** A writer with {@link RetryPolicy#defaults()} that sleeps with {@link Thread#sleep}. */
    public JdbcMergeWriter(ConnectionSupplier connections, WarehouseDialect dialect) {
        this(connections, dialect, RetryPolicy.defaults(), d -> Thread.sleep(d.toMillis()));
    }

    /** A writer; see the class comment. */
    public JdbcMergeWriter(
            ConnectionSupplier connections,
            WarehouseDialect dialect,
            RetryPolicy retryPolicy,
            Sleeper sleeper) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * Upserts {@code batch} (rows of one table) in one transaction.
     *
     * @return the rows written: the batch's distinct keys
     * @throws IllegalArgumentException if the rows belong to different tables
     * @throws SQLException after a permanent failure, or when the retries are used up
     * @throws InterruptedException if interrupted while waiting to retry
     */
    public int write(List<? extends WarehouseRow> batch) throws SQLException, InterruptedException {
        if (batch.isEmpty()) {
            return 0;
        }
        WarehouseTable table = batch.get(0).table();
        List<WarehouseRow> rows = deduplicate(batch);
        for (WarehouseRow row : rows) {
            if (row.table() != table) {
                throw new IllegalArgumentException(
                        "a batch holds rows of one table: "
                                + table
                                + " and "
                                + row.table()
                                + " mixed");
            }
        }
        SQLException failure = null;
        for (int attempt = 1; ; attempt++) {
            try {
                writeOnce(table, rows);
                return rows.size();
            } catch (SQLException e) {
                discardConnection();
                if (failure == null) {
                    failure = e;
                } else {
                    e.addSuppressed(failure);
                    failure = e;
                }
                if (!TransientSqlErrors.isTransient(e) || attempt >= retryPolicy.maxAttempts()) {
                    throw failure;
                }
                retries++;
                sleeper.sleep(retryPolicy.backoffAfter(attempt));
            }
        }
    }

    /**
     * The rows of {@code batch} with one row per key, the last one of each key, in the order of
     * those last occurrences. A MERGE must not see two source rows for one target row (PostgreSQL
     * fails, Snowflake picks one nondeterministically).
     */
    public static List<WarehouseRow> deduplicate(List<? extends WarehouseRow> batch) {
        Map<String, WarehouseRow> byKey = new LinkedHashMap<>(batch.size() * 2);
        for (WarehouseRow row : batch) {
            String key = Objects.requireNonNull(row.key(), "row key");
            // remove first so the surviving row takes the position of its last occurrence
            byKey.remove(key);
            byKey.put(key, row);
        }
        return new ArrayList<>(byKey.values());
    }

    /** Transient failures retried so far, for metrics. */
    public long retries() {
        return retries;
    }

    private void writeOnce(WarehouseTable table, List<WarehouseRow> rows) throws SQLException {
        Connection c = connection();
        if (dialect.bindLayout() == WarehouseDialect.BindLayout.COPY_STAGING) {
            copyAndMerge(c, table, rows);
            c.commit();
            return;
        }
        for (List<WarehouseRow> chunk : statementChunks(table, rows)) {
            try (PreparedStatement statement = c.prepareStatement(sql(table, chunk.size()))) {
                if (dialect.bindLayout() == WarehouseDialect.BindLayout.COLUMN_ARRAYS) {
                    bindColumnArrays(c, statement, table.columns(), chunk);
                } else {
                    int index = 1;
                    for (WarehouseRow row : chunk) {
                        index = bind(statement, index, table.columns(), row.values());
                    }
                }
                statement.executeUpdate();
            }
        }
        c.commit();
    }

    /**
     * {@code rows} cut into consecutive statements of at most {@link
     * WarehouseDialect#maxRowsPerStatement} rows and, by {@link #estimatedBytes}, at most {@link
     * WarehouseDialect#maxBytesPerStatement} bytes of values; a single larger row goes alone.
     */
    List<List<WarehouseRow>> statementChunks(WarehouseTable table, List<WarehouseRow> rows) {
        int maxRows = dialect.maxRowsPerStatement(table);
        long maxBytes = dialect.maxBytesPerStatement();
        List<List<WarehouseRow>> chunks = new ArrayList<>();
        int from = 0;
        long bytes = 0;
        for (int i = 0; i < rows.size(); i++) {
            long rowBytes = estimatedBytes(rows.get(i));
            if (i > from && (i - from >= maxRows || bytes + rowBytes > maxBytes)) {
                chunks.add(rows.subList(from, i));
                from = i;
                bytes = 0;
            }
            bytes += rowBytes;
        }
        if (from < rows.size()) {
            chunks.add(rows.subList(from, rows.size()));
        }
        return chunks;
    }

    /**
     * The bound size of {@code row}: UTF-16 length x 3 for text (UTF-8 worst case), 8 otherwise.
     */
    static long estimatedBytes(WarehouseRow row) {
        long bytes = 0;
        for (Object value : row.values()) {
            bytes += value instanceof String ? 3L * ((String) value).length() : 8;
        }
        return bytes;
    }

    /**
     * PostgreSQL: streams the rows into the session's staging table with {@code COPY} (text), then
     * one upsert from it. The staging table is created once per connection and emptied by every
     * commit ({@code ON COMMIT DELETE ROWS}); a rollback empties it too.
     */
    private void copyAndMerge(Connection c, WarehouseTable table, List<WarehouseRow> rows)
            throws SQLException {
        if (!stagedTables.contains(table)) {
            try (Statement s = c.createStatement()) {
                s.execute(dialect.createStagingSql(table));
            }
            // Committed at once so that a later rollback does not drop it again.
            c.commit();
            stagedTables.add(table);
        }
        StringBuilder data = new StringBuilder(rows.size() * 256);
        PostgresCopyText.append(data, table.columns(), rows);
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        try {
            copy.copyIn(dialect.copySql(table), new StringReader(data.toString()));
        } catch (IOException e) {
            // Reading a StringReader does not fail; the driver reports I/O on the socket as this.
            throw new SQLRecoverableException(
                    "COPY into the staging table failed: " + e, "08006", e);
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate(sql(table, -1));
        }
    }

    private String sql(WarehouseTable table, int rows) {
        // A sink sees a handful of batch sizes (full batches, and the tail on checkpoints).
        if (sqlCache.size() > 64) {
            sqlCache.clear();
        }
        return sqlCache.computeIfAbsent(
                table + "/" + rows,
                k ->
                        rows < 0
                                ? dialect.upsertFromStagingSql(table)
                                : dialect.mergeSql(table, rows));
    }

    private void bindColumnArrays(
            Connection c,
            PreparedStatement statement,
            List<WarehouseColumn> columns,
            List<WarehouseRow> rows)
            throws SQLException {
        for (int i = 0; i < columns.size(); i++) {
            WarehouseColumn column = columns.get(i);
            Object[] values = new Object[rows.size()];
            for (int r = 0; r < values.length; r++) {
                List<Object> row = rows.get(r).values();
                if (row.size() != columns.size()) {
                    throw new IllegalArgumentException(
                            "row has " + row.size() + " values for " + columns.size() + " columns");
                }
                values[r] = arrayElement(column.type(), row.get(i));
            }
            statement.setArray(
                    i + 1, c.createArrayOf(dialect.arrayElementType(column.type()), values));
        }
    }

    private static Object arrayElement(WarehouseColumn.Type type, Object value) {
        if (value == null) {
            return null;
        }
        switch (type) {
            case TEXT:
            case JSON:
                return (String) value;
            case INTEGER:
                return ((Number) value).intValue();
            case BIGINT:
            case TIMESTAMP_MILLIS:
                return ((Number) value).longValue();
            case DOUBLE:
                return ((Number) value).doubleValue();
            case BOOLEAN:
                return (Boolean) value;
            default:
                throw new IllegalStateException("unknown column type " + type);
        }
    }

    private static int bind(
            PreparedStatement statement,
            int index,
            List<WarehouseColumn> columns,
            List<Object> values)
            throws SQLException {
        if (values.size() != columns.size()) {
            throw new IllegalArgumentException(
                    "row has " + values.size() + " values for " + columns.size() + " columns");
        }
        for (int i = 0; i < columns.size(); i++, index++) {
            Object value = values.get(i);
            WarehouseColumn.Type type = columns.get(i).type();
            switch (type) {
                case TEXT:
                case JSON:
                    if (value == null) {
                        statement.setNull(index, Types.VARCHAR);
                    } else {
                        statement.setString(index, (String) value);
                    }
                    break;
                case INTEGER:
                    if (value == null) {
                        statement.setNull(index, Types.INTEGER);
                    } else {
                        statement.setInt(index, ((Number) value).intValue());
                    }
                    break;
                case BIGINT:
                case TIMESTAMP_MILLIS:
                    if (value == null) {
                        statement.setNull(index, Types.BIGINT);
                    } else {
                        statement.setLong(index, ((Number) value).longValue());
                    }
                    break;
                case DOUBLE:
                    if (value == null) {
                        statement.setNull(index, Types.DOUBLE);
                    } else {
                        statement.setDouble(index, ((Number) value).doubleValue());
                    }
                    break;
                case BOOLEAN:
                    if (value == null) {
                        statement.setNull(index, Types.BOOLEAN);
                    } else {
                        statement.setBoolean(index, (Boolean) value);
                    }
                    break;
                default:
                    throw new IllegalStateException("unknown column type " + type);
            }
        }
        return index;
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = connections.get();
            try {
                c.setAutoCommit(false);
            } catch (SQLException e) {
                closeQuietly(c);
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    private void discardConnection() {
        Connection c = connection;
        connection = null;
        stagedTables.clear();
        if (c == null) {
            return;
        }
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection may be broken already; closing it is what matters.
        }
        closeQuietly(c);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Nothing more to do with a connection that will not close.
        }
    }

    /** Closes the current connection, if any. */
    @Override
    public void close() throws SQLException {
        Connection c = connection;
        connection = null;
        stagedTables.clear();
        if (c != null) {
            c.close();
        }
    }

    @Override
    public String toString() {
        return "JdbcMergeWriter{" + dialect.name() + ", " + retryPolicy + "}";
    }
}
