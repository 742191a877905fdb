package io.flowcast.stream.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.config.RepoPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The AWS operator scripts ({@code scripts/deploy.sh}, {@code app.sh}, {@code send-sample.sh},
 * {@code tail-logs.sh}): their help, the AWS CLI calls their dry runs print, their usage errors,
 * and, with a stand-in {@code aws} on the PATH, that a real run makes the same calls as the dry run
 * and refuses AWS CLI v1. Also: no credential in them, and shellcheck when it is installed.
 */
class OperatorScriptsTest {

    private static final Path REPO = RepoPaths.repoDir();
    private static final List<String> SCRIPTS =
            List.of("deploy.sh", "app.sh", "send-sample.sh", "tail-logs.sh");

    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"deploy.sh", "app.sh", "send-sample.sh", "tail-logs.sh"})
    void helpExitsZeroAndDocumentsTheDryRun(String script) throws Exception {
        ScriptRun result = run(null, script, "--help");

        assertThat(result.exit).as(result.stderr).isZero();
        assertThat(result.stdout).contains("Usage: scripts/" + script).contains("--dry-run");
    }

    private static final String EXAMPLE = "kda-config/deploy-parameters.example";

    @Test
    void deployDryRunDeploysStorageThenCodeThenRetrainingThenStreamThenSchedules()
            throws Exception {
        ScriptRun result =
                run(
                        null,
                        "deploy.sh",
                        "--dry-run",
                        "--parameters",
                        EXAMPLE,
                        "--region",
                        "eu-west-1",
                        "--stack-name",
                        "fc-test",
                        "--schedule",
                        "pump",
                        "--schedule",
                        "compressor");

        assertThat(subcommands(result))
                .containsExactly(
                        "cloudformation deploy",
                        "cloudformation describe-stacks",
                        "cloudformation describe-stacks",
                        "cloudformation describe-stacks",
                        "s3 cp",
                        "s3 cp",
                        "cloudformation package",
                        "cloudformation deploy",
                        "cloudformation describe-stacks",
                        "cloudformation describe-stacks",
                        "cloudformation deploy",
                        "cloudformation deploy",
                        "cloudformation deploy",
                        "cloudformation describe-stacks");
        List<String> lines = result.awsLines();
        assertThat(lines).allSatisfy(line -> assertThat(line).endsWith("--region eu-west-1"));

        assertThat(lines.get(0))
                .contains("--template-file kda-config/flowcast-storage.cfn.yaml")
                .contains("--stack-name fc-test-storage ")
                .doesNotContain("--capabilities")
                .doesNotContain("--parameter-overrides");
        assertThat(lines.subList(1, 4))
                .allSatisfy(line -> assertThat(line).contains("--stack-name fc-test-storage "));

        Matcher upload =
                Pattern.compile(
                                "aws s3 cp stream-job/target/flowcast-stream-job-(\\S+)-aws\\.jar"
                                        + " s3://<CodeBucket>/(flowcast/stream-job/"
                                        + "flowcast-stream-job-\\1-[0-9a-f]{7,}(-dirty)?\\.jar)"
                                        + " .*")
                        .matcher(lines.get(4));
        assertThat(upload.matches()).as(lines.get(4)).isTrue();
        assertThat(lines.get(5))
                .startsWith(
                        "aws s3 cp training-trigger/src/main/python/"
                                + " s3://<CodeBucket>/flowcast/processing/ --recursive");

        assertThat(lines.get(6))
                .contains("--template-file kda-config/flowcast-retraining.cfn.yaml")
                .contains("--s3-bucket <CodeBucket>");
        assertThat(lines.get(7))
                .contains("--template-file target/deploy/flowcast-retraining.packaged.cfn.yaml")
                .contains("--stack-name fc-test-retraining ")
                .contains("--capabilities CAPABILITY_IAM")
                .contains("LakeBucket=<LakeBucket> ModelBucket=<ModelBucket>")
                .contains("CodeBucket=<CodeBucket>");

        assertThat(lines.get(10))
                .contains("--template-file kda-config/flowcast-stream.cfn.yaml")
                .contains("--stack-name fc-test ")
                .contains("--capabilities CAPABILITY_IAM")
                .contains(" JarKey=" + upload.group(2) + " ")
                .contains("RetrainingStateMachineArn=<StateMachineArn>");
        assertThat(lines.get(11))
                .contains("--template-file kda-config/flowcast-retraining-schedule.cfn.yaml")
                .contains("--stack-name fc-test-schedule-pump ")
                .contains(
                        "AssetType=pump StateMachineArn=<StateMachineArn>"
                                + " SchedulerRoleArn=<SchedulerRoleArn>");
        assertThat(lines.get(12)).contains("--stack-name fc-test-schedule-compressor ");
        assertThat(result.stderr)
                .contains("mvn -B -q -pl stream-job -am package -DskipTests")
                .contains("global-bundle.pem");
    }

    @Test
    void deployGivesEachParameterOnlyToTheTemplatesThatDeclareIt() throws Exception {
        ScriptRun result =
                run(
                        null,
                        "deploy.sh",
                        "--dry-run",
                        "--parameters",
                        EXAMPLE,
                        "--parameter",
                        "Parallelism=4",
                        "--schedule",
                        "pump");

        List<String> deploys =
                result.awsLines().stream()
                        .filter(line -> line.startsWith("aws cloudformation deploy "))
                        .collect(Collectors.toList());
        assertThat(deploys).hasSize(4);
        String storage = deploys.get(0);
        String retraining = deploys.get(1);
        String stream = deploys.get(2);
        String schedule = deploys.get(3);
        assertThat(stream)
                .contains(" VpcId=vpc-0123456789abcdef0 ")
                .contains(" Parallelism=4 ")
                .doesNotContain("Parallelism=2")
                .contains(" EndpointPrefix=flowcast- ")
                .doesNotContain("XgboostImageUri");
        assertThat(retraining)
                .contains(" XgboostImageUri=")
                .contains(" EndpointPrefix=flowcast- ")
                .doesNotContain("VpcId")
                .doesNotContain("Parallelism");
        assertThat(schedule)
                .contains("'ScheduleExpression=cron(0 3 * * ? *)'")
                .doesNotContain("VpcId");
        assertThat(storage).doesNotContain("VpcId").doesNotContain("ScheduleExpression");
    }

    @Test
    void deployRefusesUnknownWiredAndMissingParametersBeforeAnyCall() throws Exception {
        String example = Files.readString(REPO.resolve(EXAMPLE), StandardCharsets.UTF_8);

        Path typo = tmp.resolve("typo.parameters");
        Files.writeString(typo, example + "\nSnowflakeWarehous=WH\n");
        assertUsageError(
                run(null, "deploy.sh", "--dry-run", "--parameters", typo.toString()),
                "unknown parameter SnowflakeWarehous: no template in kda-config declares it");

        Path wired = tmp.resolve("wired.parameters");
        Files.writeString(wired, example + "\nJarKey=my.jar\n");
        assertUsageError(
                run(null, "deploy.sh", "--dry-run", "--parameters", wired.toString()),
                "JarKey is set by the deploy from the stack outputs");

        Path missing = tmp.resolve("missing.parameters");
        Files.writeString(
                missing,
                example.replaceAll("(?m)^(VpcId|XgboostImageUri)=.*$", ""),
                StandardCharsets.UTF_8);
        assertUsageError(
                run(null, "deploy.sh", "--dry-run", "--parameters", missing.toString()),
                "missing required parameters: XgboostImageUri (flowcast-retraining.cfn.yaml)"
                        + " VpcId (flowcast-stream.cfn.yaml)");

        Path garbled = tmp.resolve("garbled.parameters");
        Files.writeString(garbled, "# ok\nVpcId vpc-1\n");
        assertUsageError(
                run(null, "deploy.sh", "--dry-run", "--parameters", garbled.toString()),
                "line 2: expected KEY=VALUE, got: VpcId vpc-1");
    }

    @Test
    void appDryRunsReadTheApplicationFromTheStackThenCallManagedFlink() throws Exception {
        ScriptRun start = run(null, "app.sh", "start", "--dry-run");
        assertThat(subcommands(start))
                .containsExactly(
                        "cloudformation describe-stacks", "kinesisanalyticsv2 start-application");
        assertThat(start.awsLines().get(0))
                .contains("--stack-name flowcast")
                .contains("OutputKey==`ApplicationName`");
        assertThat(start.awsLines().get(1))
                .contains("--application-name <ApplicationName>")
                .contains("\"ApplicationRestoreType\":\"RESTORE_FROM_LATEST_SNAPSHOT\"");

        ScriptRun stop = run(null, "app.sh", "stop", "--dry-run", "--application", "fc");
        assertThat(stop.awsLines())
                .containsExactly(
                        "aws kinesisanalyticsv2 stop-application --application-name fc"
                                + " --no-force");

        ScriptRun forced =
                run(null, "app.sh", "stop", "--force", "--dry-run", "--application", "fc");
        assertThat(forced.awsLines())
                .containsExactly(
                        "aws kinesisanalyticsv2 stop-application --application-name fc --force");

        ScriptRun status = run(null, "app.sh", "status", "--dry-run", "--application", "fc");
        assertThat(subcommands(status)).containsExactly("kinesisanalyticsv2 describe-application");

        ScriptRun snapshot = run(null, "app.sh", "snapshot", "--dry-run", "--application", "fc");
        assertThat(snapshot.awsLines()).hasSize(1);
        assertThat(snapshot.awsLines().get(0))
                .matches(
                        "aws kinesisanalyticsv2 create-application-snapshot --application-name fc"
                                + " --snapshot-name fc-\\d{8}T\\d{6}Z");

        ScriptRun custom =
                run(
                        null,
                        "app.sh",
                        "start",
                        "--dry-run",
                        "--application",
                        "fc",
                        "--from-snapshot",
                        "before-v2",
                        "--profile",
                        "ops");
        assertThat(custom.awsLines().get(0))
                .contains("\"ApplicationRestoreType\":\"RESTORE_FROM_CUSTOM_SNAPSHOT\"")
                .contains("\"SnapshotName\":\"before-v2\"")
                .endsWith("--profile ops");
    }

    @Test
    void sendSampleDryRunLooksUpTheStreamAndPrintsTheSimulatorCommand() throws Exception {
        ScriptRun result =
                run(
                        null,
                        "send-sample.sh",
                        "--dry-run",
                        "--region",
                        "eu-west-1",
                        "--",
                        "--sites",
                        "1");

        assertThat(result.exit).as(result.stderr).isZero();
        assertThat(result.stdout.lines().collect(Collectors.toList()))
                .containsExactly(
                        "aws cloudformation describe-stacks --stack-name flowcast --query"
                                + " 'Stacks[0].Outputs[?OutputKey==`StreamName`].OutputValue'"
                                + " --output text --region eu-west-1",
                        "scripts/simulate.sh --stream <StreamName> --region eu-west-1"
                                + " --duration 2m --sites 1");
    }

    @Test
    void tailLogsDryRunTailsTheApplicationsLogGroup() throws Exception {
        ScriptRun result = run(null, "tail-logs.sh", "--dry-run", "--since", "1h");

        assertThat(result.exit).as(result.stderr).isZero();
        assertThat(subcommands(result))
                .containsExactly("cloudformation describe-stacks", "logs tail");
        assertThat(result.awsLines().get(1))
                .isEqualTo(
                        "aws logs tail /aws/kinesis-analytics/<ApplicationName> --since 1h"
                                + " --format short --follow");
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy.sh", "app.sh", "send-sample.sh", "tail-logs.sh"})
    void anUnknownArgumentIsAUsageError(String script) throws Exception {
        ScriptRun result = run(null, script, "status", "--dry-run", "--bogus");

        assertThat(result.exit).isEqualTo(2);
        assertThat(result.stdout).isEmpty();
        assertThat(result.stderr).contains(script + ": unknown argument: ");
    }

    @Test
    void missingValuesAndActionsAreUsageErrorsNamingWhatIsMissing() throws Exception {
        assertUsageError(run(null, "deploy.sh", "--dry-run"), "--parameters FILE is required");
        assertUsageError(
                run(null, "deploy.sh", "--dry-run", "--parameters", "no/such.file"),
                "no parameters file at no/such.file");
        assertUsageError(
                run(null, "deploy.sh", "--dry-run", "--parameters", EXAMPLE, "--schedule", "a b"),
                "--schedule takes an asset type");
        assertUsageError(run(null, "app.sh", "--dry-run"), "an action is needed");
        assertUsageError(run(null, "app.sh", "start", "--region"), "--region needs a value");
        assertUsageError(
                run(null, "app.sh", "start", "--from-snapshot", "a b", "--dry-run"),
                "a snapshot name has only");
        assertUsageError(
                run(null, "tail-logs.sh", "--since", "yesterday", "--dry-run"),
                "--since takes a duration");
    }

    @Test
    void aRealRunMakesTheDryRunsCallsAndRefusesCliV1() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path calls = tmp.resolve("calls.txt");
        Path aws = bin.resolve("aws");
        // A stand-in AWS CLI v2: records each call's arguments, one line per call.
        Files.writeString(
                aws,
                "#!/usr/bin/env bash\n"
                        + "if [[ \"$1\" == --version ]]; then echo 'aws-cli/2.17.0 Python/3.12.6';"
                        + " exit 0; fi\n"
                        + "echo \"aws $*\" >> '"
                        + calls
                        + "'\n");
        assertThat(aws.toFile().setExecutable(true)).isTrue();

        ScriptRun dry = run(null, "app.sh", "stop", "--dry-run", "--application", "fc");
        ScriptRun real = run(bin, "app.sh", "stop", "--application", "fc");
        assertThat(real.exit).as(real.stderr).isZero();
        assertThat(Files.readAllLines(calls)).isEqualTo(dry.awsLines());

        Files.writeString(aws, "#!/usr/bin/env bash\necho 'aws-cli/1.45.11 Python/3.11.7'\n");
        ScriptRun v1 = run(bin, "app.sh", "status", "--application", "fc");
        assertThat(v1.exit).isEqualTo(1);
        assertThat(v1.stderr).contains("AWS CLI v2 is needed; found: aws-cli/1.45.11");
    }

    /**
     * deploy.sh for real, with a stand-in AWS CLI v2 that answers the stack outputs: on a copy of
     * the repository's deployment files with a small jar in place of the build, it makes the dry
     * run's calls with the outputs filled in, and the jar it uploads holds the RDS CA bundle.
     */
    @Test
    void aRealDeployMakesTheDryRunsCallsWithTheOutputsAndUploadsTheJarWithTheCaBundle()
            throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("repo"));
        for (String file :
                List.of(
                        "pom.xml",
                        "scripts/deploy.sh",
                        "scripts/lib/aws.sh",
                        "scripts/lib/common.sh",
                        EXAMPLE,
                        "kda-config/flowcast-storage.cfn.yaml",
                        "kda-config/flowcast-retraining.cfn.yaml",
                        "kda-config/retraining.asl.json",
                        "kda-config/flowcast-stream.cfn.yaml",
                        "kda-config/flowcast-retraining-schedule.cfn.yaml",
                        "training-trigger/src/main/python/evaluate.py")) {
            Path target = copy.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(REPO.resolve(file), target);
        }
        git(copy, "init", "-q");
        git(copy, "add", "-A");
        git(copy, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "t");
        String version = projectVersion();
        Path jar = copy.resolve("stream-job/target/flowcast-stream-job-" + version + ".jar");
        Files.createDirectories(jar.getParent());
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("io/flowcast/Placeholder.txt"));
            zip.write("job".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        Path bundle = tmp.resolve("global-bundle.pem");
        Files.writeString(bundle, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");

        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path calls = tmp.resolve("calls.txt");
        Path uploaded = tmp.resolve("uploaded.jar");
        Files.writeString(
                bin.resolve("aws"),
                String.join(
                        "\n",
                        "#!/usr/bin/env bash",
                        "if [[ \"$1\" == --version ]]; then echo 'aws-cli/2.17.0 Python/3.12.6';"
                                + " exit 0; fi",
                        "printf 'aws' >> '" + calls + "'",
                        "for a in \"$@\"; do printf ' %s' \"$a\" >> '" + calls + "'; done",
                        "echo >> '" + calls + "'",
                        "if [[ \"$1 $2\" == 'cloudformation describe-stacks' && \"$*\" =="
                                + " *OutputKey* ]]; then",
                        "  echo \"out-$(echo \"$*\" | sed -E 's/.*OutputKey==.([A-Za-z]+).*/\\1/')\"; fi",
                        "if [[ \"$1 $2\" == 's3 cp' && \"$3\" == *.jar ]]; then cp \"$3\" '"
                                + uploaded
                                + "'; fi",
                        "if [[ \"$1 $2\" == 'cloudformation package' ]]; then",
                        "  for ((i=1; i<=$#; i++)); do [[ \"${!i}\" == --output-template-file ]]"
                                + " && { j=$((i+1)); echo packaged > \"${!j}\"; }; done; fi",
                        "exit 0",
                        ""));
        assertThat(bin.resolve("aws").toFile().setExecutable(true)).isTrue();

        List<String> common =
                List.of(
                        "--parameters",
                        EXAMPLE,
                        "--region",
                        "eu-west-1",
                        "--schedule",
                        "pump",
                        "--skip-build",
                        "--rds-ca-bundle",
                        bundle.toString());
        List<String> dryArgs = new ArrayList<>(common);
        dryArgs.add("--dry-run");
        ScriptRun dry = runIn(copy, null, "deploy.sh", dryArgs.toArray(new String[0]));
        ScriptRun real = runIn(copy, bin, "deploy.sh", common.toArray(new String[0]));

        assertThat(real.exit).as(real.stderr).isZero();
        List<String> expected =
                dry.awsLines().stream()
                        .map(line -> line.replaceAll("<([A-Za-z]+)>", "out-$1"))
                        .map(line -> line.replace("'", ""))
                        .collect(Collectors.toList());
        assertThat(Files.readAllLines(calls)).isEqualTo(expected);
        assertThat(real.stderr).contains("deployed flowcast with s3://out-CodeBucket/");
        try (ZipFile zip = new ZipFile(uploaded.toFile())) {
            assertThat(zip.getEntry("io/flowcast/Placeholder.txt")).isNotNull();
            ZipEntry ca = zip.getEntry("flowcast/tls/global-bundle.pem");
            assertThat(ca).as("the RDS CA bundle in the uploaded jar").isNotNull();
            assertThat(new String(zip.getInputStream(ca).readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(Files.readString(bundle));
        }
    }

    private static String projectVersion() throws IOException {
        String pom = Files.readString(REPO.resolve("pom.xml"), StandardCharsets.UTF_8);
        Matcher m =
                Pattern.compile(
                                "<artifactId>flowcast-parent</artifactId>\\s*<version>([^<]+)</version>")
                        .matcher(pom);
        assertThat(m.find()).as("the parent's version in pom.xml").isTrue();
        return m.group(1);
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("git " + String.join(" ", args)).isZero();
    }

    @Test
    void noScriptHoldsACredential() throws IOException {
        Pattern credential =
                Pattern.compile(
                        "AKIA[0-9A-Z]{16}|ASIA[0-9A-Z]{16}|aws_secret_access_key|"
                                + "AWS_SECRET_ACCESS_KEY|aws_session_token|AWS_SESSION_TOKEN|"
                                + "-----BEGIN [A-Z ]*PRIVATE KEY-----",
                        Pattern.CASE_INSENSITIVE);
        List<Path> files = new ArrayList<>();
        for (String script : SCRIPTS) {
            files.add(REPO.resolve("scripts").resolve(script));
        }
        files.add(REPO.resolve("scripts/lib/aws.sh"));
        files.add(REPO.resolve("kda-config/deploy-parameters.example"));
        for (Path file : files) {
            assertThat(credential.matcher(Files.readString(file)).find())
                    .as("a credential in " + file)
                    .isFalse();
        }
    }

    @Test
    void shellcheckFindsNothing() throws Exception {
        List<String> files = new ArrayList<>(SCRIPTS);
        files.add("train-model.sh");
        files.add("lib/aws.sh");
        ScriptRun.assertShellcheckFindsNothing(tmp, files);
    }

    private static void assertUsageError(ScriptRun result, String message) {
        assertThat(result.exit).as(result.stderr).isEqualTo(2);
        assertThat(result.stderr).contains(message).contains("--help");
    }

    /** The service and operation of each printed AWS CLI call, e.g. "s3 cp". */
    private static List<String> subcommands(ScriptRun result) {
        assertThat(result.exit).as(result.stderr).isZero();
        return ScriptRun.subcommands(result.awsLines());
    }

    /** Runs scripts/{script} of the repository; {@code extraPath} goes first on the PATH. */
    private ScriptRun run(Path extraPath, String script, String... args) throws Exception {
        return ScriptRun.run(REPO, tmp, extraPath, Map.of(), script, args);
    }

    /** Runs scripts/{script} of the repository (or copy) {@code repo}, like {@link #run}. */
    private ScriptRun runIn(Path repo, Path extraPath, String script, String... args)
            throws Exception {
        return ScriptRun.run(repo, tmp, extraPath, Map.of(), script, args);
    }
}
