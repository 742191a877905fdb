package io.flowcast.stream.config;

import io.flowcast.stream.enrich.AuroraConnectionConfig;
import io.flowcast.stream.enrich.DatabaseCredentials;
import io.flowcast.stream.enrich.DatabaseCredentialsProvider;
import io.flowcast.stream.enrich.FixedCredentialsProvider;
import io.flowcast.stream.enrich.SecretsManagerCredentialsProvider;
import io.flowcast.stream.enrich.TlsMode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Options of the {@value #GROUP} property group: where the asset register (Aurora PostgreSQL) is
 * and how to reach it. The password never appears in configuration: on AWS it is read from the
 * Secrets Manager secret named by {@code secret.arn}; without one, only a database on this machine
 * (the local run's embedded PostgreSQL, trust authentication) is accepted.
 */
public final class AuroraOptions {

    public static final String GROUP = "Aurora";

    /** The local stand-in's user when no secret is configured. */
    public static final String LOCAL_USER = "postgres";

    public static final ConfigOption<String> HOST =
            ConfigOption.builder(GROUP, "host")
                    .type(OptionTypes.NON_BLANK_STRING)
                    .required(
                            "Aurora cluster (reader) endpoint; 127.0.0.1 for the local embedded"
                                    + " PostgreSQL.");

    public static final ConfigOption<Integer> PORT =
            ConfigOption.builder(GROUP, "port")
                    .type(OptionTypes.POSITIVE_INT)
                    .defaultValue(AuroraConnectionConfig.DEFAULT_PORT, "Database port.");

    public static final ConfigOption<String> DATABASE =
            ConfigOption.builder(GROUP, "database")
                    .type(OptionTypes.NON_BLANK_STRING)
                    .required("Database holding the asset table (schemas/assets/).");

    public static final ConfigOption<String> SECRET_ARN =
            ConfigOption.builder(GROUP, "secret.arn")
                    .type(OptionTypes.NON_BLANK_STRING)
                    .optional(
                            "ARN of the Secrets Manager secret with username and password (the RDS"
                                    + " format). Required unless host is this machine.");

    public static final ConfigOption<URI> SECRETS_ENDPOINT =
            ConfigOption.builder(GROUP, "secrets.endpoint")
                    .type(OptionTypes.ABSOLUTE_URI)
                    .optional(
                            "Secrets Manager endpoint override (e.g. a VPC endpoint); default:"
                                    + " the regional endpoint of the secret's region.");

    public static final ConfigOption<TlsMode> TLS_MODE =
            ConfigOption.builder(GROUP, "tls.mode")
                    .type(OptionTypes.enumType(TlsMode.class))
                    .defaultValue(
                            TlsMode.VERIFY_FULL,
                            "VERIFY_FULL (certificate and host name checked against"
                                    + " tls.root.cert); DISABLE only for a database on this"
                                    + " machine.");

    public static final ConfigOption<String> TLS_ROOT_CERT =
            ConfigOption.builder(GROUP, "tls.root.cert")
                    .type(OptionTypes.NON_BLANK_STRING)
                    .optional(
                            "The RDS CA bundle (global-bundle.pem), required with VERIFY_FULL:"
                                    + " classpath:<resource> for one built into the job jar (the"
                                    + " way on Managed Flink), or a file path on the task"
                                    + " managers.");

    public static final ConfigOption<Integer> POOL_SIZE =
            ConfigOption.builder(GROUP, "pool.size")
                    .type(OptionTypes.POSITIVE_INT)
                    .defaultValue(
                            AuroraConnectionConfig.DEFAULT_POOL_SIZE,
                            "Connections (and lookup threads) per subtask, at most "
                                    + AuroraConnectionConfig.MAX_POOL_SIZE
                                    + ".");

    public static final ConfigOption<Integer> MAX_QUEUED_LOOKUPS =
            ConfigOption.builder(GROUP, "max.queued.lookups")
                    .type(OptionTypes.POSITIVE_INT)
                    .defaultValue(
                            AuroraConnectionConfig.DEFAULT_MAX_QUEUED_LOOKUPS,
                            "Lookups waiting for a connection per subtask; beyond it a lookup"
                                    + " fails at once (the window gets the failure fallback).");

    public static final ConfigOption<Duration> QUERY_TIMEOUT =
            ConfigOption.builder(GROUP, "query.timeout")
                    .type(OptionTypes.DURATION_TYPE)
                    .defaultValue(
                            AuroraConnectionConfig.DEFAULT_QUERY_TIMEOUT,
                            "A lookup query running longer fails (1s..60s).");

    public static final ConfigOption<Duration> CONNECT_TIMEOUT =
            ConfigOption.builder(GROUP, "connect.timeout")
                    .type(OptionTypes.DURATION_TYPE)
                    .defaultValue(
                            AuroraConnectionConfig.DEFAULT_CONNECT_TIMEOUT,
                            "Waiting for a connection fails after this (250ms..30s), so an"
                                    + " outage is noticed quickly.");

    public static final List<ConfigOption<?>> ALL =
            List.of(
                    HOST,
                    PORT,
                    DATABASE,
                    SECRET_ARN,
                    SECRETS_ENDPOINT,
                    TLS_MODE,
                    TLS_ROOT_CERT,
                    POOL_SIZE,
                    MAX_QUEUED_LOOKUPS,
                    QUERY_TIMEOUT,
                    CONNECT_TIMEOUT);

    private AuroraOptions() {}

    /** Reads the group; rule violations fail naming the group. */
    public static AuroraConnectionConfig read(PropertyGroups groups) {
        try {
            Optional<String> secretArn = groups.find(SECRET_ARN);
            DatabaseCredentialsProvider credentials =
                    secretArn.isPresent()
                            ? new SecretsManagerCredentialsProvider(
                                    secretArn.get(),
                                    null,
                                    groups.find(SECRETS_ENDPOINT).orElse(null))
                            : new FixedCredentialsProvider(new DatabaseCredentials(LOCAL_USER, ""));
            AuroraConnectionConfig.Builder b =
                    AuroraConnectionConfig.builder()
                            .host(groups.get(HOST))
                            .port(groups.get(PORT))
                            .database(groups.get(DATABASE))
                            .credentialsProvider(credentials)
                            .tlsMode(groups.get(TLS_MODE))
                            .poolSize(groups.get(POOL_SIZE))
                            .maxQueuedLookups(groups.get(MAX_QUEUED_LOOKUPS))
                            .queryTimeout(groups.get(QUERY_TIMEOUT))
                            .connectTimeout(groups.get(CONNECT_TIMEOUT));
            if (secretArn.isEmpty()) {
                b.user(LOCAL_USER);
            }
            groups.find(TLS_ROOT_CERT).ifPresent(b::sslRootCert);
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Property group '" + GROUP + "': " + e.getMessage(), e);
        }
    }
}
