package io.flowcast.stream.enrich;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.flowcast.stream.enrich.AssetLookupException.Reason;
import io.flowcast.stream.enrich.OutageGate.Admission;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link AssetContextClient} over JDBC: one parameterised primary-key query per lookup against the
 * {@code asset} table, through a small HikariCP pool.
 *
 * <p>Threads and bounds: lookups run on a dedicated executor with as many threads as the pool has
 * connections and a bounded queue ({@link AuroraConnectionConfig#maxQueuedLookups()}). {@link
 * #find(String)} only enqueues, so it never blocks; when the queue is full the returned future
 * fails at once with {@link Reason#OVERLOADED}. Futures complete on the lookup threads.
 *
 * <p>Timeouts and outages: each query has a statement timeout ({@link Reason#TIMEOUT}) and a socket
 * timeout as a backstop against a silent network. When the database goes away, lookups fail with
 * {@link Reason#UNAVAILABLE}: at once on a dropped connection, or after at most the connect timeout
 * when no connection can be made. Once a lookup has found no connection, the database counts as
 * unreachable and further lookups fail at once too (queued ones included), while one probe lookup
 * per connect timeout tries again ({@link OutageGate}); the first lookup that reaches the database
 * ends that. The pool starts even when the database is down and reconnects by itself when it is
 * back: no restart of the client or the job is needed. There are no retries here; the caller
 * decides (the async function's timeout and failure handling).
 *
 * <p>Credentials are read once, when the client is created. A password rotated afterwards is picked
 * up by the next client (the next restart of the Flink task).
 */
public final class JdbcAssetContextClient implements AssetContextClient {

    /** The only statement this client runs; the id is always a bind parameter. */
    static final String SELECT_BY_ID =
            "SELECT asset_id, asset_type, site, line, rated_power_kw, rated_flow_m3h,"
                    + " rated_pressure_bar, rated_speed_rpm, model_endpoint, model_variant,"
                    + " active, updated_at FROM asset WHERE asset_id = ?";

    /** PostgreSQL's query_canceled: what a statement timeout produces. */
    private static final String SQLSTATE_QUERY_CANCELED = "57014";

    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

    private final HikariDataSource dataSource;
    private final ThreadPoolExecutor executor;
    private final int queryTimeoutSeconds;
    private final int poolSize;
    private final int maxQueuedLookups;
    private final long connectTimeoutMillis;
    private final OutageGate outageGate;
    private final AtomicBoolean closed = new AtomicBoolean();

    private JdbcAssetContextClient(
            AuroraConnectionConfig config, DatabaseCredentials credentials, int clientId) {
        this.queryTimeoutSeconds = config.queryTimeoutSeconds();
        this.poolSize = config.poolSize();
        this.maxQueuedLookups = config.maxQueuedLookups();
        this.connectTimeoutMillis = config.connectTimeout().toMillis();
        this.outageGate = new OutageGate(config.connectTimeout().toNanos(), System::nanoTime);
        this.dataSource = new HikariDataSource(hikariConfig(config, credentials, clientId));
        this.executor =
                new ThreadPoolExecutor(
                        poolSize,
                        poolSize,
                        0L,
                        TimeUnit.MILLISECONDS,
                        new ArrayBlockingQueue<>(maxQueuedLookups),
                        daemonThreads("flowcast-asset-lookup-" + clientId + "-"),
                        new ThreadPoolExecutor.AbortPolicy());
        executor.prestartAllCoreThreads();
    }

    /**
     * Reads the credentials and sets up the pool and the lookup threads. Does not wait for the
     * database: if it is down, lookups fail with {@link Reason#UNAVAILABLE} until it is back.
     *
     * @throws DatabaseCredentialsException if the credentials cannot be read
     * @throws IllegalArgumentException if the credentials' user differs from the configured one, or
     *     the {@code sslRootCert} file cannot be read
     */
    public static JdbcAssetContextClient create(AuroraConnectionConfig config) {
        Objects.requireNonNull(config, "config");
        if (config.tlsMode() == TlsMode.VERIFY_FULL
                && config.sslRootCert().orElseThrow().startsWith(CLASSPATH_PREFIX)) {
            // The driver reads the CA bundle only from a file: unpack one shipped in the jar.
            config =
                    config.toBuilder()
                            .sslRootCert(unpackRootCert(config.sslRootCert().get()).toString())
                            .build();
        }
        if (config.tlsMode() == TlsMode.VERIFY_FULL) {
            Path rootCert = Path.of(config.sslRootCert().orElseThrow());
            if (!Files.isReadable(rootCert)) {
                throw new IllegalArgumentException(
                        "Aurora connection: sslRootCert "
                                + rootCert
                                + " is not a readable file on this machine; it must hold the RDS"
                                + " CA bundle (global-bundle.pem)");
            }
        }
        DatabaseCredentials credentials = config.credentialsProvider().credentials();
        if (config.user().isPresent() && !config.user().get().equals(credentials.username())) {
            throw new IllegalArgumentException(
                    "Aurora connection: the configured user "
                            + config.user().get()
                            + " differs from the user in the credentials, "
                            + credentials.username()
                            + " (is the secret the right one?)");
        }
        return new JdbcAssetContextClient(config, credentials, CLIENT_IDS.incrementAndGet());
    }

    /** A serializable factory calling {@link #create(AuroraConnectionConfig)}. */
    public static AssetContextClientFactory factory(AuroraConnectionConfig config) {
        return new Factory(Objects.requireNonNull(config, "config"));
    }

    @Override
    public CompletableFuture<Optional<AssetContext>> find(String assetId) {
        Objects.requireNonNull(assetId, "assetId");
        if (closed.get()) {
            return CompletableFuture.failedFuture(closedException(assetId));
        }
        Admission admission = outageGate.admit();
        if (admission == Admission.REJECT) {
            return CompletableFuture.failedFuture(unreachableException(assetId));
        }
        Lookup lookup = new Lookup(assetId, admission == Admission.PROBE);
        try {
            executor.execute(lookup);
        } catch (RejectedExecutionException e) {
            if (lookup.probe) {
                outageGate.probeEnded();
            }
            return CompletableFuture.failedFuture(
                    closed.get()
                            ? closedException(assetId)
                            : new AssetLookupException(
                                    Reason.OVERLOADED,
                                    assetId,
                                    "Asset lookup of "
                                            + assetId
                                            + " refused: "
                                            + maxQueuedLookups
                                            + " lookups are already waiting for "
                                            + poolSize
                                            + " database connections (database slow or"
                                            + " down?)"));
        }
        return lookup.future;
    }

    /**
     * Fails waiting lookups with {@link Reason#CLOSED}, interrupts running ones, closes the pool
     * (which aborts their connections) and waits briefly for the lookup threads to end. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<Runnable> waiting = executor.shutdownNow();
        for (Runnable r : waiting) {
            if (r instanceof Lookup) {
                Lookup lookup = (Lookup) r;
                lookup.future.completeExceptionally(closedException(lookup.assetId));
            }
        }
        dataSource.close();
        try {
            executor.awaitTermination(queryTimeoutSeconds + 1L, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * False while the database counts as unreachable (a lookup found no connection and no lookup
     * has reached it since); lookups then fail at once. For metrics and health checks.
     */
    public boolean isDatabaseReachable() {
        return !outageGate.isDown();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    private Optional<AssetContext> query(String assetId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(SELECT_BY_ID)) {
            statement.setQueryTimeout(queryTimeoutSeconds);
            statement.setString(1, assetId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(map(row)) : Optional.empty();
            }
        }
    }

    /** Maps the current row of {@link #SELECT_BY_ID} (SQL NULL rated values stay null). */
    static AssetContext map(ResultSet row) throws SQLException {
        AssetContext c = new AssetContext();
        c.assetId = row.getString("asset_id");
        c.assetType = row.getString("asset_type");
        c.site = row.getString("site");
        c.line = row.getString("line");
        c.ratedPowerKw = nullableDouble(row, "rated_power_kw");
        c.ratedFlowM3h = nullableDouble(row, "rated_flow_m3h");
        c.ratedPressureBar = nullableDouble(row, "rated_pressure_bar");
        c.ratedSpeedRpm = nullableDouble(row, "rated_speed_rpm");
        c.modelEndpoint = row.getString("model_endpoint");
        c.modelVariant = row.getString("model_variant");
        c.active = row.getBoolean("active");
        c.updatedAtMillis =
                row.getObject("updated_at", OffsetDateTime.class).toInstant().toEpochMilli();
        return c;
    }

    private static Double nullableDouble(ResultSet row, String column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? null : value;
    }

    /** Sorts a failure into a {@link Reason} the caller can act on. */
    static AssetLookupException classify(String assetId, Exception e, boolean clientClosed) {
        Reason reason;
        if (clientClosed) {
            reason = Reason.CLOSED;
        } else if (e instanceof SQLTimeoutException
                || (e instanceof SQLException
                        && SQLSTATE_QUERY_CANCELED.equals(((SQLException) e).getSQLState()))) {
            reason = Reason.TIMEOUT;
        } else if (e instanceof SQLTransientConnectionException || isConnectionProblem(e)) {
            reason = Reason.UNAVAILABLE;
        } else {
            reason = Reason.FAILED;
        }
        return new AssetLookupException(
                reason,
                assetId,
                "Asset lookup of " + assetId + " failed (" + reason + "): " + e.getMessage(),
                e);
    }

    /**
     * SQLSTATE class 08 (connection exception) and 57P01..57P03 (server shutting down or starting
     * up): the database is not reachable right now.
     */
    private static boolean isConnectionProblem(Exception e) {
        if (!(e instanceof SQLException)) {
            return false;
        }
        String state = ((SQLException) e).getSQLState();
        return state != null
                && (state.startsWith("08")
                        || state.equals("57P01")
                        || state.equals("57P02")
                        || state.equals("57P03"));
    }

    private AssetLookupException unreachableException(String assetId) {
        return new AssetLookupException(
                Reason.UNAVAILABLE,
                assetId,
                "Asset lookup of "
                        + assetId
                        + " failed (UNAVAILABLE): the database has been unreachable for "
                        + TimeUnit.NANOSECONDS.toMillis(outageGate.downForNanos())
                        + " ms (no connection within the "
                        + connectTimeoutMillis
                        + " ms connect timeout); failing at once until a probe lookup connects");
    }

    private AssetLookupException closedException(String assetId) {
        return new AssetLookupException(
                Reason.CLOSED, assetId, "Asset lookup of " + assetId + ": the client is closed");
    }

    /** {@code tls.root.cert} values with this prefix name a resource in the job jar. */
    public static final String CLASSPATH_PREFIX = "classpath:";

    private static final Map<String, Path> UNPACKED_ROOT_CERTS = new ConcurrentHashMap<>();

    /** Copies a CA bundle resource to a temporary file once per JVM; returns the file. */
    static Path unpackRootCert(String location) {
        String resource = location.substring(CLASSPATH_PREFIX.length());
        return UNPACKED_ROOT_CERTS.computeIfAbsent(
                resource,
                name -> {
                    try (InputStream in =
                            JdbcAssetContextClient.class
                                    .getClassLoader()
                                    .getResourceAsStream(name)) {
                        if (in == null) {
                            throw new IllegalArgumentException(
                                    "Aurora connection: sslRootCert "
                                            + location
                                            + " is not in the job jar; scripts/deploy.sh adds"
                                            + " the RDS CA bundle (global-bundle.pem) to the jar"
                                            + " it uploads, or put it under"
                                            + " stream-job/src/main/resources/ and rebuild");
                        }
                        Path file = Files.createTempFile("flowcast-rds-ca-", ".pem");
                        file.toFile().deleteOnExit();
                        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                        return file;
                    } catch (IOException e) {
                        throw new UncheckedIOException(
                                "Aurora connection: could not unpack " + location, e);
                    }
                });
    }

    private static HikariConfig hikariConfig(
            AuroraConnectionConfig config, DatabaseCredentials credentials, int clientId) {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setServerNames(new String[] {config.host()});
        pg.setPortNumbers(new int[] {config.port()});
        pg.setDatabaseName(config.database());
        pg.setSslMode(config.tlsMode().sslMode());
        config.sslRootCert().ifPresent(pg::setSslRootCert);
        pg.setConnectTimeout(config.connectTimeoutSeconds());
        pg.setLoginTimeout(config.connectTimeoutSeconds());
        // Backstop for a peer that vanished without a reset: the statement timeout's cancel
        // request cannot reach it either.
        pg.setSocketTimeout(config.queryTimeoutSeconds() + config.connectTimeoutSeconds());
        pg.setTcpKeepAlive(true);
        pg.setApplicationName("flowcast-asset-context");

        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("flowcast-asset-context-" + clientId);
        hikari.setDataSource(pg);
        hikari.setUsername(credentials.username());
        hikari.setPassword(credentials.password());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(config.poolSize());
        hikari.setConnectionTimeout(config.connectTimeout().toMillis());
        hikari.setValidationTimeout(Math.max(250L, config.connectTimeout().toMillis() / 2));
        // Start even if the database is down; connections are made when it is back.
        hikari.setInitializationFailTimeout(-1);
        hikari.setKeepaliveTime(60_000L);
        hikari.setReadOnly(true);
        hikari.setAutoCommit(true);
        hikari.setRegisterMbeans(false);
        return hikari;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * One queued lookup: runs the query on a lookup thread, completes its future, and tells the
     * {@link OutageGate} what it learned about the database.
     */
    private final class Lookup implements Runnable {
        final String assetId;
        final boolean probe;
        final CompletableFuture<Optional<AssetContext>> future = new CompletableFuture<>();

        Lookup(String assetId, boolean probe) {
            this.assetId = assetId;
            this.probe = probe;
        }

        @Override
        public void run() {
            if (future.isDone()) {
                // The caller gave up (cancelled) while this waited: spare the database.
                endProbe();
                return;
            }
            if (!probe && outageGate.isDown()) {
                // Queued before the outage was noticed: do not wait out another connect timeout.
                future.completeExceptionally(unreachableException(assetId));
                return;
            }
            try {
                Optional<AssetContext> result = query(assetId);
                outageGate.reachable();
                future.complete(result);
            } catch (SQLException | RuntimeException e) {
                AssetLookupException failure = classify(assetId, e, closed.get());
                if (e instanceof SQLTransientConnectionException) {
                    // The pool found no connection within the connect timeout.
                    outageGate.unreachable(probe);
                } else if (failure.reason() == Reason.TIMEOUT
                        || failure.reason() == Reason.FAILED) {
                    // The database answered, if only with an error.
                    outageGate.reachable();
                } else {
                    endProbe();
                }
                future.completeExceptionally(failure);
            }
        }

        private void endProbe() {
            if (probe) {
                outageGate.probeEnded();
            }
        }
    }

    /** Serializable factory of {@link JdbcAssetContextClient}s for one configuration. */
    private static final class Factory implements AssetContextClientFactory {
        private static final long serialVersionUID = 1L;

        private final AuroraConnectionConfig config;

        Factory(AuroraConnectionConfig config) {
            this.config = config;
        }

        @Override
        public AssetContextClient create() {
            return JdbcAssetContextClient.create(config);
        }

        @Override
        public String toString() {
            return "JdbcAssetContextClient.factory(" + config + ")";
        }
    }
}
