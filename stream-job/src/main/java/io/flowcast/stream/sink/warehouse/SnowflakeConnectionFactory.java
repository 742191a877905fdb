package io.flowcast.stream.sink.warehouse;

import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLTransientConnectionException;
import java.util.Objects;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * Connections to Snowflake through {@code net.snowflake:snowflake-jdbc} (4.4.1) with key-pair
 * authentication: the URL is {@code jdbc:snowflake://<account>.snowflakecomputing.com/} (or a
 * configured override, e.g. a PrivateLink host), and the properties are {@code user}, {@code
 * authenticator=SNOWFLAKE_JWT}, {@code privateKey} (a {@link java.security.PrivateKey} object: the
 * driver's {@code SFSessionProperty.PRIVATE_KEY} is typed {@code PrivateKey}; checked in the 4.4.1
 * jar), {@code warehouse}, {@code db}, {@code schema} and {@code role}.
 *
 * <p>The key pair is read from {@link SnowflakeKeyPairSource} for every new connection, so a key
 * rotated in the secret is used from the next reconnect on. A secret that could not be fetched
 * becomes a {@link SQLTransientConnectionException} (retried by {@link JdbcMergeWriter}); an
 * unusable secret a {@link SQLInvalidAuthorizationSpecException} (SQLState 28000, not retried).
 * Neither message, nor {@link #toString()}, contains key material.
 *
 * <p>The driver is looked up with this class's class loader ({@link ServiceLoader}), not {@code
 * DriverManager}, which does not see drivers in Flink's user-code class loader reliably.
 */
public final class SnowflakeConnectionFactory implements WarehouseConnectionFactory {
    private static final long serialVersionUID = 1L;

    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    private final String url;
    private final String warehouse;
    private final String database;
    private final String schema;
    private final String role;
    private final SnowflakeKeyPairSource keyPairSource;
    private transient Driver driver;

    /**
     * @param account the account identifier ({@code orgname-accountname} or a locator with region,
     *     e.g. {@code xy12345.eu-west-1}); ignored when {@code urlOverride} is set
     * @param urlOverride null, or a full {@code jdbc:snowflake://...} URL
     * @param warehouse the virtual warehouse that runs the MERGEs
     * @param database the database holding the tables of {@code schemas/warehouse/snowflake.sql}
     * @param schema their schema
     * @param role the role to use; null = the user's default role
     * @param keyPairSource where the user and private key come from
     * @throws IllegalArgumentException naming the first invalid argument
     */
    public SnowflakeConnectionFactory(
            String account,
            String urlOverride,
            String warehouse,
            String database,
            String schema,
            String role,
            SnowflakeKeyPairSource keyPairSource) {
        if (urlOverride != null) {
            String u = urlOverride.trim();
            if (!u.startsWith("jdbc:snowflake://") || u.length() == "jdbc:snowflake://".length()) {
                throw new IllegalArgumentException(
                        "url must start with jdbc:snowflake://, got " + urlOverride);
            }
            this.url = u;
        } else {
            if (account == null || !ACCOUNT.matcher(account).matches()) {
                throw new IllegalArgumentException(
                        "account must be a Snowflake account identifier (e.g. myorg-myaccount),"
                                + " got "
                                + account);
            }
            this.url = "jdbc:snowflake://" + account + ".snowflakecomputing.com/";
        }
        this.warehouse = identifier("warehouse", warehouse, true);
        this.database = identifier("database", database, true);
        this.schema = identifier("schema", schema, true);
        this.role = identifier("role", role, false);
        this.keyPairSource = Objects.requireNonNull(keyPairSource, "keyPairSource");
    }

    private static String identifier(String what, String value, boolean required) {
        if (value == null && !required) {
            return null;
        }
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    what
                            + " must be a Snowflake identifier ([A-Za-z_][A-Za-z0-9_$]*), got "
                            + value);
        }
        return value;
    }

    /** The JDBC URL. */
    public String url() {
        return url;
    }

    /** The key pair's source. */
    public SnowflakeKeyPairSource keyPairSource() {
        return keyPairSource;
    }

    /**
     * The driver properties for {@code keyPair}. Holds the private key: never log the result.
     * Package-private for tests.
     */
    Properties connectionProperties(SnowflakeKeyPair keyPair) {
        Properties p = new Properties();
        p.put("user", keyPair.user());
        p.put("authenticator", "SNOWFLAKE_JWT");
        p.put("privateKey", keyPair.privateKey());
        p.put("warehouse", warehouse);
        p.put("db", database);
        p.put("schema", schema);
        if (role != null) {
            p.put("role", role);
        }
        // Idle task managers between bursts must not lose the session.
        p.put("CLIENT_SESSION_KEEP_ALIVE", "true");
        p.put("application", "Flowcast");
        return p;
    }

    @Override
    public Connection connect() throws SQLException {
        SnowflakeKeyPair keyPair;
        try {
            keyPair = keyPairSource.read();
        } catch (UncheckedIOException e) {
            throw new SQLTransientConnectionException(e.getCause().getMessage(), "08001");
        } catch (WarehouseCredentialsException e) {
            throw new SQLInvalidAuthorizationSpecException(e.getMessage(), "28000");
        }
        Connection c = driver().connect(url, connectionProperties(keyPair));
        if (c == null) {
            throw new SQLException("the Snowflake driver does not accept " + url, "08001");
        }
        return c;
    }

    private Driver driver() throws SQLException {
        if (driver == null) {
            for (Driver d :
                    ServiceLoader.load(
                            Driver.class, SnowflakeConnectionFactory.class.getClassLoader())) {
                if (d.acceptsURL(url)) {
                    driver = d;
                    break;
                }
            }
            if (driver == null) {
                throw new SQLException(
                        "no JDBC driver for jdbc:snowflake:// on the class path"
                                + " (net.snowflake:snowflake-jdbc)",
                        "08001");
            }
        }
        return driver;
    }

    @Override
    public WarehouseDialect dialect() {
        return new SnowflakeDialect();
    }

    @Override
    public String toString() {
        return "SnowflakeConnectionFactory{"
                + url
                + ", warehouse="
                + warehouse
                + ", db="
                + database
                + ", schema="
                + schema
                + (role == null ? "" : ", role=" + role)
                + ", "
                + keyPairSource
                + "}";
    }
}
