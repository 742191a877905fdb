package io.flowcast.stream.enrich;

import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable settings of the connection to the asset register (Aurora PostgreSQL): where it is, how
 * to authenticate and protect the connection, and how much load and waiting the client accepts.
 * Serializable, so it travels inside an {@link AssetContextClientFactory}; it holds a {@link
 * DatabaseCredentialsProvider} (how to get the password), never a production password.
 *
 * <p>Rules checked by {@link Builder#build()}, each with a message naming the setting:
 *
 * <ul>
 *   <li>{@link TlsMode#DISABLE} only for loopback hosts ({@code localhost}, {@code 127.x.x.x},
 *       {@code ::1}, judged from the text, no DNS lookup);
 *   <li>{@link TlsMode#VERIFY_FULL} needs {@code sslRootCert}, the path of the RDS CA bundle on the
 *       task managers;
 *   <li>a {@link DatabaseCredentialsProvider#loopbackOnly() loopback-only} credentials provider
 *       only for loopback hosts;
 *   <li>pool size 1..{@value #MAX_POOL_SIZE}, queue 1..{@value #MAX_QUEUED_LOOKUPS}, query timeout
 *       1 s..60 s, connect timeout 250 ms..30 s.
 * </ul>
 *
 * <p>{@link #toString()} shows every setting and never a password.
 */
public final class AuroraConnectionConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Default PostgreSQL port. */
    public static final int DEFAULT_PORT = 5432;

    /** Default number of database connections (and lookup threads) per client. */
    public static final int DEFAULT_POOL_SIZE = 4;

    /** Largest pool a client may open; Aurora connections are a shared, limited resource. */
    public static final int MAX_POOL_SIZE = 32;

    /** Default number of lookups that may wait for a connection before new ones are refused. */
    public static final int DEFAULT_MAX_QUEUED_LOOKUPS = 256;

    /** Largest queue of waiting lookups. */
    public static final int MAX_QUEUED_LOOKUPS = 100_000;

    /** Default per-query timeout. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(2);

    /** Default connect timeout (also the longest a lookup waits for a pooled connection). */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private static final Duration MIN_QUERY_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration MAX_QUERY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration MIN_CONNECT_TIMEOUT = Duration.ofMillis(250);
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final DatabaseCredentialsProvider credentialsProvider;
    private final TlsMode tlsMode;
    private final String sslRootCert;
    private final int poolSize;
    private final int maxQueuedLookups;
    private final long queryTimeoutMillis;
    private final long connectTimeoutMillis;

    private AuroraConnectionConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.database = b.database;
        this.user = b.user;
        this.credentialsProvider = b.credentialsProvider;
        this.tlsMode = b.tlsMode;
        this.sslRootCert = b.sslRootCert;
        this.poolSize = b.poolSize;
        this.maxQueuedLookups = b.maxQueuedLookups;
        this.queryTimeoutMillis = b.queryTimeout.toMillis();
        this.connectTimeoutMillis = b.connectTimeout.toMillis();
    }

    /** A builder with the defaults documented on its setters. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.database = database;
        b.user = user;
        b.credentialsProvider = credentialsProvider;
        b.tlsMode = tlsMode;
        b.sslRootCert = sslRootCert;
        b.poolSize = poolSize;
        b.maxQueuedLookups = maxQueuedLookups;
        b.queryTimeout = Duration.ofMillis(queryTimeoutMillis);
        b.connectTimeout = Duration.ofMillis(connectTimeoutMillis);
        return b;
    }

    /** Database host, e.g. the Aurora cluster's reader endpoint. */
    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    /**
     * The expected database user, if configured. The user actually used is the credentials'; when
     * this is set, the two must match (it catches a job pointed at the wrong secret).
     */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    public DatabaseCredentialsProvider credentialsProvider() {
        return credentialsProvider;
    }

    public TlsMode tlsMode() {
        return tlsMode;
    }

    /** Path of the CA bundle (PEM) on the task managers; set with {@link TlsMode#VERIFY_FULL}. */
    public Optional<String> sslRootCert() {
        return Optional.ofNullable(sslRootCert);
    }

    /** Connections in the pool, and threads running lookups. */
    public int poolSize() {
        return poolSize;
    }

    /** Lookups that may wait for a free connection; further ones fail at once. */
    public int maxQueuedLookups() {
        return maxQueuedLookups;
    }

    public Duration queryTimeout() {
        return Duration.ofMillis(queryTimeoutMillis);
    }

    /** Query timeout in whole seconds, rounded up: JDBC's unit. */
    public int queryTimeoutSeconds() {
        return ceilSeconds(queryTimeoutMillis);
    }

    public Duration connectTimeout() {
        return Duration.ofMillis(connectTimeoutMillis);
    }

    /** Connect timeout in whole seconds, rounded up: the driver's unit. */
    public int connectTimeoutSeconds() {
        return ceilSeconds(connectTimeoutMillis);
    }

    /**
     * True for {@code localhost}, {@code 127.0.0.0/8} and {@code ::1}, judged from the text of the
     * host (no DNS lookup, so a name that merely resolves to loopback does not count).
     */
    public static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost")
                || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private static int ceilSeconds(long millis) {
        return (int) ((millis + 999) / 1000);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AuroraConnectionConfig)) {
            return false;
        }
        AuroraConnectionConfig that = (AuroraConnectionConfig) o;
        return port == that.port
                && poolSize == that.poolSize
                && maxQueuedLookups == that.maxQueuedLookups
                && queryTimeoutMillis == that.queryTimeoutMillis
                && connectTimeoutMillis == that.connectTimeoutMillis
                && host.equals(that.host)
                && database.equals(that.database)
                && Objects.equals(user, that.user)
                && credentialsProvider.equals(that.credentialsProvider)
                && tlsMode == that.tlsMode
                && Objects.equals(sslRootCert, that.sslRootCert);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, database, user, tlsMode);
    }

    @Override
    public String toString() {
        // The provider's own toString shows where credentials come from, never a password.
        return "AuroraConnectionConfig{host="
                + host
                + ", port="
                + port
                + ", database="
                + database
                + ", user="
                + (user == null ? "(from credentials)" : user)
                + ", credentials="
                + credentialsProvider
                + ", tlsMode="
                + tlsMode
                + ", sslRootCert="
                + sslRootCert
                + ", poolSize="
                + poolSize
                + ", maxQueuedLookups="
                + maxQueuedLookups
                + ", queryTimeout="
                + queryTimeout()
                + ", connectTimeout="
                + connectTimeout()
                + '}';
    }

    /** Builds an {@link AuroraConnectionConfig}; {@link #build()} checks every rule at once. */
    public static final class Builder {
        private String host;
        private int port = DEFAULT_PORT;
        private String database;
        private String user;
        private DatabaseCredentialsProvider credentialsProvider;
        private TlsMode tlsMode = TlsMode.VERIFY_FULL;
        private String sslRootCert;
        private int poolSize = DEFAULT_POOL_SIZE;
        private int maxQueuedLookups = DEFAULT_MAX_QUEUED_LOOKUPS;
        private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

        private Builder() {}

        /** Required: the database host (Aurora: the cluster's reader endpoint). */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Default {@value AuroraConnectionConfig#DEFAULT_PORT}. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Required: the database name. */
        public Builder database(String database) {
            this.database = database;
            return this;
        }

        /** Optional: the user the credentials must belong to (default: whatever they say). */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** Required: where the credentials come from. */
        public Builder credentialsProvider(DatabaseCredentialsProvider provider) {
            this.credentialsProvider = provider;
            return this;
        }

        /** Default {@link TlsMode#VERIFY_FULL}. */
        public Builder tlsMode(TlsMode tlsMode) {
            this.tlsMode = tlsMode;
            return this;
        }

        /**
         * Path of the CA bundle in PEM form on every task manager (for RDS: {@code
         * global-bundle.pem} from AWS). Required with {@link TlsMode#VERIFY_FULL}.
         */
        public Builder sslRootCert(String path) {
            this.sslRootCert = path;
            return this;
        }

        /** Default {@value AuroraConnectionConfig#DEFAULT_POOL_SIZE} connections. */
        public Builder poolSize(int poolSize) {
            this.poolSize = poolSize;
            return this;
        }

        /** Default {@value AuroraConnectionConfig#DEFAULT_MAX_QUEUED_LOOKUPS}. */
        public Builder maxQueuedLookups(int maxQueuedLookups) {
            this.maxQueuedLookups = maxQueuedLookups;
            return this;
        }

        /** Default 2 s; rounded up to whole seconds for JDBC. */
        public Builder queryTimeout(Duration queryTimeout) {
            this.queryTimeout = queryTimeout;
            return this;
        }

        /** Default 1 s; also how long a lookup waits for a pooled connection. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException naming the first setting that is missing or wrong
         */
        public AuroraConnectionConfig build() {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("Aurora connection: host is required");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(
                        "Aurora connection: port must be 1..65535, got " + port);
            }
            if (database == null || database.isBlank()) {
                throw new IllegalArgumentException("Aurora connection: database is required");
            }
            if (user != null && user.isBlank()) {
                throw new IllegalArgumentException(
                        "Aurora connection: user must not be blank when set");
            }
            if (credentialsProvider == null) {
                throw new IllegalArgumentException(
                        "Aurora connection: a credentials provider is required (in production a"
                                + " SecretsManagerCredentialsProvider with the secret's ARN)");
            }
            if (tlsMode == null) {
                throw new IllegalArgumentException("Aurora connection: tlsMode is required");
            }
            boolean loopback = isLoopbackHost(host);
            if (tlsMode == TlsMode.DISABLE && !loopback) {
                throw new IllegalArgumentException(
                        "Aurora connection: TLS may only be disabled for a database on this"
                                + " machine (localhost, 127.x.x.x, ::1); host "
                                + host
                                + " needs tlsMode VERIFY_FULL with sslRootCert");
            }
            if (tlsMode == TlsMode.VERIFY_FULL && (sslRootCert == null || sslRootCert.isBlank())) {
                throw new IllegalArgumentException(
                        "Aurora connection: tlsMode VERIFY_FULL needs sslRootCert, the path of the"
                                + " RDS CA bundle (global-bundle.pem) on the task managers");
            }
            if (credentialsProvider.loopbackOnly() && !loopback) {
                throw new IllegalArgumentException(
                        "Aurora connection: fixed credentials are only allowed for a database on"
                                + " this machine; host "
                                + host
                                + " needs a SecretsManagerCredentialsProvider");
            }
            if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
                throw new IllegalArgumentException(
                        "Aurora connection: poolSize must be 1.."
                                + MAX_POOL_SIZE
                                + ", got "
                                + poolSize);
            }
            if (maxQueuedLookups < 1 || maxQueuedLookups > MAX_QUEUED_LOOKUPS) {
                throw new IllegalArgumentException(
                        "Aurora connection: maxQueuedLookups must be 1.."
                                + MAX_QUEUED_LOOKUPS
                                + ", got "
                                + maxQueuedLookups);
            }
            requireWithin("queryTimeout", queryTimeout, MIN_QUERY_TIMEOUT, MAX_QUERY_TIMEOUT);
            requireWithin(
                    "connectTimeout", connectTimeout, MIN_CONNECT_TIMEOUT, MAX_CONNECT_TIMEOUT);
            return new AuroraConnectionConfig(this);
        }

        private static void requireWithin(String name, Duration value, Duration min, Duration max) {
            if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(
                        "Aurora connection: "
                                + name
                                + " must be between "
                                + min.toMillis()
                                + " ms and "
                                + max.toMillis()
                                + " ms, got "
                                + (value == null ? "null" : value.toMillis() + " ms"));
            }
        }
    }
}
