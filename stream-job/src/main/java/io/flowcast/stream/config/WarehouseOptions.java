package io.flowcast.stream.config;

import io.flowcast.stream.sink.warehouse.PostgresConnectionFactory;
import io.flowcast.stream.sink.warehouse.RetryPolicy;
import io.flowcast.stream.sink.warehouse.SecretsManagerKeyPairSource;
import io.flowcast.stream.sink.warehouse.SnowflakeConnectionFactory;
import io.flowcast.stream.sink.warehouse.WarehouseConfig;
import io.flowcast.stream.sink.warehouse.WarehouseConnectionFactory;
import io.flowcast.stream.sink.warehouse.WarehouseEngine;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Options of the {@value #GROUP} property group: where predictions and dead letters land for
 * analysts. {@code engine=snowflake} (production) connects with key-pair authentication, the
 * private key read from the Secrets Manager secret {@code secret.arn}; {@code engine=postgres} is
 * the local stand-in on this machine (no credentials); {@code engine=none} turns the sink off.
 * Which keys are required depends on the engine; a missing one fails at start-up naming the group,
 * the key and the engine.
 */
public final class WarehouseOptions {

    public static final String GROUP = "Warehouse";

    /** The local warehouse's default port (the asset register's embedded PostgreSQL is 5433). */
    public static final int DEFAULT_LOCAL_PORT = 5434;

    public static final ConfigOption<WarehouseEngine> ENGINE =
            ConfigOption.builder(GROUP, "engine")
                    .type(OptionTypes.enumType(WarehouseEngine.class))
                    .defaultValue(
                            WarehouseEngine.SNOWFLAKE,
                            "SNOWFLAKE (production), POSTGRES (the local stand-in on this"
                                    + " machine) or NONE (no warehouse sink).");

    public static final ConfigOption<String> ACCOUNT =
            ConfigOption.builder(GROUP, "account")
                    .type(OptionTypes.NON_BLANK_STRING)
                    .optional(
                            "Snowflake account identifier (e.g. myorg-myaccount); the URL is"
                                    + " jdbc:snowflake://<account>.snowflakecomputing.com/."
                                    + " Required for snowflake unless url is set.");

    public static final ConfigOption<String> URL =
            ConfigOption.builder(GROUP, "url")
                    .type(OptionTypes.NON_BLANK_STRING)
                    .optional(
                            "Full Snowflake JDBC URL (jdbc:snowflake://...), e.g. a PrivateLink"
                                    + " host; overrides account.");

    public static final ConfigOption<String> USER =
            ConfigOption.builder(GROUP, "user")
                    .type(OptionTypes.NON_BLANK_STRING)
                    .optional("Snowflake user; default: the \"user\" key of the secret.");

    public static final ConfigOption<String> WAREHOUSE =
            ConfigOption.builder(GROUP, "warehouse")
                    .type(OptionTypes.NON_BLANK_STRING)
                    .optional(
                            "Snowflake virtual warehouse running the MERGEs (snowflake: required).");

    public static final ConfigOption<String> DATABASE =
            ConfigOption.builder(GROUP, "database")
                    .type(OptionTypes.NON_BLANK_STRING)
                    .optional(
                            "Database holding the tables (snowflake: required; postgres: default"
                                    + " postgres).");

    public static final ConfigOption<String> SCHEMA =
            ConfigOption.builder(GROUP, "schema")
                    .type(OptionTypes.NON_BLANK_STRING)
                    .optional(
                            "Snowflake schema holding the tables of schemas/warehouse/snowflake.sql"
                                    + " (snowflake: required).");

    public static final ConfigOption<String> ROLE =
            ConfigOption.builder(GROUP, "role")
                    .type(OptionTypes.NON_BLANK_STRING)
                    .optional("Snowflake role; default: the user's default role.");

    public static final ConfigOption<String> SECRET_ARN =
            ConfigOption.builder(GROUP, "secret.arn")
                    .type(OptionTypes.NON_BLANK_STRING)
                    .optional(
                            "ARN of the Secrets Manager secret {\"user\", \"privateKey\" (PKCS#8"
                                    + " PEM), \"privateKeyPassphrase\" (if encrypted)}"
                                    + " (snowflake: required).");

    public static final ConfigOption<URI> SECRETS_ENDPOINT =
            ConfigOption.builder(GROUP, "secrets.endpoint")
                    .type(OptionTypes.ABSOLUTE_URI)
                    .optional(
                            "Secrets Manager endpoint override (a VPC endpoint or a local"
                                    + " stand-in); default: the secret's regional endpoint.");

    public static final ConfigOption<String> HOST =
            ConfigOption.builder(GROUP, "host")
                    .type(OptionTypes.NON_BLANK_STRING)
                    .defaultValue(
                            "127.0.0.1", "postgres: host of the local warehouse (loopback only).");

    public static final ConfigOption<Integer> PORT =
            ConfigOption.builder(GROUP, "port")
                    .type(OptionTypes.POSITIVE_INT)
                    .defaultValue(DEFAULT_LOCAL_PORT, "postgres: port of the local warehouse.");

    public static final ConfigOption<Integer> BATCH_MAX_ROWS =
            ConfigOption.builder(GROUP, "batch.max.rows")
                    .type(OptionTypes.POSITIVE_INT)
                    .defaultValue(
                            WarehouseConfig.DEFAULT_BATCH_MAX_ROWS,
                            "Rows per batch (one MERGE transaction per table and subtask), at most "
                                    + WarehouseConfig.MAX_BATCH_MAX_ROWS
                                    + ".");

    public static final ConfigOption<Duration> BATCH_FLUSH_INTERVAL =
            ConfigOption.builder(GROUP, "batch.flush.interval")
                    .type(OptionTypes.DURATION_TYPE)
                    .defaultValue(
                            WarehouseConfig.DEFAULT_FLUSH_INTERVAL,
                            "A batch is written at the latest this long after its first row"
                                    + " (also on every checkpoint).");

    public static final ConfigOption<Integer> RETRY_MAX_ATTEMPTS =
            ConfigOption.builder(GROUP, "retry.max.attempts")
                    .type(OptionTypes.POSITIVE_INT)
                    .defaultValue(
                            RetryPolicy.defaults().maxAttempts(),
                            "Attempts per batch on transient errors, the first included; then"
                                    + " the task fails and restarts from the last checkpoint.");

    public static final ConfigOption<Duration> RETRY_INITIAL_BACKOFF =
            ConfigOption.builder(GROUP, "retry.initial.backoff")
                    .type(OptionTypes.DURATION_TYPE)
                    .defaultValue(
                            RetryPolicy.defaults().initialBackoff(),
                            "Wait before the second attempt; doubles per attempt.");

    public static final ConfigOption<Duration> RETRY_MAX_BACKOFF =
            ConfigOption.builder(GROUP, "retry.max.backoff")
                    .type(OptionTypes.DURATION_TYPE)
                    .defaultValue(
                            RetryPolicy.defaults().maxBackoff(), "Longest wait between attempts.");

    public static final List<ConfigOption<?>> ALL =
            List.of(
                    ENGINE,
                    ACCOUNT,
                    URL,
                    USER,
                    WAREHOUSE,
                    DATABASE,
                    SCHEMA,
                    ROLE,
                    SECRET_ARN,
                    SECRETS_ENDPOINT,
                    HOST,
                    PORT,
                    BATCH_MAX_ROWS,
                    BATCH_FLUSH_INTERVAL,
                    RETRY_MAX_ATTEMPTS,
                    RETRY_INITIAL_BACKOFF,
                    RETRY_MAX_BACKOFF);

    private WarehouseOptions() {}

    /**
     * Reads the group; {@link WarehouseConfig#disabled()} for {@code engine=none}.
     *
     * @throws ConfigException naming the group, the key and the engine for a missing or invalid key
     */
    public static WarehouseConfig read(PropertyGroups groups) {
        WarehouseEngine engine = groups.get(ENGINE);
        if (engine == WarehouseEngine.NONE) {
            return WarehouseConfig.disabled();
        }
        try {
            WarehouseConnectionFactory connections =
                    engine == WarehouseEngine.SNOWFLAKE ? snowflake(groups) : postgres(groups);
            RetryPolicy retry =
                    RetryPolicy.of(
                            groups.get(RETRY_MAX_ATTEMPTS),
                            groups.get(RETRY_INITIAL_BACKOFF),
                            groups.get(RETRY_MAX_BACKOFF));
            return WarehouseConfig.of(
                    connections,
                    groups.get(BATCH_MAX_ROWS),
                    groups.get(BATCH_FLUSH_INTERVAL),
                    retry);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    "Property group '"
                            + GROUP
                            + "' (engine "
                            + name(engine)
                            + "): "
                            + e.getMessage(),
                    e);
        }
    }

    private static WarehouseConnectionFactory snowflake(PropertyGroups groups) {
        Optional<String> url = groups.find(URL);
        String account =
                url.isPresent() ? groups.find(ACCOUNT).orElse(null) : required(groups, ACCOUNT);
        SecretsManagerKeyPairSource keys =
                new SecretsManagerKeyPairSource(
                        required(groups, SECRET_ARN),
                        groups.find(SECRETS_ENDPOINT).orElse(null),
                        groups.find(USER).orElse(null));
        return new SnowflakeConnectionFactory(
                account,
                url.orElse(null),
                required(groups, WAREHOUSE),
                required(groups, DATABASE),
                required(groups, SCHEMA),
                groups.find(ROLE).orElse(null),
                keys);
    }

    private static WarehouseConnectionFactory postgres(PropertyGroups groups) {
        return new PostgresConnectionFactory(
                groups.get(HOST),
                groups.get(PORT),
                groups.find(DATABASE).orElse(PostgresConnectionFactory.LOCAL_DATABASE));
    }

    private static String required(PropertyGroups groups, ConfigOption<String> option) {
        return groups.find(option)
                .orElseThrow(
                        () ->
                                new ConfigException(
                                        "Property group '"
                                                + GROUP
                                                + "' is missing key '"
                                                + option.key()
                                                + "', required with engine snowflake ("
                                                + option.description()
                                                + ")"));
    }

    private static String name(WarehouseEngine engine) {
        return engine.name().toLowerCase(java.util.Locale.ROOT);
    }
}
