package io.flowcast.stream.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.config.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/publish-model.sh}, which puts an asset type's first model on AWS: its help, the
 * AWS CLI calls its dry run prints, its usage errors, and, with a stand-in {@code aws} on the PATH,
 * real runs against a new and an existing deployment (the same calls as the dry run; the version
 * from the model package number; {@code metadata.json} last, with that version) and the failures
 * that must leave the job's registry without a new version.
 */
class ModelScriptsTest {

    private static final Path REPO = RepoPaths.repoDir();
    private static final String SCRIPT = "publish-model.sh";
    private static final String IMAGE =
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1";
    private static final String BUCKET = "flowcast-models-test";
    private static final String ROLE = "arn:aws:iam::123456789012:role/fc-sagemaker";

    @TempDir Path tmp;

    private Path registry;
    private Path calls;
    private Path uploadedMetadata;
    private Path bin;

    @BeforeEach
    void aLocalRegistryAndAStandInAwsCli() throws IOException {
        registry = tmp.resolve("registry");
        version("pump", "v0002");
        version("pump", "v0010"); // newer than v0002 by number, and than v0009 by name
        version("pump", "v0009");
        Files.createDirectories(registry.resolve("pump/.tmp-1234"));
        version("compressor", "v0001");

        bin = Files.createDirectories(tmp.resolve("bin"));
        calls = tmp.resolve("calls.txt");
        uploadedMetadata = tmp.resolve("uploaded-metadata.json");
        // A stand-in AWS CLI v2: records each call, answers as a deployment whose state the
        // FAKE_* variables describe, keeps what `s3 cp -` reads.
        Path aws = bin.resolve("aws");
        Files.writeString(
                aws,
                String.join(
                        "\n",
                        "#!/usr/bin/env bash",
                        "if [[ \"$1\" == --version ]]; then echo 'aws-cli/2.17.0 Python/3.12.6';"
                                + " exit 0; fi",
                        "echo \"aws $*\" >> '" + calls + "'",
                        "case \"$1 $2\" in",
                        "  'cloudformation describe-stacks')",
                        "    case \"$*\" in",
                        "      *'`ModelBucket`'*) echo " + BUCKET + " ;;",
                        "      *'`SageMakerRoleArn`'*) echo " + ROLE + " ;;",
                        "      *'`EndpointPrefix`'*) printf 'EndpointPrefix\\t%s\\n"
                                + "ModelPackageGroupPrefix\\t%s\\n' \"${FAKE_PREFIX:-flowcast-}\""
                                + " \"${FAKE_PREFIX:-flowcast-}\" ;;",
                        "    esac ;;",
                        "  'sagemaker describe-model-package-group')",
                        "    if [[ -n \"${FAKE_GROUP_LATEST:-}\" ]]; then echo '{}'; else",
                        "      echo 'An error occurred (ValidationException) when calling the"
                                + " DescribeModelPackageGroup operation: ModelPackageGroup"
                                + " flowcast-pump does not exist.' >&2; exit 254; fi ;;",
                        "  'sagemaker list-model-packages') echo \"$FAKE_GROUP_LATEST\" ;;",
                        "  'sagemaker create-model-package')",
                        "    echo \"arn:aws:sagemaker:eu-west-1:123456789012:model-package/"
                                + "flowcast-pump/$FAKE_PACKAGE\" ;;",
                        "  'sagemaker describe-endpoint')",
                        "    if [[ -n \"${FAKE_ENDPOINT_EXISTS:-}\" ]]; then echo '{}'; else",
                        "      echo 'An error occurred (ValidationException) when calling the"
                                + " DescribeEndpoint operation: Could not find endpoint"
                                + " \"flowcast-pump\".' >&2; exit 254; fi ;;",
                        "  'sagemaker wait')",
                        "    if [[ -n \"${FAKE_WAIT_FAILS:-}\" ]]; then",
                        "      echo 'Waiter EndpointInService failed: Max attempts exceeded' >&2;",
                        "      exit 255; fi ;;",
                        "  's3 cp') if [[ \"$3\" == - ]]; then cat > '"
                                + uploadedMetadata
                                + "';"
                                + " fi ;;",
                        "esac",
                        ""));
        assertThat(aws.toFile().setExecutable(true)).isTrue();
    }

