package io.flowcast.stream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.stream.enrich.EnrichConfig;
import io.flowcast.stream.enrich.SecretsManagerCredentialsProvider;
import io.flowcast.stream.enrich.TlsMode;
import io.flowcast.stream.parse.ParseConfig;
import io.flowcast.stream.sink.warehouse.WarehouseConfig;
import io.flowcast.stream.sink.warehouse.WarehouseEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading the job configuration: defaults, overrides, and the errors a user sees. */
class JobConfigTest {

    private static final String ARN = "arn:aws:kinesis:eu-west-1:123456789012:stream/telemetry";
    private static final String AURORA_HOST =
            "flowcast.cluster-ro-abc123.eu-west-1.rds.amazonaws.com";
    private static final String SECRET_ARN =
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:flowcast/aurora-AbCdEf";

    @Test
    void minimalConfigurationGetsTheDocumentedDefaults() {
        JobConfig config = JobConfig.from(groups(minimal()));

        assertThat(config.source().streamArn()).isEqualTo(ARN);
        assertThat(config.source().connectorProperties())
                .containsEntry("aws.region", "eu-west-1")
                .containsEntry("aws.credentials.provider", "AUTO")
                .containsEntry("flink.stream.initpos", "LATEST")
                .containsEntry("flink.shard.discovery.intervalmillis", "10000")
                .doesNotContainKey("aws.endpoint");
        ParseConfig parse = config.parse();
        assertThat(parse.tagRule()).isEqualTo(ParseConfig.TagRule.LAST_SEGMENT);
        assertThat(parse.maxRecordBytes()).isEqualTo(256 * 1024);
        assertThat(parse.maxFutureSkewMillis()).isEqualTo(Duration.ofMinutes(5).toMillis());
        assertThat(parse.maxPastAgeMillis()).isEqualTo(Duration.ofDays(7).toMillis());
        assertThat(parse.deadLetterPayloadMaxBytes()).isEqualTo(16 * 1024);
        assertThat(config.lake().path()).isEqualTo("s3://bucket/lake");
        assertThat(config.lake().datasetPath("dead-letters"))
                .isEqualTo("s3://bucket/lake/dead-letters");
        assertThat(config.warehouse().engine()).isEqualTo(WarehouseEngine.SNOWFLAKE);
        assertThat(config.warehouse().batchMaxRows())
                .isEqualTo(WarehouseConfig.DEFAULT_BATCH_MAX_ROWS);
        assertThat(config.firehose()).isEmpty();
    }

    @Test
    void valuesOverrideDefaultsAndPassThroughKeysReachTheConnector() {
        Map<String, Map<String, String>> raw = minimal();
        raw.get("KinesisSource").put("aws.endpoint", "http://127.0.0.1:4568");
        raw.get("KinesisSource").put("flink.stream.initpos", "at_timestamp");
        raw.get("KinesisSource").put("flink.stream.initpos.timestamp", "2026-11-21T09:00:00+01:00");
        raw.get("KinesisSource")
                .put("aws.credentials.provider.role.arn", "arn:aws:iam::123456789012:role/r");
        raw.put("Parse", new HashMap<>(Map.of("max.record.bytes", "1mb", "max.past.age", "30d")));
        raw.put("DeadLetters", new HashMap<>(Map.of("payload.max.bytes", "512")));

        JobConfig config = JobConfig.from(groups(raw));

        assertThat(config.source().connectorProperties())
                .containsEntry("aws.endpoint", "http://127.0.0.1:4568")
                .containsEntry("flink.stream.initpos", "AT_TIMESTAMP")
                .containsEntry("flink.stream.initpos.timestamp", "2026-11-21T08:00:00.000Z")
                .containsEntry(
                        "aws.credentials.provider.role.arn", "arn:aws:iam::123456789012:role/r");
        assertThat(config.parse().maxRecordBytes()).isEqualTo(1024 * 1024);
        assertThat(config.parse().maxPastAgeMillis()).isEqualTo(Duration.ofDays(30).toMillis());
        assertThat(config.parse().deadLetterPayloadMaxBytes()).isEqualTo(512);
    }

