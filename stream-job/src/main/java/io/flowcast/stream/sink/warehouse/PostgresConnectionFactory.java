package io.flowcast.stream.sink.warehouse;

import io.flowcast.stream.enrich.AuroraConnectionConfig;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Connections to the local warehouse stand-in: a PostgreSQL 15+ server on this machine (the local
 * run's embedded PostgreSQL 17, {@code io.flowcast.stream.local.LocalWarehouse}), as its superuser
 * with trust authentication and TLS off. Loopback only, like the asset register's local
 * credentials: there is no password anywhere, so a non-loopback host is refused.
 */
public final class PostgresConnectionFactory implements WarehouseConnectionFactory {
    private static final long serialVersionUID = 1L;

    /** The embedded server's superuser, authenticated by trust on loopback. */
    public static final String LOCAL_USER = "postgres";

    /** The database the local warehouse's tables live in. */
    public static final String LOCAL_DATABASE = "postgres";

    private final String host;
    private final int port;
    private final String database;
    private final WarehouseDialect.BindLayout layout;

    /**
     * Connections with the default {@link PostgresDialect} layout (COPY into staging, then {@code
     * INSERT ... ON CONFLICT}).
     *
     * @throws IllegalArgumentException if {@code host} is not a loopback host, or the port or
     *     database is invalid
     */
    public PostgresConnectionFactory(String host, int port, String database) {
        this(host, port, database, WarehouseDialect.BindLayout.COPY_STAGING);
    }

    /**
     * Connections whose {@link #dialect()} binds as {@code layout} ({@code COLUMN_ARRAYS} or {@code
     * COPY_STAGING}; benchmarks compare them).
     *
     * @throws IllegalArgumentException if {@code host} is not a loopback host, or an argument is
     *     invalid
     */
    public PostgresConnectionFactory(
            String host, int port, String database, WarehouseDialect.BindLayout layout) {
        if (host == null || !AuroraConnectionConfig.isLoopbackHost(host)) {
            throw new IllegalArgumentException(
                    "the postgres warehouse engine is the local stand-in and only connects to this"
                            + " machine (localhost, 127.x.x.x, ::1), got host "
                            + host);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        if (database == null || database.isBlank()) {
            throw new IllegalArgumentException("database must not be blank");
        }
        this.host = host;
        this.port = port;
        this.database = database;
        this.layout = layout;
        new PostgresDialect(layout); // checks the layout
    }

    @Override
    public Connection connect() throws SQLException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {host});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(database);
        ds.setUser(LOCAL_USER);
        ds.setSslMode("disable");
        ds.setApplicationName("flowcast-warehouse-sink");
        ds.setConnectTimeout(10);
        return ds.getConnection();
    }

    @Override
    public WarehouseDialect dialect() {
        return new PostgresDialect(layout);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    @Override
    public String toString() {
        return "PostgresConnectionFactory{"
                + host
                + ":"
                + port
                + "/"
                + database
                + ", "
                + layout
                + "}";
    }
}
