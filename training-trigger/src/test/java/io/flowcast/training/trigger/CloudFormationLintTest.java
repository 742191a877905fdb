package io.flowcast.training.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code *.cfn.yaml} of the repository through {@code cfn-lint@1.9.7} (npm, pinned in {@code
 * scripts/emulators}, installed by this module's build before the tests). That linter carries a
 * 2018-era resource specification: it resolves every Ref, GetAtt, Sub variable, condition and
 * property name against it, but knows nothing added to CloudFormation since. Its findings on our
 * templates are therefore compared with {@link #OUTDATED_SPEC}, the exact messages the old
 * specification produces for resources and properties that do exist today; any other finding fails.
 * Skipped only when Node.js is absent.
 */
class CloudFormationLintTest {

    /**
     * Per template, the messages explained by the linter's outdated specification (each property or
     * type is current CloudFormation: AWS::Scheduler::Schedule from 2022, Kinesis on-demand
     * StreamModeDetails from 2021 - which also makes the old spec require ShardCount -, Managed
     * Flink VpcConfigurations and RunConfiguration, Step Functions DefinitionS3Location,
     * DefinitionSubstitutions and StateMachineType - which also makes the old spec require
     * DefinitionString).
     */
    static final Map<String, Set<String>> OUTDATED_SPEC =
            Map.of(
                    "flowcast-storage.cfn.yaml",
                    Set.of(),
                    "flowcast-stream.cfn.yaml",
                    Set.of(
                            "Required property ShardCount missing for type AWS::Kinesis::Stream",
                            "StreamModeDetails is not a valid property of AWS::Kinesis::Stream",
                            "RunConfiguration is not a valid property of"
                                    + " AWS::KinesisAnalyticsV2::Application",
                            "VpcConfigurations is not a valid property of"
                                    + " AWS::KinesisAnalyticsV2::Application.ApplicationConfiguration"),
                    "flowcast-retraining.cfn.yaml",
                    Set.of(
                            "Required property DefinitionString missing for type"
                                    + " AWS::StepFunctions::StateMachine",
                            "StateMachineType is not a valid property of"
                                    + " AWS::StepFunctions::StateMachine",
                            "DefinitionS3Location is not a valid property of"
                                    + " AWS::StepFunctions::StateMachine",
                            "DefinitionSubstitutions is not a valid property of"
                                    + " AWS::StepFunctions::StateMachine"),
                    "flowcast-retraining-schedule.cfn.yaml",
                    Set.of(
                            "Resource RetrainingSchedule has an invalid Type of"
                                    + " AWS::Scheduler::Schedule."));

    /** Values for parameters the linter would otherwise guess as plain strings (ARN checks). */
    private static final String PARAMETERS =
            "StateMachineRoleArn=arn:aws:iam::123456789012:role/flowcast-retraining,"
                    + "SageMakerRoleArn=arn:aws:iam::123456789012:role/flowcast-sagemaker,"
                    + "StateMachineArn=arn:aws:states:eu-west-1:123456789012:stateMachine:flowcast-retraining,"
                    + "SchedulerRoleArn=arn:aws:iam::123456789012:role/flowcast-scheduler,"
                    + "RetrainingStateMachineArn=arn:aws:states:eu-west-1:123456789012:stateMachine:flowcast-retraining,"
                    + "AuroraSecretArn=arn:aws:secretsmanager:eu-west-1:123456789012:secret:flowcast/aurora-AbCdEf,"
                    + "SnowflakeSecretArn=arn:aws:secretsmanager:eu-west-1:123456789012:secret:flowcast/snowflake-AbCdEf,"
                    + "JarKey=flowcast/flowcast-stream-job.jar";

    private static final Pattern MESSAGE = Pattern.compile("(?m)^Message: (.*)$");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");

    @TempDir Path temp;

    @Test
    void everyTemplatePassesCfnLintButForItsOutdatedSpecification() throws Exception {
        List<Path> templates = templates();
        assertThat(
                        templates.stream()
                                .map(p -> p.getFileName().toString())
                                .collect(Collectors.toSet()))
                .isEqualTo(OUTDATED_SPEC.keySet());
        List<String> unexpected = new ArrayList<>();
        for (Path template : templates) {
            Set<String> allowed = OUTDATED_SPEC.get(template.getFileName().toString());
            Lint lint = lint(template);
            for (String message : lint.messages) {
                if (!allowed.contains(message)) {
                    unexpected.add(template.getFileName() + ": " + message);
                }
            }
            assertThat(lint.messages)
                    .as(template.getFileName() + ": every allowance is still needed")
                    .containsAll(allowed);
        }
        assertThat(unexpected).isEmpty();
    }

    @Test
    void aReferenceToAMissingResourceIsReported() throws Exception {
        Path stack = NodeTools.repoDir().resolve("kda-config/flowcast-stream.cfn.yaml");
        String text = Files.readString(stack, StandardCharsets.UTF_8);
        assertThat(text).contains("!GetAtt IotRuleRole.Arn");
        Path broken = temp.resolve("flowcast-stream.cfn.yaml");
        Files.writeString(
                broken,
                text.replace("!GetAtt IotRuleRole.Arn", "!GetAtt IotRuleRoel.Arn"),
                StandardCharsets.UTF_8);

        Lint lint = lint(broken);

        assertThat(lint.exitCode).isNotZero();
        assertThat(lint.messages).contains("No resource with logical name of IotRuleRoel!");
    }

    private static List<Path> templates() throws IOException {
        Path repo = NodeTools.repoDir();
        try (Stream<Path> files = Files.walk(repo)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".cfn.yaml"))
                    .filter(p -> !repo.relativize(p).toString().contains("node_modules"))
                    .filter(p -> !repo.relativize(p).startsWith("target"))
                    .filter(p -> !repo.relativize(p).toString().contains("/target/"))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static final class Lint {
        final int exitCode;
        final String output;
        final Set<String> messages = new TreeSet<>();

        Lint(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
            Matcher m = MESSAGE.matcher(output);
            while (m.find()) {
                messages.add(m.group(1).trim());
            }
        }
    }

    private static Lint lint(Path template) throws IOException, InterruptedException {
        NodeTools.Output out =
                NodeTools.run(
                        "cfn-lint",
                        "cfn-lint/lib/index.js",
                        "validate",
                        template.toString(),
                        "--parameters",
                        PARAMETERS);
        return new Lint(out.exitCode, ANSI.matcher(out.text).replaceAll(""));
    }
}