    @Test
    void helpExitsZeroAndShowsHowToTrainAModelForAws() throws Exception {
        ScriptRun result = run(Map.of(), "--help");

        assertThat(result.exit).as(result.stderr).isZero();
        assertThat(result.stdout)
                .contains("Usage: scripts/publish-model.sh")
                .contains("--dry-run")
                .contains("--xgboost-image-uri")
                .contains("scripts/train-model.sh --asset-types pump --window 1m")
                .contains("--registry data/aws-model-registry");
    }

    @Test
    void theDryRunPrintsACoherentSequenceForANewDeployment() throws Exception {
        ScriptRun result = dryRun();

        assertThat(result.exit).as(result.stderr).isZero();
        String from = registry.resolve("pump/v0010").toString();
        String prefix = "s3://<ModelBucket>/registry/pump/v0001";
        assertThat(result.awsLines())
                .containsExactly(
                        "aws cloudformation describe-stacks --stack-name fc-test-storage --query"
                                + " 'Stacks[0].Outputs[?OutputKey==`ModelBucket`].OutputValue'"
                                + " --output text --region eu-west-1",
                        "aws cloudformation describe-stacks --stack-name fc-test-retraining"
                                + " --query"
                                + " 'Stacks[0].Outputs[?OutputKey==`SageMakerRoleArn`].OutputValue'"
                                + " --output text --region eu-west-1",
                        "aws cloudformation describe-stacks --stack-name fc-test-retraining"
                                + " --query 'Stacks[0].Parameters[?ParameterKey==`EndpointPrefix`"
                                + "||ParameterKey==`ModelPackageGroupPrefix`]"
                                + ".[ParameterKey,ParameterValue]' --output text"
                                + " --region eu-west-1",
                        "aws sagemaker describe-model-package-group --model-package-group-name"
                                + " <ModelPackageGroupPrefix>pump --region eu-west-1",
                        "aws sagemaker create-model-package-group --model-package-group-name"
                                + " <ModelPackageGroupPrefix>pump --model-package-group-description"
                                + " 'Flowcast"
                                + " pump models (scripts/publish-model.sh, the retraining state"
                                + " machine)' --region eu-west-1",
                        "aws s3 cp --recursive "
                                + from
                                + " "
                                + prefix
                                + "/ --exclude metadata.json --only-show-errors --region"
                                + " eu-west-1",
                        "aws sagemaker create-model-package --model-package-group-name"
                                + " <ModelPackageGroupPrefix>pump --model-approval-status Approved"
                                + " --model-package-description 'Flowcast pump v0001, published"
                                + " from v0010 by scripts/publish-model.sh'"
                                + " --inference-specification"
                                + " '{\"Containers\":[{\"Image\":\""
                                + IMAGE
                                + "\",\"ModelDataUrl\":\""
                                + prefix
                                + "/model.tar.gz\"}],\"SupportedContentTypes\":[\"text/csv\"],"
                                + "\"SupportedResponseMIMETypes\":[\"text/csv\"]}'"
                                + " --drift-check-baselines"
                                + " '{\"ModelDataQuality\":{\"Statistics\":{\"ContentType\":"
                                + "\"application/json\",\"S3Uri\":\""
                                + prefix
                                + "/statistics.json\"},\"Constraints\":{\"ContentType\":"
                                + "\"application/json\",\"S3Uri\":\""
                                + prefix
                                + "/constraints.json\"}}}' --query ModelPackageArn --output"
                                + " text --region eu-west-1",
                        "aws sagemaker create-model --model-name fc-pump-v0001"
                                + " --primary-container Image="
                                + IMAGE
                                + ",ModelDataUrl="
                                + prefix
                                + "/model.tar.gz --execution-role-arn <SageMakerRoleArn>"
                                + " --region eu-west-1",
                        "aws sagemaker create-endpoint-config --endpoint-config-name"
                                + " fc-pump-v0001 --production-variants"
                                + " VariantName=AllTraffic,ModelName=fc-pump-v0001,"
                                + "InitialInstanceCount=1,InstanceType=ml.m5.large"
                                + " --region eu-west-1",
                        "aws sagemaker describe-endpoint --endpoint-name <EndpointPrefix>pump"
                                + " --region eu-west-1",
                        "aws sagemaker create-endpoint --endpoint-name <EndpointPrefix>pump"
                                + " --endpoint-config-name fc-pump-v0001 --region eu-west-1",
                        "aws sagemaker wait endpoint-in-service --endpoint-name"
                                + " <EndpointPrefix>pump --region eu-west-1",
                        "aws s3 cp - "
                                + prefix
                                + "/metadata.json --content-type application/json"
                                + " --only-show-errors --region eu-west-1");
        assertThat(result.stderr).contains("publishing " + from + " as pump v0001");
    }

