package io.flowcast.stream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.stream.sink.warehouse.PostgresConnectionFactory;
import io.flowcast.stream.sink.warehouse.SecretsManagerKeyPairSource;
import io.flowcast.stream.sink.warehouse.SnowflakeConnectionFactory;
import io.flowcast.stream.sink.warehouse.WarehouseConfig;
import io.flowcast.stream.sink.warehouse.WarehouseEngine;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code Warehouse} group: per-engine required keys, defaults, and messages. */
class WarehouseOptionsTest {

    private static final String ARN =
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:flowcast/snowflake-AbC123";

    private static WarehouseConfig read(String... keyValues) {
        Map<String, String> group = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            group.put(keyValues[i], keyValues[i + 1]);
        }
        return WarehouseOptions.read(PropertyGroups.of(Map.of(WarehouseOptions.GROUP, group)));
    }

    private static String[] snowflake(String... more) {
        String[] base = {
            "account", "myorg-myaccount",
            "warehouse", "FLOWCAST_WH",
            "database", "FLOWCAST",
            "schema", "ANALYTICS",
            "secret.arn", ARN
        };
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void snowflakeIsTheDefaultEngineWithBatchAndRetryDefaults() {
        WarehouseConfig config = read(snowflake());

        assertThat(config.engine()).isEqualTo(WarehouseEngine.SNOWFLAKE);
        assertThat(config.batchMaxRows()).isEqualTo(WarehouseConfig.DEFAULT_BATCH_MAX_ROWS);
        assertThat(config.flushInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.retryPolicy().maxAttempts()).isEqualTo(5);
        SnowflakeConnectionFactory connections = (SnowflakeConnectionFactory) config.connections();
        assertThat(connections.url())
                .isEqualTo("jdbc:snowflake://myorg-myaccount.snowflakecomputing.com/");
        assertThat(((SecretsManagerKeyPairSource) connections.keyPairSource()).secretArn())
                .isEqualTo(ARN);
    }

    @Test
    void everyRequiredSnowflakeKeyIsNamedWhenMissing() {
        for (String key :
                new String[] {"account", "warehouse", "database", "schema", "secret.arn"}) {
            String[] keyValues = snowflake();
            Map<String, String> group = new HashMap<>();
            for (int i = 0; i < keyValues.length; i += 2) {
                if (!keyValues[i].equals(key)) {
                    group.put(keyValues[i], keyValues[i + 1]);
                }
            }
            assertThatThrownBy(
                            () ->
                                    WarehouseOptions.read(
                                            PropertyGroups.of(Map.of("Warehouse", group))))
                    .as(key)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(
                            "Property group 'Warehouse' is missing key '"
                                    + key
                                    + "', required with engine snowflake");
        }
    }

    @Test
    void aUrlOverrideReplacesTheAccount() {
        Map<String, String> group = new HashMap<>();
        String[] kv = snowflake("url", "jdbc:snowflake://acct.privatelink.snowflakecomputing.com/");
        for (int i = 0; i < kv.length; i += 2) {
            group.put(kv[i], kv[i + 1]);
        }
        group.remove("account");
        WarehouseConfig config =
                WarehouseOptions.read(PropertyGroups.of(Map.of("Warehouse", group)));
        assertThat(((SnowflakeConnectionFactory) config.connections()).url())
                .isEqualTo("jdbc:snowflake://acct.privatelink.snowflakecomputing.com/");
    }

    @Test
    void invalidValuesFailNamingTheGroupAndEngine() {
        assertThatThrownBy(() -> read(snowflake("secret.arn", "flowcast/snowflake")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Property group 'Warehouse' (engine snowflake)")
                .hasMessageContaining("not a Secrets Manager secret ARN");
        assertThatThrownBy(() -> read(snowflake("batch.max.rows", "100000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("batch.max.rows must be 1..50000");
        assertThatThrownBy(() -> read("engine", "oracle"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("key 'engine'")
                .hasMessageContaining("SNOWFLAKE, POSTGRES, NONE");
    }

    @Test
    void postgresIsTheLocalStandInOnLoopbackOnly() {
        WarehouseConfig config =
                read(
                        "engine",
                        "postgres",
                        "batch.max.rows",
                        "2000",
                        "batch.flush.interval",
                        "250ms");

        PostgresConnectionFactory connections = (PostgresConnectionFactory) config.connections();
        assertThat(connections.host()).isEqualTo("127.0.0.1");
        assertThat(connections.port()).isEqualTo(5434);
        assertThat(connections.database()).isEqualTo("postgres");
        assertThat(config.batchMaxRows()).isEqualTo(2000);
        assertThat(config.flushInterval()).isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> read("engine", "postgres", "host", "db.example.com"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("(engine postgres)")
                .hasMessageContaining("only connects to this machine");
    }

    @Test
    void noneDisablesTheSink() {
        WarehouseConfig config = read("engine", "none");
        assertThat(config.enabled()).isFalse();
        assertThatThrownBy(config::connections).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everyOptionIsListedOnce() {
        assertThat(WarehouseOptions.ALL).doesNotHaveDuplicates();
        assertThat(WarehouseOptions.ALL)
                .allSatisfy(o -> assertThat(o.group()).isEqualTo(WarehouseOptions.GROUP));
    }
}
