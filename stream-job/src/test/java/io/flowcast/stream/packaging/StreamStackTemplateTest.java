package io.flowcast.stream.packaging;

import static io.flowcast.stream.packaging.CfnTemplate.at;
import static io.flowcast.stream.packaging.CfnTemplate.list;
import static io.flowcast.stream.packaging.CfnTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.stream.config.RepoPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code kda-config/flowcast-stream.cfn.yaml} against the job: the application's runtime properties
 * are {@code flowcast-aws.json} value for value and every placeholder is something the template
 * provides; the resources have the settings the issue asks for; the alarms watch metric names the
 * job registers.
 */
class StreamStackTemplateTest {

    private static final Path REPO = RepoPaths.repoDir();
    private static final Path AWS_FILE = REPO.resolve("kda-config/flowcast-aws.json");
    private static final CfnTemplate STACK =
            CfnTemplate.read(REPO.resolve("kda-config/flowcast-stream.cfn.yaml"));
    private static final CfnTemplate STORAGE =
            CfnTemplate.read(REPO.resolve("kda-config/flowcast-storage.cfn.yaml"));
    private static final CfnTemplate RETRAINING =
            CfnTemplate.read(REPO.resolve("kda-config/flowcast-retraining.cfn.yaml"));
    private static final CfnTemplate SCHEDULE =
            CfnTemplate.read(REPO.resolve("kda-config/flowcast-retraining-schedule.cfn.yaml"));
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}!]+)\\}");
    private static final Set<String> PSEUDO_PARAMETERS =
            Set.of("AWS::Region", "AWS::AccountId", "AWS::Partition", "AWS::StackName");

    /** Metrics Managed Flink itself publishes in AWS/KinesisAnalytics. */
    private static final Set<String> SERVICE_METRICS =
            Set.of(
                    "millisBehindLatest",
                    "numberOfFailedCheckpoints",
                    "lastCheckpointDuration",
                    "downtime",
                    "fullRestarts",
                    "uptime");

    private Map<String, Object> application() {
        List<String> apps = STACK.resourcesOfType("AWS::KinesisAnalyticsV2::Application");
        assertThat(apps).hasSize(1);
        return STACK.properties(apps.get(0));
    }

    @Test
    void theApplicationsRuntimePropertiesAreTheAwsPropertiesFile() throws IOException {
        List<Map<String, Object>> fromTemplate = new ArrayList<>();
        for (Object group :
                list(
                        at(
                                application(),
                                "ApplicationConfiguration",
                                "EnvironmentProperties",
                                "PropertyGroups"))) {
            Map<String, Object> values = new LinkedHashMap<>();
            map(at(group, "PropertyMap")).forEach((k, v) -> values.put(k, subText(k, v)));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("PropertyGroupId", map(group).get("PropertyGroupId"));
            entry.put("PropertyMap", values);
            fromTemplate.add(entry);
        }

        List<Map<String, Object>> fromFile = new ArrayList<>();
        for (JsonNode group : new ObjectMapper().readTree(AWS_FILE.toFile())) {
            Map<String, Object> values = new LinkedHashMap<>();
            group.get("PropertyMap")
                    .fields()
                    .forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("PropertyGroupId", group.get("PropertyGroupId").asText());
            entry.put("PropertyMap", values);
            fromFile.add(entry);
        }

        assertThat(fromTemplate).isNotEmpty().isEqualTo(fromFile);
    }

    /** A literal, or {@code !Sub} of a string: the text the file must hold for it. */
    private static String subText(String key, Object value) {
        if (value instanceof String) {
            assertThat((String) value).as(key + ": a ${...} needs !Sub").doesNotContain("${");
            return (String) value;
        }
        Object sub = map(value).get("Fn::Sub");
        assertThat(sub)
                .as(key + " must be a literal or !Sub of a string, got " + value)
                .isInstanceOf(String.class);
        return (String) sub;
    }

    @Test
    void everyPlaceholderOfTheAwsFileIsAParameterResourceAttributeOrPseudoParameter()
            throws IOException {
        Set<String> parameters = STACK.section("Parameters").keySet();
        Set<String> resources = STACK.resources().keySet();
        Matcher m = PLACEHOLDER.matcher(Files.readString(AWS_FILE, StandardCharsets.UTF_8));
        Set<String> seen = new TreeSet<>();
        while (m.find()) {
            String name = m.group(1);
            seen.add(name);
            boolean provided =
                    PSEUDO_PARAMETERS.contains(name)
                            || parameters.contains(name)
                            || resources.contains(name)
                            || (name.contains(".")
                                    && resources.contains(name.substring(0, name.indexOf('.'))));
            assertThat(provided).as("${%s} is provided by the template", name).isTrue();
        }
        assertThat(seen)
                .contains("TelemetryStream.Arn", "LakeBucket", "ModelBucket", "AuroraSecretArn")
                .contains("SnowflakeSecretArn", "RetrainingStateMachineArn");
    }

    @Test
    void theApplicationRunsFlink120FromS3WithCheckpointsSnapshotsScalingLoggingAndVpc() {
        Map<String, Object> app = application();
        assertThat(app.get("RuntimeEnvironment")).isEqualTo("FLINK-1_20");
        Object config = app.get("ApplicationConfiguration");
        assertThat(at(config, "ApplicationCodeConfiguration", "CodeContent", "S3ContentLocation"))
                .isNotNull();
        assertThat(at(config, "ApplicationSnapshotConfiguration", "SnapshotsEnabled"))
                .isEqualTo("true");
        Object flink = at(config, "FlinkApplicationConfiguration");
        assertThat(at(flink, "CheckpointConfiguration", "CheckpointingEnabled")).isEqualTo("true");
        assertThat(at(flink, "ParallelismConfiguration", "AutoScalingEnabled")).isNotNull();
        assertThat(at(flink, "MonitoringConfiguration", "LogLevel")).isEqualTo("INFO");
        assertThat(list(at(config, "VpcConfigurations"))).hasSize(1);
        assertThat(
                        STACK.resourcesOfType(
                                "AWS::KinesisAnalyticsV2::ApplicationCloudWatchLoggingOption"))
                .hasSize(1);
    }

    @Test
    void everyBucketIsEncryptedVersionedPrivateTlsOnlyAndHasLifecycleRules() {
        List<String> buckets = STORAGE.resourcesOfType("AWS::S3::Bucket");
        assertThat(buckets).containsExactlyInAnyOrder("LakeBucket", "CodeBucket", "ModelBucket");
        for (String bucket : buckets) {
            Map<String, Object> p = STORAGE.properties(bucket);
            assertThat(list(at(p, "BucketEncryption", "ServerSideEncryptionConfiguration")))
                    .as(bucket)
                    .isNotEmpty();
            assertThat(at(p, "VersioningConfiguration", "Status")).as(bucket).isEqualTo("Enabled");
            assertThat(map(p.get("PublicAccessBlockConfiguration")))
                    .as(bucket)
                    .containsEntry("BlockPublicAcls", "true")
                    .containsEntry("BlockPublicPolicy", "true")
                    .containsEntry("IgnorePublicAcls", "true")
                    .containsEntry("RestrictPublicBuckets", "true");
            assertThat(
                            list(at(p, "LifecycleConfiguration", "Rules")).stream()
                                    .anyMatch(
                                            r ->
                                                    map(r).containsKey(
                                                                    "AbortIncompleteMultipartUpload")))
                    .as(bucket + " aborts incomplete multipart uploads")
                    .isTrue();
            boolean tlsOnly =
                    STORAGE.resourcesOfType("AWS::S3::BucketPolicy").stream()
                            .map(STORAGE::properties)
                            .filter(bp -> Map.of("Ref", bucket).equals(bp.get("Bucket")))
                            .flatMap(bp -> list(at(bp, "PolicyDocument", "Statement")).stream())
                            .anyMatch(
                                    s ->
                                            "Deny".equals(map(s).get("Effect"))
                                                    && "false"
                                                            .equals(
                                                                    at(
                                                                            s,
                                                                            "Condition",
                                                                            "Bool",
                                                                            "aws:SecureTransport")));
            assertThat(tlsOnly).as(bucket + " denies requests without TLS").isTrue();
        }
    }

    @Test
    void theIotRuleForwardsTheTopicToTheStreamKeyedByTopicAndKeepsFailedDeliveries() {
        List<String> rules = STACK.resourcesOfType("AWS::IoT::TopicRule");
        assertThat(rules).hasSize(1);
        Object payload = STACK.properties(rules.get(0)).get("TopicRulePayload");
        assertThat(at(payload, "Sql", "Fn::Sub")).isEqualTo("SELECT * FROM '${MqttTopicFilter}'");
        Object kinesis = at(list(at(payload, "Actions")).get(0), "Kinesis");
        assertThat(at(kinesis, "StreamName")).isEqualTo(Map.of("Ref", "TelemetryStream"));
        assertThat(at(kinesis, "PartitionKey")).isEqualTo("${topic()}");

        String role = (String) list(at(kinesis, "RoleArn", "Fn::GetAtt")).get(0);
        List<Object> statements = STACK.roleStatements(role);
        assertThat(statements).hasSize(2);
        assertThat(at(statements.get(0), "Action")).isEqualTo("kinesis:PutRecord");
        assertThat(at(statements.get(0), "Resource"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of("TelemetryStream", "Arn")));
        assertThat(at(statements.get(1), "Action")).isEqualTo("s3:PutObject");
        assertThat(at(statements.get(1), "Resource", "Fn::Sub"))
                .isEqualTo("arn:${AWS::Partition}:s3:::${LakeBucket}/iot-errors/*");

        Object errors = at(payload, "ErrorAction", "S3");
        assertThat(at(errors, "BucketName")).isEqualTo(Map.of("Ref", "LakeBucket"));
        assertThat((String) at(errors, "Key")).startsWith("iot-errors/").contains("${newuuid()}");
        assertThat(at(errors, "RoleArn")).isEqualTo(Map.of("Fn::GetAtt", List.of(role, "Arn")));
    }

    @Test
    void theStreamIsEncryptedAndItsCapacityModeIsAParameter() {
        Map<String, Object> stream = STACK.properties("TelemetryStream");
        assertThat(at(stream, "StreamEncryption", "EncryptionType")).isEqualTo("KMS");
        assertThat(at(stream, "StreamModeDetails", "StreamMode"))
                .isEqualTo(Map.of("Ref", "StreamMode"));
    }

    @Test
    void everyAlarmNotifiesTheAlarmTopicOnAlarmAndOnRecovery() {
        List<String> alarms = STACK.resourcesOfType("AWS::CloudWatch::Alarm");
        assertThat(alarms).hasSizeGreaterThanOrEqualTo(8);
        for (String alarm : alarms) {
            Map<String, Object> p = STACK.properties(alarm);
            assertThat(p.get("AlarmActions"))
                    .as(alarm)
                    .isEqualTo(List.of(Map.of("Ref", "AlarmTopic")));
            assertThat(p.get("OKActions"))
                    .as(alarm)
                    .isEqualTo(List.of(Map.of("Ref", "AlarmTopic")));
        }
        assertThat(STACK.resourcesOfType("AWS::SNS::Topic")).containsExactly("AlarmTopic");
    }

    /**
     * scripts/deploy.sh passes outputs of the stacks it deployed before as parameters of the next
     * ones; each such parameter must be an output of the stack it comes from.
     */
    @Test
    void theStacksChainOutputsIntoParametersAsTheDeployWiresThem() {
        Set<String> storage = STORAGE.section("Outputs").keySet();
        Set<String> retraining = RETRAINING.section("Outputs").keySet();
        assertThat(storage).contains("CodeBucket", "LakeBucket", "ModelBucket");
        assertThat(RETRAINING.section("Parameters").keySet())
                .contains("CodeBucket", "LakeBucket", "ModelBucket");
        assertThat(STACK.section("Parameters").keySet())
                .contains("CodeBucket", "LakeBucket", "ModelBucket", "JarKey")
                .contains("RetrainingStateMachineArn");
        assertThat(retraining).contains("StateMachineArn", "SchedulerRoleArn", "SageMakerRoleArn");
        assertThat(SCHEDULE.section("Parameters").keySet())
                .contains("AssetType", "StateMachineArn", "SchedulerRoleArn");
        assertThat(STACK.section("Outputs").keySet())
                .as("the outputs scripts/app.sh, send-sample.sh and tail-logs.sh read")
                .contains("ApplicationName", "StreamName");
    }

    @Test
    void theStateMachineMayPassOnlyTheJobRoleAndOnlyToSageMaker() {
        Map<String, Object> machine = RETRAINING.properties("RetrainingStateMachine");
        assertThat(machine.get("RoleArn"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of("StateMachineRole", "Arn")));
        List<Object> passRole =
                RETRAINING.roleStatements("StateMachineRole").stream()
                        .filter(st -> "iam:PassRole".equals(map(st).get("Action")))
                        .collect(Collectors.toList());
        assertThat(passRole).hasSize(1);
        assertThat(at(passRole.get(0), "Resource"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of("SageMakerExecutionRole", "Arn")));
        assertThat(at(passRole.get(0), "Condition", "StringEquals", "iam:PassedToService"))
                .isEqualTo("sagemaker.amazonaws.com");
        Object schedulerStatement = RETRAINING.roleStatements("SchedulerRole").get(0);
        assertThat(at(schedulerStatement, "Action")).isEqualTo("states:StartExecution");
        assertThat(at(schedulerStatement, "Resource"))
                .isEqualTo(Map.of("Ref", "RetrainingStateMachine"));
    }

    @Test
    void theAlarmsAndTheDashboardUseMetricNamesTheJobRegisters() throws IOException {
        Set<String> custom = new TreeSet<>();
        for (String alarm : STACK.resourcesOfType("AWS::CloudWatch::Alarm")) {
            Map<String, Object> p = STACK.properties(alarm);
            if ("AWS/KinesisAnalytics".equals(p.get("Namespace"))) {
                custom.add((String) p.get("MetricName"));
            }
            for (Object q : list(p.get("Metrics"))) {
                Object metric = at(q, "MetricStat", "Metric");
                if ("AWS/KinesisAnalytics".equals(at(metric, "Namespace"))) {
                    custom.add((String) at(metric, "MetricName"));
                }
            }
        }
        String dashboard = (String) at(STACK.properties("Dashboard"), "DashboardBody", "Fn::Sub");
        Matcher m = Pattern.compile("\"AWS/KinesisAnalytics\", \"([A-Za-z]+)\"").matcher(dashboard);
        while (m.find()) {
            custom.add(m.group(1));
        }
        custom.removeAll(SERVICE_METRICS);

        assertThat(custom)
                .contains(
                        "deadLetters",
                        "recordsRead",
                        "inferenceFailedRows",
                        "inferenceOpenCircuits",
                        "driftEvents");
        String sources = mainSources();
        for (String name : custom) {
            assertThat(sources)
                    .as("metric %s is registered by the job", name)
                    .contains("\"" + name + "\"");
        }
    }

    private static String mainSources() throws IOException {
        try (Stream<Path> files = Files.walk(REPO.resolve("stream-job/src/main/java"))) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .map(
                            p -> {
                                try {
                                    return Files.readString(p, StandardCharsets.UTF_8);
                                } catch (IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            })
                    .collect(Collectors.joining("\n"));
        }
    }
}