    @Test
    void aRealRunOnANewDeploymentMakesTheDryRunsCallsAndUploadsTheMetadataLast() throws Exception {
        ScriptRun dry = dryRun();
        ScriptRun real = run(Map.of("FAKE_PACKAGE", "1"), args(false));

        assertThat(real.exit).as(real.stderr).isZero();
        List<String> expected =
                dry.awsLines().stream()
                        .map(
                                line ->
                                        line.replace("'", "")
                                                .replace("<ModelBucket>", BUCKET)
                                                .replace("<EndpointPrefix>", "flowcast-")
                                                .replace("<ModelPackageGroupPrefix>", "flowcast-")
                                                .replace("<SageMakerRoleArn>", ROLE))
                        .collect(Collectors.toList());
        assertThat(Files.readAllLines(calls)).isEqualTo(expected);
        String source = Files.readString(registry.resolve("pump/v0010/metadata.json"));
        assertThat(Files.readString(uploadedMetadata).trim())
                .isEqualTo(
                        source.replace("\"version\" : \"v0010\"", "\"version\" : \"v0001\"")
                                .trim());
        assertThat(real.stderr).contains("flowcast-pump serves pump v0001");
    }

    @Test
    void anExistingDeploymentGetsTheNextPackageNumberAndAnEndpointUpdate() throws Exception {
        ScriptRun real =
                run(
                        Map.of(
                                "FAKE_GROUP_LATEST", "11",
                                "FAKE_PACKAGE", "12",
                                "FAKE_ENDPOINT_EXISTS", "1",
                                "FAKE_PREFIX", "fc-prod-"),
                        args(false));

        assertThat(real.exit).as(real.stderr).isZero();
        List<String> lines = Files.readAllLines(calls);
        assertThat(ScriptRun.subcommands(lines))
                .containsExactly(
                        "cloudformation describe-stacks",
                        "cloudformation describe-stacks",
                        "cloudformation describe-stacks",
                        "sagemaker describe-model-package-group",
                        "sagemaker list-model-packages",
                        "s3 cp",
                        "sagemaker create-model-package",
                        "sagemaker create-model",
                        "sagemaker create-endpoint-config",
                        "sagemaker describe-endpoint",
                        "sagemaker update-endpoint",
                        "sagemaker wait",
                        "s3 cp");
        assertThat(lines.get(4))
                .contains("--model-package-group-name fc-prod-pump")
                .contains("--sort-by CreationTime --sort-order Descending --max-results 1");
        assertThat(lines.get(5)).contains("s3://" + BUCKET + "/registry/pump/v0012/");
        assertThat(lines.get(10))
                .isEqualTo(
                        "aws sagemaker update-endpoint --endpoint-name fc-prod-pump"
                                + " --endpoint-config-name fc-pump-v0012 --region eu-west-1");
        assertThat(Files.readString(uploadedMetadata)).contains("\"version\" : \"v0012\"");
    }

    @Test
    void failuresBeforeTheEndpointServesLeaveTheRegistryWithoutTheNewVersion() throws Exception {
        // Another run registered package 12 in between: nothing is deployed.
        ScriptRun raced = run(Map.of("FAKE_GROUP_LATEST", "10", "FAKE_PACKAGE", "12"), args(false));
        assertThat(raced.exit).isEqualTo(1);
        assertThat(raced.stderr)
                .contains("flowcast-pump got model package 12, not 11")
                .contains("run again");
        assertThat(ScriptRun.subcommands(Files.readAllLines(calls)))
                .doesNotContain("sagemaker create-model", "sagemaker create-endpoint");
        assertThat(uploadedMetadata).doesNotExist();

        Files.delete(calls);
        ScriptRun timedOut = run(Map.of("FAKE_PACKAGE", "1", "FAKE_WAIT_FAILS", "1"), args(false));
        assertThat(timedOut.exit).isEqualTo(1);
        assertThat(timedOut.stderr)
                .contains("flowcast-pump did not get InService")
                .contains("metadata.json is not uploaded");
        assertThat(uploadedMetadata).doesNotExist();
    }

