package io.flowcast.stream.bench;

import io.flowcast.stream.enrich.AssetContext;
import io.flowcast.stream.enrich.AssetContextClient;
import io.flowcast.stream.enrich.AuroraConnectionConfig;
import io.flowcast.stream.local.EmbeddedAurora;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The asset register of {@link EnrichmentBenchmark}: the real embedded PostgreSQL 17 ({@link
 * EmbeddedAurora}) with the job's schema, seeded with {@link EnrichBenchVectors#context(int)} rows,
 * and {@code pg_stat_statements} loaded so the benchmark counts the lookups the database actually
 * executed ({@link #lookupQueries()}), not only those the job says it sent.
 *
 * <p>{@code pg_stat_statements} must be preloaded: it is set with {@code ALTER SYSTEM} and the
 * server restarted ({@link EmbeddedAurora#stop()}/{@link EmbeddedAurora#start()} keep the data and
 * the port). Its counters are updated when a statement finishes, before the client gets the result,
 * so a count read after a round's last window arrived includes all of that round's queries. If the
 * extension cannot be loaded the benchmark still runs and reports client-side counts only.
 */
final class EnrichBenchDatabase implements AutoCloseable {

    /** How {@code pg_stat_statements} shows the client's one statement (ids become $1). */
    private static final String LOOKUP_PATTERN =
            "SELECT asset_id, asset_type,%FROM asset WHERE asset_id = $1";

    private static final String INSERT =
            "INSERT INTO asset (asset_id, asset_type, site, line, rated_power_kw, rated_flow_m3h,"
                    + " rated_pressure_bar, rated_speed_rpm, model_endpoint, model_variant, active,"
                    + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final int BATCH = 1_000;

    final EmbeddedAurora aurora;
    final Duration launchTime;
    Duration seedTime = Duration.ZERO;
    int rows;
    private Connection statsConnection;
    private String statementStatsProblem;

    private EnrichBenchDatabase(EmbeddedAurora aurora, Duration launchTime) {
        this.aurora = aurora;
        this.launchTime = launchTime;
    }

    /** Launches the embedded PostgreSQL 17 with the asset schema; {@link #close()} removes it. */
    static EnrichBenchDatabase launch() {
        long t0 = System.nanoTime();
        EmbeddedAurora aurora = EmbeddedAurora.launch();
        return new EnrichBenchDatabase(aurora, Duration.ofNanos(System.nanoTime() - t0));
    }

    /** Inserts rows for assets {@code 0..assets-1}: parameterised batches, one transaction. */
    void seed(int assets) throws SQLException {
        long t0 = System.nanoTime();
        try (Connection c = aurora.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                for (int i = 0; i < assets; i++) {
                    bind(insert, EnrichBenchVectors.context(i));
                    insert.addBatch();
                    if ((i + 1) % BATCH == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            c.commit();
            try (Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                // As a long-lived register would have: planner statistics for the table.
                s.execute("ANALYZE asset");
            }
        }
        rows = assets;
        seedTime = Duration.ofNanos(System.nanoTime() - t0);
    }

    private static void bind(PreparedStatement p, AssetContext a) throws SQLException {
        p.setString(1, a.assetId);
        p.setString(2, a.assetType);
        p.setString(3, a.site);
        p.setString(4, a.line);
        setDouble(p, 5, a.ratedPowerKw);
        setDouble(p, 6, a.ratedFlowM3h);
        setDouble(p, 7, a.ratedPressureBar);
        setDouble(p, 8, a.ratedSpeedRpm);
        p.setString(9, a.modelEndpoint);
        p.setString(10, a.modelVariant);
        p.setBoolean(11, a.active);
        p.setObject(
                12,
                OffsetDateTime.ofInstant(Instant.ofEpochMilli(a.updatedAtMillis), ZoneOffset.UTC));
    }

    private static void setDouble(PreparedStatement p, int index, Double value)
            throws SQLException {
        if (value == null) {
            p.setNull(index, Types.DOUBLE);
        } else {
            p.setDouble(index, value);
        }
    }

    /**
     * Preloads {@code pg_stat_statements} (restarting the server) and creates the extension.
     *
     * @return true if statement counts are available
     */
    boolean enableStatementStats() {
        try {
            try (Connection c = aurora.dataSource().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
            }
            aurora.stop();
            aurora.start();
            statsConnection = aurora.dataSource().getConnection();
            try (Statement s = statsConnection.createStatement()) {
                s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            }
            lookupQueries();
            return true;
        } catch (SQLException | RuntimeException e) {
            statementStatsProblem = e.getMessage();
            closeStatsConnection();
            return false;
        }
    }

    /** Why {@link #enableStatementStats()} failed, or null. */
    String statementStatsProblem() {
        return statementStatsProblem;
    }

    /**
     * Executions of the client's lookup statement so far, or -1 without {@code pg_stat_statements}.
     */
    long lookupQueries() {
        StatementStats s = lookupStatement();
        return s == null ? -1 : s.calls;
    }

    /** The lookup statement's counters so far, or null without {@code pg_stat_statements}. */
    synchronized StatementStats lookupStatement() {
        if (statsConnection == null) {
            return null;
        }
        try (PreparedStatement p =
                statsConnection.prepareStatement(
                        "SELECT coalesce(sum(calls), 0), coalesce(sum(total_exec_time), 0)"
                                + " FROM pg_stat_statements WHERE query LIKE ?")) {
            p.setString(1, LOOKUP_PATTERN);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return new StatementStats(r.getLong(1), r.getDouble(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read pg_stat_statements: " + e, e);
        }
    }

    /** Executions and total server-side execution time of the lookup statement. */
    static final class StatementStats {
        final long calls;
        final double totalMillis;

        StatementStats(long calls, double totalMillis) {
            this.calls = calls;
            this.totalMillis = totalMillis;
        }

        /** Mean execution time of the executions since {@code before}, ms; -1 if none. */
        double meanMillisSince(StatementStats before) {
            long n = calls - (before == null ? 0 : before.calls);
            double t = totalMillis - (before == null ? 0 : before.totalMillis);
            return n <= 0 ? -1 : t / n;
        }
    }

    /** The server's version string, e.g. {@code 17.6}. */
    String serverVersion() throws SQLException {
        try (Connection c = aurora.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SHOW server_version")) {
            r.next();
            return r.getString(1);
        }
    }

    /** A client configuration for this server with the production client defaults. */
    AuroraConnectionConfig connectionConfig() {
        return aurora.connectionConfig();
    }

    /**
     * Runs {@code count} lookups of {@code ids} (cycling) through {@code client} with at most
     * {@code inFlight} outstanding, timing each from {@code find} to completion. The caller's
     * thread only waits for permits; it never blocks on a future.
     */
    static LookupRun lookups(AssetContextClient client, String[] ids, int count, int inFlight)
            throws InterruptedException {
        long[] latencies = new long[count];
        AtomicLong failures = new AtomicLong();
        AtomicLong found = new AtomicLong();
        Semaphore permits = new Semaphore(inFlight);
        CountDownLatch done = new CountDownLatch(count);
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            permits.acquire();
            int slot = i;
            long start = System.nanoTime();
            client.find(ids[i % ids.length])
                    .whenComplete(
                            (value, error) -> {
                                latencies[slot] = System.nanoTime() - start;
                                if (error != null) {
                                    failures.incrementAndGet();
                                } else if (value.isPresent()) {
                                    found.incrementAndGet();
                                }
                                permits.release();
                                done.countDown();
                            });
        }
        if (!done.await(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("lookups did not complete within 2 minutes");
        }
        LookupRun run = new LookupRun();
        run.count = count;
        run.inFlight = inFlight;
        run.nanos = System.nanoTime() - t0;
        run.failures = failures.get();
        run.found = found.get();
        // The latch's countDown happens after each write: all slots are visible here.
        Arrays.sort(latencies);
        run.sortedLatencies = latencies;
        return run;
    }

    /** The figures of one {@link #lookups} run. */
    static final class LookupRun {
        int count;
        int inFlight;
        long nanos;
        long failures;
        long found;
        long[] sortedLatencies;

        double perSecond() {
            return count * 1e9 / nanos;
        }
    }

    /** Stops the server and deletes its data. */
    @Override
    public void close() {
        closeStatsConnection();
        aurora.close();
    }

    private void closeStatsConnection() {
        if (statsConnection != null) {
            try {
                statsConnection.close();
            } catch (SQLException ignored) {
                // The server goes away next anyway.
            }
            statsConnection = null;
        }
    }
}
