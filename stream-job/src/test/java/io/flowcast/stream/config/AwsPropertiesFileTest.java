package io.flowcast.stream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowcast.stream.sink.warehouse.WarehouseEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kda-config/flowcast-aws.json}, the Managed Flink runtime properties on AWS: once its
 * {@code ${...}} placeholders are filled in the loader accepts it (it rejects unknown groups and
 * keys, so the file holds exactly keys the job reads), it names every group, points at AWS only (no
 * endpoint overrides, secrets by ARN), and its placeholders are things the stack template provides.
 * The template side (same groups in the application's EnvironmentProperties) is checked by {@code
 * packaging.StreamStackTemplateTest}.
 */
class AwsPropertiesFileTest {

    static final Path FILE = RepoPaths.repoDir().resolve("kda-config/flowcast-aws.json");
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)\\}");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Plausible values per placeholder, as CloudFormation would substitute them. */
    static final Map<String, String> VALUES = new LinkedHashMap<>();

    static {
        VALUES.put("AWS::Region", "eu-west-1");
        VALUES.put(
                "TelemetryStream.Arn",
                "arn:aws:kinesis:eu-west-1:123456789012:stream/flowcast-telemetry");
        VALUES.put("WindowSize", "1m");
        VALUES.put("EndpointPrefix", "flowcast-");
        VALUES.put("AssetTypeRules", "pump=.*/Pump-[^/]+;compressor=.*/Compressor-[^/]+");
        VALUES.put("AuroraReaderEndpoint", "assets.cluster-ro-abc123.eu-west-1.rds.amazonaws.com");
        VALUES.put("AuroraPort", "5432");
        VALUES.put("AuroraDatabase", "assets");
        VALUES.put(
                "AuroraSecretArn",
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:flowcast/aurora-AbCdEf");
        VALUES.put("ModelBucket", "flowcast-models-123456789012-eu-west-1");
        VALUES.put("SnowflakeAccount", "myorg-myaccount");
        VALUES.put("SnowflakeWarehouse", "FLOWCAST_WH");
        VALUES.put("SnowflakeDatabase", "FLOWCAST");
        VALUES.put("SnowflakeSchema", "PUBLIC");
        VALUES.put(
                "SnowflakeSecretArn",
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:flowcast/snowflake-GhIjKl");
        VALUES.put("LakeBucket", "flowcast-lake-123456789012-eu-west-1");
        VALUES.put(
                "RetrainingStateMachineArn",
                "arn:aws:states:eu-west-1:123456789012:stateMachine:flowcast-retraining");
    }

    @TempDir Path temp;

    static Set<String> placeholders(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private Path substituted(String text) throws IOException {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = VALUES.get(m.group(1));
            assertThat(value).as("test value for placeholder ${%s}", m.group(1)).isNotNull();
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        Path file = temp.resolve("flowcast-aws.substituted.json");
        Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void theFileWithItsPlaceholdersFilledInIsAcceptedByTheJobsLoader() throws IOException {
        String text = Files.readString(FILE, StandardCharsets.UTF_8);

        JobConfig config = JobConfig.from(PropertyGroups.fromJsonFile(substituted(text)));

        assertThat(config.source().streamArn()).isEqualTo(VALUES.get("TelemetryStream.Arn"));
        assertThat(config.aurora().host()).isEqualTo(VALUES.get("AuroraReaderEndpoint"));
        assertThat(config.warehouse().engine()).isEqualTo(WarehouseEngine.SNOWFLAKE);
        assertThat(config.lake().path()).isEqualTo("s3://" + VALUES.get("LakeBucket") + "/lake");
        assertThat(config.inferenceRegistry())
                .isEqualTo("s3://" + VALUES.get("ModelBucket") + "/registry");
        assertThat(config.inferenceEndpointOverride()).isEmpty();
        assertThat(config.drift()).isPresent();
        assertThat(config.retrain()).isPresent();
        assertThat(config.retrain().get().stateMachineArn())
                .isEqualTo(VALUES.get("RetrainingStateMachineArn"));
        assertThat(config.retrain().get().endpointOverride()).isNull();
        assertThat(config.firehose()).isEmpty();
    }

    @Test
    void aKeyTheLoaderDoesNotReadIsRejectedSoTheCheckAboveHasTeeth() throws IOException {
        JsonNode root = MAPPER.readTree(FILE.toFile());
        ((ObjectNode) root.get(0).get("PropertyMap")).put("flink.stream.initpos.typo", "LATEST");

        Path file = substituted(MAPPER.writeValueAsString(root));

        assertThatThrownBy(() -> JobConfig.from(PropertyGroups.fromJsonFile(file)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("flink.stream.initpos.typo");
    }

    @Test
    void theFileNamesEveryGroupTheJobReads() throws IOException {
        Set<String> groups = new TreeSet<>();
        MAPPER.readTree(FILE.toFile()).forEach(g -> groups.add(g.get("PropertyGroupId").asText()));

        Set<String> read =
                JobConfig.allOptions().stream()
                        .map(ConfigOption::group)
                        .collect(Collectors.toCollection(TreeSet::new));
        assertThat(groups).isEqualTo(read);
    }

    @Test
    void noEndpointOverridesAndSecretsOnlyBySecretsManagerArn() throws IOException {
        for (JsonNode group : MAPPER.readTree(FILE.toFile())) {
            String id = group.get("PropertyGroupId").asText();
            for (Iterator<Map.Entry<String, JsonNode>> it = group.get("PropertyMap").fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String key = entry.getKey();
                String value = entry.getValue().asText();
                String where = id + "/" + key;
                assertThat(key).as(where).doesNotEndWith(".endpoint").doesNotContain("basic");
                assertThat(key.toLowerCase(java.util.Locale.ROOT))
                        .as(where)
                        .doesNotContain("password")
                        .doesNotContain("privatekey")
                        .doesNotContain("accesskey");
                assertThat(value).as(where).doesNotContain("127.0.0.1").doesNotContain("localhost");
                if (key.equals("secret.arn")) {
                    assertThat(value).as(where).matches("\\$\\{[A-Za-z]+SecretArn\\}");
                }
            }
        }
    }

    @Test
    void everyPlaceholderHasATestValueAndLooksLikeACloudFormationSubVariable() throws IOException {
        Set<String> used = placeholders(Files.readString(FILE, StandardCharsets.UTF_8));

        assertThat(used).isNotEmpty();
        assertThat(VALUES.keySet()).containsAll(used);
        assertThat(used).allMatch(name -> name.matches("(AWS::)?[A-Za-z0-9]+(\\.[A-Za-z]+)?"));
    }
}