    @Test
    void missingRequiredKeyNamesGroupAndKey() {
        Map<String, Map<String, String>> raw = minimal();
        raw.get("KinesisSource").remove("stream.arn");

        assertThatThrownBy(() -> JobConfig.from(groups(raw)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        "Property group 'KinesisSource' is missing required key 'stream.arn'");
    }

    @Test
    void missingGroupIsNamed() {
        Map<String, Map<String, String>> raw = minimal();
        raw.remove("Lake");

        assertThatThrownBy(() -> JobConfig.from(groups(raw)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Property group 'Lake' is missing; it must set key 'path'");
    }

    @Test
    void malformedValuesNameGroupKeyAndWhatWasExpected() {
        assertMalformed(
                "Parse",
                "max.record.bytes",
                "lots",
                "Property group 'Parse', key 'max.record.bytes': expected a size");
        assertMalformed(
                "Parse", "max.past.age", "7 days", "key 'max.past.age': expected a duration");
        assertMalformed(
                "Parse",
                "max.samples.per.record",
                "-3",
                "key 'max.samples.per.record': expected a positive whole number");
        assertMalformed(
                "Parse",
                "tag.rule",
                "FIRST",
                "key 'tag.rule': expected one of LAST_SEGMENT, REGEX but got 'FIRST'");
        assertMalformed(
                "Parse",
                "tag.regex",
                "(unclosed",
                "key 'tag.regex': expected a Java regular expression");
        assertMalformed("Parse", "max.nesting.depth", "2", "max nesting depth must be at least 3");
        assertMalformed(
                "KinesisSource",
                "stream.arn",
                "telemetry",
                "key 'stream.arn': expected a Kinesis stream ARN");
        assertMalformed("KinesisSource", "aws.endpoint", "localhost:4568", "key 'aws.endpoint'");
        assertMalformed(
                "KinesisSource",
                "flink.stream.initpos",
                "EARLIEST",
                "key 'flink.stream.initpos': expected one of LATEST, TRIM_HORIZON, AT_TIMESTAMP");
    }

    @Test
    void unknownKeysAndGroupsAreRejectedSoTyposDoNotFallBackToDefaults() {
        assertMalformed(
                "Parse",
                "max.record.byte",
                "1mb",
                "Property group 'Parse' has unknown key 'max.record.byte'");
        Map<String, Map<String, String>> raw = minimal();
        raw.put("Parsee", new HashMap<>());
        assertThatThrownBy(() -> JobConfig.from(groups(raw)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Unknown property group 'Parsee'");
    }

    @Test
    void staticCredentialsAreRefused() {
        assertMalformed(
                "KinesisSource",
                "aws.credentials.provider",
                "BASIC",
                "key 'aws.credentials.provider': expected one of AUTO, ASSUME_ROLE, WEB_IDENTITY_TOKEN");
        assertMalformed(
                "KinesisSource",
                "aws.credentials.provider.basic.secretkey",
                "x",
                "static AWS credentials are not accepted");
    }

    @Test
    void contradictoryValuesAreRejected() {
        assertMalformed(
                "KinesisSource",
                "flink.stream.initpos",
                "AT_TIMESTAMP",
                "AT_TIMESTAMP but is missing key 'flink.stream.initpos.timestamp'");
        assertMalformed(
                "KinesisSource",
                "flink.stream.initpos.timestamp",
                "2026-11-21T09:00:00Z",
                "only used with flink.stream.initpos=AT_TIMESTAMP");
        assertMalformed(
                "Parse", "tag.rule", "REGEX", "tag.rule=REGEX but is missing key 'tag.regex'");
        assertMalformed(
                "Parse",
                "tag.regex",
                "(?<asset>.*)/(?<signal>.*)",
                "only used with tag.rule=REGEX");
        Map<String, Map<String, String>> raw = minimal();
        raw.put("Parse", new HashMap<>(Map.of("tag.rule", "REGEX", "tag.regex", "(?<asset>.*)")));
        assertThatThrownBy(() -> JobConfig.from(groups(raw)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        "Property group 'Parse': tag regex must have the named groups");
        assertMalformed("KinesisSource", "source.reader.type", "EFO", "EFO is not available");
    }

    @Test
    void localJsonFileOfTheManagedFlinkShapeLoads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.json");
        Files.writeString(
                file,
                "[{\"PropertyGroupId\":\"KinesisSource\",\"PropertyMap\":{\"stream.arn\":\""
                        + ARN
                        + "\",\"aws.region\":\"eu-west-1\"}},"
                        + "{\"PropertyGroupId\":\"Parse\",\"PropertyMap\":{\"max.samples.per.record\":500}},"
                        + "{\"PropertyGroupId\":\"Aurora\",\"PropertyMap\":{\"host\":\"127.0.0.1\","
                        + "\"database\":\"postgres\",\"tls.mode\":\"DISABLE\"}},"
                        + "{\"PropertyGroupId\":\"Inference\",\"PropertyMap\":{\"aws.region\":"
                        + "\"eu-west-1\",\"model.registry\":\"data/model-registry\"}},"
                        + "{\"PropertyGroupId\":\"Warehouse\",\"PropertyMap\":{\"engine\":\"NONE\"}},"
                        + "{\"PropertyGroupId\":\"Lake\",\"PropertyMap\":{\"path\":\"/tmp/lake\"}}]");

        JobConfig config = JobConfig.from(PropertyGroups.fromJsonFile(file));

        assertThat(config.parse().maxSamplesPerRecord()).isEqualTo(500);
        assertThat(config.lake().path()).isEqualTo("/tmp/lake");
        assertThat(config.warehouse().enabled()).isFalse();
    }

    @Test
    void malformedJsonFilesFailWithTheFileName(@TempDir Path dir) throws Exception {
        Path notArray = dir.resolve("object.json");
        Files.writeString(notArray, "{\"PropertyGroupId\":\"Parse\"}");
        Path nested = dir.resolve("nested.json");
        Files.writeString(
                nested,
                "[{\"PropertyGroupId\":\"Parse\",\"PropertyMap\":{\"tag.rule\":{\"x\":1}}}]");
        Path twice = dir.resolve("twice.json");
        Files.writeString(
                twice,
                "[{\"PropertyGroupId\":\"Parse\",\"PropertyMap\":{}},{\"PropertyGroupId\":\"Parse\",\"PropertyMap\":{}}]");

        assertThatThrownBy(() -> PropertyGroups.fromJsonFile(notArray))
                .hasMessageContaining("object.json must hold a JSON array");
        assertThatThrownBy(() -> PropertyGroups.fromJsonFile(nested))
                .hasMessageContaining(
                        "Property group 'Parse', key 'tag.rule': value must be a string");
        assertThatThrownBy(() -> PropertyGroups.fromJsonFile(twice))
                .hasMessageContaining("'Parse' appears twice");
        assertThatThrownBy(() -> PropertyGroups.fromJsonFile(dir.resolve("absent.json")))
                .hasMessageContaining("absent.json");
    }

    @Test
    void theShippedLocalConfigurationIsValid() {
        Path file = RepoPaths.repoDir().resolve("kda-config/flowcast-local.json");

        JobConfig config = JobConfig.from(PropertyGroups.fromJsonFile(file));

        assertThat(config.source().connectorProperties())
                .containsEntry("aws.endpoint", "http://127.0.0.1:4568")
                .containsEntry("flink.stream.initpos", "TRIM_HORIZON");
    }

    private static void assertMalformed(String group, String key, String value, String message) {
        Map<String, Map<String, String>> raw = minimal();
        raw.computeIfAbsent(group, g -> new LinkedHashMap<>()).put(key, value);
        assertThatThrownBy(() -> JobConfig.from(groups(raw)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }

    @Test
    void auroraAndEnrichmentGetSafeDefaultsAndTheSecretComesFromSecretsManager() {
        JobConfig config = JobConfig.from(groups(minimal()));

        assertThat(config.aurora().host()).isEqualTo(AURORA_HOST);
        assertThat(config.aurora().port()).isEqualTo(5432);
        assertThat(config.aurora().tlsMode()).isEqualTo(TlsMode.VERIFY_FULL);
        assertThat(config.aurora().credentialsProvider())
                .isInstanceOf(SecretsManagerCredentialsProvider.class);
        assertThat(config.enrichment().cacheTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.enrichment().onFailure()).isEqualTo(EnrichConfig.Action.FLAG);
        assertThat(config.enrichment().onUnknownAsset()).isEqualTo(EnrichConfig.Action.FLAG);
    }

    @Test
    void aRemoteDatabaseWithoutASecretOrWithoutTlsIsRefused() {
        Map<String, Map<String, String>> noSecret = minimal();
        noSecret.get("Aurora").remove("secret.arn");
        assertThatThrownBy(() -> JobConfig.from(groups(noSecret)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Property group 'Aurora'")
                .hasMessageContaining("SecretsManagerCredentialsProvider");

        Map<String, Map<String, String>> noTls = minimal();
        noTls.get("Aurora").put("tls.mode", "DISABLE");
        assertThatThrownBy(() -> JobConfig.from(groups(noTls)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("TLS may only be disabled for a database on this machine");
    }

    @Test
    void inferenceGetsBatchingDefaultsAndRefusesATimeoutBelowTheDeadline() {
        JobConfig config = JobConfig.from(groups(minimal()));
        assertThat(config.inference().batch().maxRows()).isEqualTo(200);
        assertThat(config.inference().router().route("pump", null).endpoint())
                .isEqualTo("flowcast-pump");

        Map<String, Map<String, String>> raw = minimal();
        raw.get("Inference").put("async.timeout", "5s");
        assertThatThrownBy(() -> JobConfig.from(groups(raw)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Property group 'Inference'")
                .hasMessageContaining("async.timeout");

        Map<String, Map<String, String>> badRoutes = minimal();
        badRoutes.get("Inference").put("endpoints", "pump=a;pump=b");
        assertThatThrownBy(() -> JobConfig.from(groups(badRoutes)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'pump' is given twice");
    }

    @Test
    void contradictoryEnrichmentSettingsAreNamed() {
        Map<String, Map<String, String>> raw = minimal();
        raw.put(
                "Enrichment",
                new LinkedHashMap<>(Map.of("cache.ttl", "10m", "cache.max.stale", "5m")));
        assertThatThrownBy(() -> JobConfig.from(groups(raw)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Property group 'Enrichment'")
                .hasMessageContaining("cache.max.stale");

        Map<String, Map<String, String>> badAction = minimal();
        badAction.put("Enrichment", new LinkedHashMap<>(Map.of("on.failure", "IGNORE")));
        assertThatThrownBy(() -> JobConfig.from(groups(badAction)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("on.failure")
                .hasMessageContaining("FLAG, DEAD_LETTER");
    }

    private static Map<String, Map<String, String>> minimal() {
        Map<String, Map<String, String>> raw = new LinkedHashMap<>();
        raw.put(
                "KinesisSource",
                new LinkedHashMap<>(Map.of("stream.arn", ARN, "aws.region", "eu-west-1")));
        raw.put(
                "Aurora",
                new LinkedHashMap<>(
                        Map.of(
                                "host",
                                AURORA_HOST,
                                "database",
                                "plant",
                                "secret.arn",
                                SECRET_ARN,
                                "tls.root.cert",
                                "/etc/flowcast/global-bundle.pem")));
        raw.put(
                "Inference",
                new LinkedHashMap<>(
                        Map.of(
                                "aws.region", "eu-west-1",
                                "model.registry", "s3://bucket/model-registry")));
        raw.put(
                "Warehouse",
                new LinkedHashMap<>(
                        Map.of(
                                "account", "myorg-myaccount",
                                "warehouse", "FLOWCAST_WH",
                                "database", "FLOWCAST",
                                "schema", "PUBLIC",
                                "secret.arn",
                                        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:sf")));
        raw.put("Lake", new LinkedHashMap<>(Map.of("path", "s3://bucket/lake")));
        return raw;
    }

    private static PropertyGroups groups(Map<String, Map<String, String>> raw) {
        return PropertyGroups.of(raw);
    }
}
