package io.flowcast.training.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowcast.stream.drift.DriftBaseline;
import io.flowcast.stream.drift.RegistryDriftBaselines;
import io.flowcast.stream.inference.RegistryBaselines;
import io.flowcast.stream.local.sagemaker.ModelArchive;
import io.flowcast.stream.local.sagemaker.ModelMetadata;
import io.flowcast.stream.local.sagemaker.ModelRegistry;
import io.flowcast.stream.retrain.RetrainRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs the retraining state machine ({@code kda-config/retraining.asl.json}) through {@link
 * AslInterpreter} with in-memory stand-ins for S3, DynamoDB and SageMaker, and the real processing
 * scripts (build_dataset.py and evaluate.py, with injected lake rows and predictors; python3) in
 * place of the processing jobs: the promoted version lands in the job's registry in the layout the
 * job reads ({@link ModelMetadata}, {@link RegistryDriftBaselines}, {@link RegistryBaselines}), as
 * {@code vNNNN} of the model package's number, with {@code metadata.json} written only after the
 * endpoint serves the new model. Skipped without python3.
 */
class RetrainingStateMachineRunTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path ASL =
            Paths.get("../kda-config/retraining.asl.json").toAbsolutePath().normalize();
    private static final Path SCRIPTS = Paths.get("src/main/python").toAbsolutePath();
    private static final String MODELS = "flowcast-models-test";
    private static final String MONITOR_IMAGE = "monitor.example/sagemaker-model-monitor-analyzer";
    private static final Map<String, String> SUBSTITUTIONS = substitutions();

    @TempDir Path temp;

    /** Objects by "bucket/key". */
    private final TreeMap<String, byte[]> s3 = new TreeMap<>();

    /** Every task call: "state resource". */
    private final List<String> calls = new ArrayList<>();

    private final List<JsonNode> runRecordUpdates = new ArrayList<>();
    private long packageVersion = 1;
    private double currentModelError = 3.0;
    private boolean stripMetadataFromEvaluation;
    private boolean denyRegistryWrites;
    private String updatedEndpointConfig;

    @BeforeEach
    void pythonIsThere() throws Exception {
        Assumptions.assumeTrue(pythonAvailable(), "python3 not found: the run is skipped");
        // deploy.sh uploads the processing scripts to the code bucket.
        for (String script : List.of("build_dataset.py", "evaluate.py")) {
            s3.put(
                    "flowcast-code-test/flowcast/processing/" + script,
                    Files.readAllBytes(SCRIPTS.resolve(script)));
        }
    }

    @ParameterizedTest(name = "model package {0} is registry version {1}")
    @CsvSource({"1, v0001", "12, v0012", "100, v0100", "9999, v9999", "10000, v10000"})
    void aPromotedCandidateIsPublishedAsThePackagesVersionOnceTheEndpointServesIt(
            long packageNumber, String version) throws Exception {
        packageVersion = packageNumber;

        AslInterpreter.Outcome outcome = run();

        assertThat(outcome.terminalState).as(outcome.visited.toString()).isEqualTo("Promoted");
        String prefix = MODELS + "/registry/pump/" + version + "/";
        assertThat(s3.subMap(prefix, prefix + Character.MAX_VALUE).keySet())
                .containsExactlyInAnyOrder(
                        prefix + "statistics.json",
                        prefix + "constraints.json",
                        prefix + "model.tar.gz",
                        prefix + "metrics.json",
                        prefix + "metadata.json");
        // The entry is staged before the endpoint changes, and completed once it serves.
        int update = indexOf("UpdateEndpoint");
        assertThat(indexOf("PublishStatistics")).isLessThan(indexOf("CreateModel"));
        assertThat(indexOf("PublishModelArchive")).isLessThan(update);
        assertThat(indexOf("PublishMetadata"))
                .isGreaterThan(indexOf("DescribeEndpoint"))
                .isGreaterThan(update)
                .isLessThan(indexOf("RecordPromoted"));
        JsonNode promoted = runRecordUpdates.get(runRecordUpdates.size() - 1);
        assertThat(promoted.path(":status").path("S").asText()).isEqualTo("PROMOTED");
        assertThat(promoted.path(":registryVersion").path("S").asText()).isEqualTo(version);
        assertThat(promoted.path(":registryUri").path("S").asText()).isEqualTo("s3://" + prefix);

        // The job reads it: the local registry reader, the drift baseline and the latest version.
        Path registry = download(MODELS + "/registry/", temp.resolve("registry"));
        ModelMetadata metadata = new ModelRegistry(registry).version("pump", version).metadata();
        assertThat(metadata.assetType()).isEqualTo("pump");
        assertThat(metadata.featureNames()).containsExactly("Load.mean", "Vibration.mean");
        assertThat(metadata.target()).isEqualTo("BearingTemp.mean");
        assertThat(metadata.specVersion()).isEqualTo(3);
        assertThat(metadata.objective()).isEqualTo("reg:squarederror");
        assertThat(metadata.hyperparameters())
                .containsEntry("num_round", "200")
                .containsEntry("max_depth", "6")
                .containsEntry("eta", "0.1")
                .containsEntry("objective", "reg:squarederror");
        // The candidate predicts 2 * Load.mean + 0.1 of a target 2 * Load.mean + noise.
        assertThat(metadata.residualStd()).isBetween(0.05, 0.5);
        // Evaluate is entered when training has ended.
        assertThat(metadata.trainedAt()).isEqualTo(Instant.parse(outcome.entered.get("Evaluate")));

        DriftBaseline baseline =
                new RegistryDriftBaselines(registry.toUri().toString()).load("pump", version);
        assertThat(baseline.featureNames()).isEqualTo(metadata.featureNames());
        assertThat(baseline.residualStd()).isEqualTo(metadata.residualStd());
        assertThat(baseline.residualMean()).isBetween(-0.2, 0.0);
        assertThat(new RegistryBaselines(registry.toUri(), Duration.ZERO).latestVersion("pump"))
                .isEqualTo(version);
        JsonNode metrics = MAPPER.readTree(s3.get(prefix + "metrics.json"));
        assertThat(metrics.path("holdOut").path("residualStd").asDouble())
                .isEqualTo(metadata.residualStd());
        assertThat(metrics.path("current").path("endpoint").asText()).isEqualTo("flowcast-pump");
    }

    @Test
    void aCandidateThatIsNotBetterPublishesNothingAndLeavesTheEndpoint() throws Exception {
        currentModelError = 0.0;

        AslInterpreter.Outcome outcome = run();

        assertThat(outcome.terminalState).isEqualTo("NotPromoted");
        assertThat(s3.keySet()).noneMatch(key -> key.startsWith(MODELS + "/registry/"));
        assertThat(calls).noneMatch(call -> call.startsWith("UpdateEndpoint "));
    }

    @Test
    void anEvaluationWithoutRegistryMetadataFailsBeforeAnythingIsDeployed() throws Exception {
        stripMetadataFromEvaluation = true; // an evaluate.py older than the definition

        AslInterpreter.Outcome outcome = run();

        assertThat(outcome.terminalState).isEqualTo("Failed");
        assertThat(outcome.visited).contains("EvaluationIncomplete", "RecordFailure");
        assertThat(calls)
                .noneMatch(call -> call.startsWith("RegisterModelPackage "))
                .noneMatch(call -> call.startsWith("UpdateEndpoint "));
        JsonNode failure = runRecordUpdates.get(runRecordUpdates.size() - 1);
        assertThat(failure.path(":error").path("S").asText())
                .isEqualTo("Flowcast.EvaluationIncomplete");
        assertThat(failure.path(":cause").path("S").asText())
                .contains("evaluation.json has no metadata")
                .contains("s3://flowcast-code-test/flowcast/processing/");
    }

    @Test
    void aRegistryUploadThatFailsIsRecordedAsTheRunsFailure() throws Exception {
        denyRegistryWrites = true;

        AslInterpreter.Outcome outcome = run();

        assertThat(outcome.terminalState).isEqualTo("Failed");
        assertThat(outcome.visited).contains("PublishStatistics", "RecordFailure");
        JsonNode failure = runRecordUpdates.get(runRecordUpdates.size() - 1);
        assertThat(failure.path(":error").path("S").asText()).isEqualTo("S3.S3Exception");
        assertThat(failure.path(":cause").path("S").asText()).contains("Access Denied");
        assertThat(calls).noneMatch(call -> call.startsWith("UpdateEndpoint "));
    }

    private AslInterpreter.Outcome run() throws Exception {
        AslInterpreter asl =
                new AslInterpreter(Files.readString(ASL, StandardCharsets.UTF_8), SUBSTITUTIONS);
        JsonNode input =
                MAPPER.readTree(
                        RetrainRequest.builder("pump", "v0011", "ep-1").build().toExecutionInput());
        return asl.run(input, "retrain-pump-v0011-ep-1", this::task);
    }

    private int indexOf(String state) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).startsWith(state + " ")) {
                return i;
            }
        }
        throw new AssertionError(state + " was not called: " + calls);
    }

    // --- The stand-ins of the services the definition calls ---

    private JsonNode task(String state, String resource, JsonNode p) throws Exception {
        calls.add(state + " " + resource);
        ObjectNode result = MAPPER.createObjectNode();
        switch (resource) {
            case "arn:aws:states:::dynamodb:putItem":
                return result;
            case "arn:aws:states:::dynamodb:updateItem":
                runRecordUpdates.add(p.path("ExpressionAttributeValues"));
                return result;
            case "arn:aws:states:::sagemaker:createProcessingJob.sync":
                processingJob(p);
                result.put("ProcessingJobArn", "arn:processing-job/" + p.path("ProcessingJobName"));
                return result;
            case "arn:aws:states:::sagemaker:createTrainingJob.sync":
                {
                    String uri =
                            p.path("OutputDataConfig").path("S3OutputPath").asText()
                                    + "/"
                                    + p.path("TrainingJobName").asText()
                                    + "/output/model.tar.gz";
                    s3.put(uri.substring(5), ModelArchive.toBytes("{}".getBytes()));
                    result.put("TrainingJobArn", "arn:training-job/" + p.path("TrainingJobName"));
                    result.putObject("ModelArtifacts").put("S3ModelArtifacts", uri);
                    result.set("HyperParameters", p.path("HyperParameters"));
                    return result;
                }
            case "arn:aws:states:::aws-sdk:s3:getObject":
                {
                    byte[] body = object(p.path("Bucket").asText() + "/" + p.path("Key").asText());
                    result.put("Body", new String(body, StandardCharsets.UTF_8));
                    return result;
                }
            case "arn:aws:states:::aws-sdk:s3:copyObject":
                {
                    byte[] body = object(p.path("CopySource").asText());
                    put(p.path("Bucket").asText() + "/" + p.path("Key").asText(), body);
                    return result.put("CopyObjectResult", "ok");
                }
            case "arn:aws:states:::aws-sdk:s3:putObject":
                assertThat(p.path("ContentType").asText()).isEqualTo("application/json");
                put(
                        p.path("Bucket").asText() + "/" + p.path("Key").asText(),
                        p.path("Body").asText().getBytes(StandardCharsets.UTF_8));
                return result.put("ETag", "\"1\"");
            case "arn:aws:states:::aws-sdk:sagemaker:createModelPackage":
                return result.put(
                        "ModelPackageArn",
                        "arn:aws:sagemaker:eu-west-1:123456789012:model-package/"
                                + p.path("ModelPackageGroupName").asText()
                                + "/"
                                + packageVersion);
            case "arn:aws:states:::sagemaker:createModel":
            case "arn:aws:states:::sagemaker:createEndpointConfig":
                return result;
            case "arn:aws:states:::sagemaker:updateEndpoint":
                updatedEndpointConfig = p.path("EndpointConfigName").asText();
                return result;
            case "arn:aws:states:::aws-sdk:sagemaker:describeEndpoint":
                result.put("EndpointStatus", "InService");
                result.put("EndpointConfigName", updatedEndpointConfig);
                return result;
            default:
                throw new AssertionError(state + ": no stand-in for " + resource);
        }
    }

    private byte[] object(String bucketAndKey) throws AslInterpreter.TaskFailure {
        byte[] body = s3.get(bucketAndKey);
        if (body == null) {
            throw new AslInterpreter.TaskFailure(
                    "S3.NoSuchKeyException", "no object " + bucketAndKey);
        }
        return body;
    }

    private void put(String bucketAndKey, byte[] body) throws AslInterpreter.TaskFailure {
        if (bucketAndKey.startsWith(MODELS + "/registry/") && denyRegistryWrites) {
            throw new AslInterpreter.TaskFailure("S3.S3Exception", "Access Denied (403)");
        }
        s3.put(bucketAndKey, body);
    }

    /** A processing job: inputs from S3 to its LocalPaths, the work, outputs back to S3. */
    private void processingJob(JsonNode p) throws Exception {
        Path root = Files.createTempDirectory(temp, "job");
        for (JsonNode input : p.path("ProcessingInputs")) {
            JsonNode s3Input = input.path("S3Input");
            stage(s3Input.path("S3Uri").asText(), local(root, s3Input.path("LocalPath")));
        }
        JsonNode app = p.path("AppSpecification");
        if (app.path("ImageUri").asText().equals(MONITOR_IMAGE)) {
            modelMonitorBaseline(root, p.path("Environment"));
        } else {
            String script = app.path("ContainerEntrypoint").path(1).asText();
            python(root, Path.of(script).getFileName().toString(), app.path("ContainerArguments"));
        }
        for (JsonNode output : p.path("ProcessingOutputConfig").path("Outputs")) {
            JsonNode s3Output = output.path("S3Output");
            upload(local(root, s3Output.path("LocalPath")), s3Output.path("S3Uri").asText());
        }
    }

    private static Path local(Path root, JsonNode localPath) {
        return root.resolve(localPath.asText().substring(1));
    }

    private void stage(String uri, Path dir) throws IOException {
        String prefix = uri.substring("s3://".length());
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> o : s3.subMap(prefix, prefix + '\uffff').entrySet()) {
            String rest = o.getKey().substring(prefix.length()).replaceFirst("^/", "");
            Path file =
                    dir.resolve(
                            rest.isEmpty() ? Path.of(o.getKey()).getFileName().toString() : rest);
            Files.createDirectories(file.getParent());
            Files.write(file, o.getValue());
        }
    }

    private void upload(Path dir, String uri) throws IOException {
        String prefix = uri.substring("s3://".length()).replaceFirst("/$", "");
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                s3.put(
                        prefix + "/" + dir.relativize(file).toString().replace('\\', '/'),
                        Files.readAllBytes(file));
            }
        }
    }

    private Path download(String prefix, Path dir) throws IOException {
        for (Map.Entry<String, byte[]> o : s3.subMap(prefix, prefix + '\uffff').entrySet()) {
            Path file = dir.resolve(o.getKey().substring(prefix.length()));
            Files.createDirectories(file.getParent());
            Files.write(file, o.getValue());
        }
        return dir;
    }

    /**
     * The processing script the job's entry point names, from the staged code, with the container's
     * arguments; lake rows and predictors are injected (no pyarrow, model or endpoint here), the
     * directories are the script's defaults under the job's root.
     */
    private void python(Path root, String script, JsonNode arguments) throws Exception {
        String module = script.replace(".py", "");
        String code =
                String.join(
                        "\n",
                        "import json, os, sys, time",
                        "root, args = sys.argv[1], json.loads(sys.argv[2])",
                        "sys.path.insert(0, root + '/opt/ml/processing/code')",
                        "import " + module + " as m",
                        "if m.__name__ == 'build_dataset':",
                        "    now = int(time.time() * 1000)",
                        "    records = []",
                        "    for i in range(300):",
                        "        load = 40.0 + (i * 7) % 30",
                        "        start = now - (300 - i) * 60000",
                        "        records.append({'asset_id': 'P%d' % (i % 3), 'asset_type': 'pump',",
                        "            'spec_version': 3, 'window_start': start,",
                        "            'window_end': start + 60000,",
                        "            'features': [('Load.mean', load), ('Vibration.mean', 2.0)],",
                        "            'target_signal': 'BearingTemp', 'target_statistic': 'mean',",
                        "            'target_actual': 2 * load + ((i * 13) % 7 - 3) / 30.0})",
                        "    dirs = ['--input', root + m.INPUT_DIR, '--output', root + m.OUTPUT_DIR,",
                        "            '--message-file', root + m.MESSAGE_FILE]",
                        "    sys.exit(m.main(args + dirs, records=records))",
                        "error = float(os.environ['CURRENT_MODEL_ERROR'])",
                        "candidate = lambda rows: [2 * r[0] + 0.1 for r in rows]",
                        "current = lambda rows: [2 * r[0] + error for r in rows]",
                        "dirs = ['--candidate', root + m.CANDIDATE_DIR,",
                        "        '--validation', root + m.VALIDATION_DIR,",
                        "        '--dataset', root + m.DATASET_DIR, '--output', root + m.OUTPUT_DIR,",
                        "        '--message-file', root + m.MESSAGE_FILE]",
                        "sys.exit(m.main(args + dirs, predictors=(candidate, current)))");
        List<String> args = new ArrayList<>();
        arguments.forEach(a -> args.add(a.asText()));
        ProcessBuilder pb =
                new ProcessBuilder(
                                "python3",
                                "-c",
                                code,
                                root.toString(),
                                MAPPER.writeValueAsString(args))
                        .redirectErrorStream(true);
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        pb.environment().put("CURRENT_MODEL_ERROR", Double.toString(currentModelError));
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(script + " finished").isTrue();
        assertThat(process.exitValue()).as(script + ": " + output).isZero();
        if (stripMetadataFromEvaluation && module.equals("evaluate")) {
            Path report = root.resolve("opt/ml/processing/output/evaluation/evaluation.json");
            ObjectNode tree = (ObjectNode) MAPPER.readTree(report.toFile());
            tree.remove("metadata");
            MAPPER.writeValue(report.toFile(), tree);
        }
    }

    /**
     * Model Monitor's analyzer, as far as the job reads its output: per column of the baseline CSV
     * (with a header), {@code statistics.json} with ten equal-width KLL buckets and {@code
     * constraints.json} with the completeness. No Flowcast extension.
     */
    private static void modelMonitorBaseline(Path root, JsonNode environment) throws IOException {
        assertThat(environment.path("dataset_format").asText()).contains("\"header\": true");
        Path input = root.resolve(environment.path("dataset_source").asText().substring(1));
        List<String> lines;
        try (Stream<Path> files = Files.list(input)) {
            Path csv = files.filter(f -> f.toString().endsWith(".csv")).findFirst().orElseThrow();
            lines = Files.readAllLines(csv);
        }
        String[] names = lines.get(0).split(",");
        ObjectNode statistics = MAPPER.createObjectNode();
        ArrayNode features = statistics.putArray("features");
        ObjectNode constraints = MAPPER.createObjectNode();
        ArrayNode constrained = constraints.putArray("features");
        for (int f = 0; f < names.length; f++) {
            List<Double> values = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String field = line.split(",", -1)[f];
                if (!field.isEmpty()) {
                    values.add(Double.parseDouble(field));
                }
            }
            double min = values.stream().mapToDouble(v -> v).min().orElse(0);
            double max = values.stream().mapToDouble(v -> v).max().orElse(0);
            long[] counts = new long[10];
            double width = (max - min) / 10;
            for (double v : values) {
                counts[width > 0 ? Math.min(9, (int) ((v - min) / width)) : 0]++;
            }
            ObjectNode feature = features.addObject().put("name", names[f]);
            ObjectNode numerical = feature.putObject("numerical_statistics");
            numerical.putObject("common").put("num_present", values.size());
            ArrayNode buckets =
                    numerical.putObject("distribution").putObject("kll").putArray("buckets");
            for (int b = 0; b < 10; b++) {
                buckets.addObject()
                        .put("lower_bound", min + b * width)
                        .put("upper_bound", b == 9 ? max : min + (b + 1) * width)
                        .put("count", counts[b]);
            }
            constrained
                    .addObject()
                    .put("name", names[f])
                    .put("completeness", values.size() / (double) (lines.size() - 1));
        }
        Path out = root.resolve(environment.path("output_path").asText().substring(1));
        Files.createDirectories(out);
        MAPPER.writeValue(out.resolve("statistics.json").toFile(), statistics);
        MAPPER.writeValue(out.resolve("constraints.json").toFile(), constraints);
    }

    private static Map<String, String> substitutions() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("RunsTableName", "flowcast-runs-test");
        s.put("SageMakerRoleArn", "arn:aws:iam::123456789012:role/fc-sagemaker");
        s.put("LakeUri", "s3://flowcast-lake-test/lake");
        s.put("ArtifactsBucket", MODELS);
        s.put("ArtifactsPrefix", "retraining");
        s.put("RegistryBucket", MODELS);
        s.put("RegistryPrefix", "registry");
        s.put("CodeUri", "s3://flowcast-code-test/flowcast/processing/");
        s.put("ProcessingImageUri", "xgboost.example/sagemaker-xgboost:1.7-1");
        s.put("XgboostImageUri", "xgboost.example/sagemaker-xgboost:1.7-1");
        s.put("ModelMonitorImageUri", MONITOR_IMAGE);
        s.put("ProcessingInstanceType", "ml.m5.large");
        s.put("TrainingInstanceType", "ml.m5.xlarge");
        s.put("EndpointInstanceType", "ml.m5.large");
        s.put("EndpointPrefix", "flowcast-");
        s.put("ModelPackageGroupPrefix", "flowcast-");
        s.put("LookbackDays", "30");
        s.put("MinImprovement", "0.02");
        s.put("NumRound", "200");
        s.put("MaxDepth", "6");
        s.put("Eta", "0.1");
        return s;
    }

    private static boolean pythonAvailable() {
        try {
            Process p =
                    new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