    @Test
    void usageErrorsNameWhatIsWrong() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path noModel = Files.createDirectories(tmp.resolve("no-model"));
        Files.writeString(noModel.resolve("metadata.json"), "{}");
        String image = "--xgboost-image-uri=";
        assertUsageError(run(Map.of(), "--dry-run"), "--asset-type is required");
        assertUsageError(
                run(Map.of(), "--dry-run", "--asset-type", "pump"),
                "--xgboost-image-uri is required");
        assertUsageError(
                run(Map.of(), "--dry-run", "--asset-type", "Pump_1", "--xgboost-image-uri", IMAGE),
                "not an asset type name");
        assertUsageError(
                run(Map.of(), "--dry-run", "--asset-type", "turbine", "--xgboost-image-uri", IMAGE),
                "no feature spec schemas/features/turbine.json");
        assertUsageError(
                dryRunForPump("--from", tmp.resolve("missing").toString()),
                "--from: no such directory");
        assertUsageError(dryRunForPump("--from", noModel.toString()), "has no model.tar.gz");
        assertUsageError(
                dryRunForPump("--from", registry.resolve("compressor/v0001").toString()),
                "is not a model of asset type pump");
        assertUsageError(
                dryRunForPump("--registry", empty.toString()), "no version of pump in " + empty);
        assertUsageError(
                run(Map.of(), "--dry-run", "--asset-type", "pump", "--xgboost-image-uri"),
                "--xgboost-image-uri needs a value");
        assertUsageError(
                run(Map.of(), "--dry-run", "--asset-type", "pump", image + IMAGE),
                "unknown argument: " + image);
        assertUsageError(
                dryRunForPump("--instance-type", "m5.large"), "not a SageMaker instance type");
    }

    @Test
    void theScriptHoldsNoCredentialAndShellcheckFindsNothing() throws Exception {
        Pattern credential =
                Pattern.compile(
                        "AKIA[0-9A-Z]{16}|ASIA[0-9A-Z]{16}|aws_secret_access_key|"
                                + "aws_session_token|-----BEGIN [A-Z ]*PRIVATE KEY-----",
                        Pattern.CASE_INSENSITIVE);
        assertThat(credential.matcher(Files.readString(REPO.resolve("scripts/" + SCRIPT))).find())
                .isFalse();
        ScriptRun.assertShellcheckFindsNothing(tmp, List.of(SCRIPT));
    }

    /** A dry run for the pump with the image and one more option, {@code flag value}. */
    private ScriptRun dryRunForPump(String flag, String value) throws Exception {
        return run(
                Map.of(),
                "--dry-run",
                "--asset-type",
                "pump",
                "--xgboost-image-uri",
                IMAGE,
                flag,
                value);
    }

    private ScriptRun dryRun() throws Exception {
        return run(Map.of(), args(true));
    }

    private String[] args(boolean dryRun) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--asset-type",
                                "pump",
                                "--registry",
                                registry.toString(),
                                "--xgboost-image-uri",
                                IMAGE,
                                "--stack-name",
                                "fc-test",
                                "--region",
                                "eu-west-1"));
        if (dryRun) {
            args.add("--dry-run");
        }
        return args.toArray(new String[0]);
    }

    /** A local registry version directory, as the trainer writes it. */
    private void version(String type, String version) throws IOException {
        Path dir = Files.createDirectories(registry.resolve(type).resolve(version));
        Files.write(dir.resolve("model.tar.gz"), new byte[] {31, -117, 8});
        Files.writeString(
                dir.resolve("metadata.json"),
                "{\n  \"assetType\" : \""
                        + type
                        + "\",\n  \"version\" : \""
                        + version
                        + "\",\n  \"featureNames\" : [ \"Load.mean\" ],\n"
                        + "  \"residualStd\" : 2.0\n}\n");
        Files.writeString(dir.resolve("statistics.json"), "{}");
        Files.writeString(dir.resolve("constraints.json"), "{}");
        Files.writeString(dir.resolve("metrics.json"), "{\"data\": {\"windowSize\": \"PT1M\"}}");
    }

    private static void assertUsageError(ScriptRun result, String message) {
        assertThat(result.exit).as(result.stderr).isEqualTo(2);
        assertThat(result.stdout).isEmpty();
        assertThat(result.stderr).contains(message).contains("--help");
    }

    /**
     * Runs scripts/publish-model.sh from the repository root, the stand-in {@code aws} first on the
     * PATH, with the stand-in's {@code fake} settings.
     */
    private ScriptRun run(Map<String, String> fake, String... args) throws Exception {
        return ScriptRun.run(REPO, tmp, bin, fake, SCRIPT, args);
    }
}
