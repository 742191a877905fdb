package io.flowcast.training.retraining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.stream.local.sagemaker.FeatureRows;
import io.flowcast.stream.local.sagemaker.ScoringModel;
import io.flowcast.stream.local.stepfunctions.ExecutionFailedException;
import io.flowcast.stream.local.stepfunctions.ExecutionRunner;
import io.flowcast.stream.local.stepfunctions.ExecutionRunnerProvider;
import io.flowcast.stream.local.stepfunctions.LocalExecution;
import io.flowcast.stream.retrain.RetrainRequest;
import io.flowcast.training.LocalTrainer;
import io.flowcast.training.TrainingOutcome;
import io.flowcast.training.history.FeatureRow;
import io.flowcast.training.history.FeatureTable;
import io.flowcast.training.history.HistoryConfig;
import io.flowcast.training.history.SimulatedHistory;
import io.flowcast.training.registry.ModelRegistry;
import io.flowcast.training.xgboost.HoldOutSplit;
import io.flowcast.training.xgboost.RegressionMetrics;
import io.flowcast.training.xgboost.XgboostTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local retraining pipeline end to end on real files: simulated history (the job's feature
 * code) with the simulator's sensor drift (+6 on BearingTemp, the pump target, after 6 h of 8),
 * written to a lake directory with the job's Parquet writer, a real registry, real XGBoost, the
 * pipeline found through its {@link ExecutionRunnerProvider}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalRetrainingPipelineTest {

    private static final long SEED = 42;
    private static final Duration WINDOW = Duration.ofSeconds(60);
    private static final Duration HISTORY = Duration.ofHours(8);
    // The local trainer's default history (6 h) before the drift, 2 h of drifted data after it.
    private static final Duration DRIFT_AFTER = Duration.ofHours(6);
    private static final Instant DRIFT_START = HistoryConfig.DEFAULT_START.plus(DRIFT_AFTER);

    /** The evidence's windowStart as the job sends it: the end of the first drifted window. */
    private static final Instant FIRST_DRIFTED_WINDOW_END = DRIFT_START.plus(WINDOW);

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path temp;

    private FeatureTable all;
    private FeatureTable beforeDrift;
    private FeatureTable afterDrift;

    @BeforeAll
    void simulate() {
        HistoryConfig config =
                HistoryConfig.builder()
                        .span(HISTORY)
                        .seed(SEED)
                        .windowSize(WINDOW)
                        .drift(DRIFT_AFTER, 6.0)
                        .build();
        all =
                SimulatedHistory.forAssetTypes(config, List.of("pump", "compressor"))
                        .generate()
                        .get("pump");
        beforeDrift = all.withRows(rows(r -> r.windowStart() < DRIFT_START.toEpochMilli()));
        afterDrift = all.withRows(rows(r -> r.windowStart() >= DRIFT_START.toEpochMilli()));
        assertThat(beforeDrift.size()).isEqualTo(8 * 360);
        assertThat(afterDrift.size()).isEqualTo(8 * 120);
    }

    private List<FeatureRow> rows(java.util.function.Predicate<FeatureRow> keep) {
        return all.rows().stream().filter(keep).collect(Collectors.toList());
    }

    /** The directories of one test: lake, registry, runs. */
    private final class Dirs {
        final Path lake;
        final Path registry;
        final Path runs;

        Dirs(String name) {
            lake = temp.resolve(name).resolve("lake");
            registry = temp.resolve(name).resolve("registry");
            runs = temp.resolve(name).resolve("runs");
        }

        Map<String, String> settings() {
            Map<String, String> s = new HashMap<>();
            s.put(ExecutionRunnerProvider.LAKE_PATH, lake.toString());
            s.put(ExecutionRunnerProvider.MODEL_REGISTRY, registry.toString());
            s.put(ExecutionRunnerProvider.RUNS_PATH, runs.toString());
            s.put("an.unknown.key", "is ignored");
            return s;
        }

        /**
         * The provider registered in META-INF/services, as the Step Functions stand-in finds it.
         */
        ExecutionRunner runner(Map<String, String> overrides) {
            Map<String, String> s = settings();
            s.putAll(overrides);
            List<ExecutionRunnerProvider> providers = new java.util.ArrayList<>();
            ServiceLoader.load(ExecutionRunnerProvider.class).forEach(providers::add);
            assertThat(providers).hasSize(1);
            return providers.get(0).create(s);
        }

        /** Publishes a version trained as the local trainer does. */
        TrainingOutcome publish(FeatureTable table) {
            LocalTrainer trainer =
                    new LocalTrainer(
                            new ModelRegistry(registry),
                            new XgboostTrainer(
                                    io.flowcast.training.xgboost.Hyperparameters.defaults(SEED),
                                    HoldOutSplit.TIME,
                                    0.2),
                            Clock.systemUTC(),
                            SEED);
            return trainer.trainAndPublish(table, Map.of("source", "test"));
        }

        List<String> versions() {
            return new ModelRegistry(registry).versions("pump");
        }

        /** The run records of pump runs, by file. */
        List<Path> records() throws IOException {
            Path dir = runs.resolve("pump");
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(p -> !p.getFileName().toString().startsWith("."))
                        .sorted()
                        .collect(Collectors.toList());
            }
        }

        JsonNode onlyRecord() throws IOException {
            List<Path> records = records();
            assertThat(records).hasSize(1);
            return JSON.readTree(records.get(0).toFile());
        }
    }

    private static LocalExecution execution(String episode, Instant windowStart) {
        RetrainRequest request =
                RetrainRequest.builder("pump", "v0001", episode)
                        .evidence("residual_rmse_ratio", null, 4.2, 1.5)
                        .window(windowStart, windowStart.plus(Duration.ofMinutes(3)))
                        .sampleCount(24L)
                        .build();
        String name = "retrain-pump-v0001-" + episode;
        return new LocalExecution(
                "arn:aws:states:us-east-1:000000000000:execution:flowcast-retraining:" + name,
                "arn:aws:states:us-east-1:000000000000:stateMachine:flowcast-retraining",
                name,
                request.toExecutionInput(),
                Instant.now());
    }

    @Test
    void driftedDataGivesAPromotedVersionThatFitsThePostChangeRelationAgain() throws Exception {
        Dirs dirs = new Dirs("drift");
        TrainingOutcome original = dirs.publish(beforeDrift);
        double originalRmse = original.holdOut().orElseThrow().rmse();
        LakeFiles.writeCommitted(dirs.lake, LakeFiles.vectors(all, WINDOW));

        JsonNode output =
                JSON.readTree(
                        dirs.runner(Map.of()).run(execution("ep-1", FIRST_DRIFTED_WINDOW_END)));

        assertThat(output.get("status").asText()).isEqualTo("PROMOTED");
        assertThat(output.get("newModelVersion").asText()).isEqualTo("v0002");
        assertThat(output.get("currentModelVersion").asText()).isEqualTo("v0001");
        assertThat(dirs.versions()).containsExactly("v0001", "v0002");
        double candidateRmse = output.get("candidateRmse").asDouble();
        double currentRmse = output.get("currentRmse").asDouble();
        System.out.printf(
                "pump RMSE: original model on undrifted hold-out %.4f; on the drifted hold-out:"
                        + " original %.4f, retrained %.4f%n",
                originalRmse, currentRmse, candidateRmse);
        // The new model learned the post-change relation: as good as the original was before.
        assertThat(candidateRmse).isLessThanOrEqualTo(1.2 * originalRmse);
        // The serving model misses by about the offset.
        assertThat(currentRmse)
                .isGreaterThan(2.5 * originalRmse)
                .isGreaterThan(2.5 * candidateRmse);

        // The registered model is the one evaluated: the server's loader scores it the same.
        io.flowcast.stream.local.sagemaker.ModelRegistry served =
                new io.flowcast.stream.local.sagemaker.ModelRegistry(dirs.registry);
        ScoringModel v2 = ScoringModel.load(served.latest("pump").orElseThrow(), 1);
        FeatureTable holdOut = HoldOutSplit.TIME.split(afterDrift, 0.2, SEED).holdOut();
        float[] p = v2.predict(new FeatureRows(holdOut.denseFeatures(), holdOut.size(), 8));
        v2.retire();
        double[] predicted = new double[p.length];
        double[] actual = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            predicted[i] = p[i];
            actual[i] = holdOut.rows().get(i).target();
        }
        assertThat(RegressionMetrics.of(actual, predicted).rmse())
                .isCloseTo(candidateRmse, org.assertj.core.api.Assertions.within(1e-4));

        // The version carries its data, the drift episode and the new baseline.
        Path v2dir = dirs.registry.resolve("pump/v0002");
        JsonNode metrics = JSON.readTree(v2dir.resolve("metrics.json").toFile());
        JsonNode data = metrics.get("data");
        assertThat(data.get("source").asText()).isEqualTo("lake");
        assertThat(data.get("dataset").get("rows").asInt()).isEqualTo(960);
        assertThat(data.get("dataset").get("cutOff").asText())
                .isEqualTo(FIRST_DRIFTED_WINDOW_END.toString());
        assertThat(data.get("retraining").get("episodeId").asText()).isEqualTo("ep-1");
        assertThat(data.get("retraining").get("evaluatedAgainst").asText()).isEqualTo("v0001");
        assertThat(data.get("retraining").get("evidence").get("windowStart").asText())
                .isEqualTo(FIRST_DRIFTED_WINDOW_END.toString());
        assertThat(metrics.get("holdOut").get("rmse").asDouble()).isEqualTo(candidateRmse);
        JsonNode stats = JSON.readTree(v2dir.resolve("statistics.json").toFile());
        assertThat(stats.get("dataset").get("item_count").asInt()).isEqualTo(960);
        // The baseline's target statistics are those of the drifted data (+6 on the original's).
        double newTargetMean =
                stats.get("flowcast_extensions")
                        .get("target")
                        .get("numerical_statistics")
                        .get("mean")
                        .asDouble();
        double oldTargetMean =
                JSON.readTree(dirs.registry.resolve("pump/v0001/statistics.json").toFile())
                        .get("flowcast_extensions")
                        .get("target")
                        .get("numerical_statistics")
                        .get("mean")
                        .asDouble();
        assertThat(newTargetMean - oldTargetMean).isBetween(4.0, 8.0);
        assertThat(v2dir.resolve("constraints.json")).isRegularFile();

        // The run record: the runs table's item.
        JsonNode record = dirs.onlyRecord();
        assertThat(record.get("status").asText()).isEqualTo("PROMOTED");
        assertThat(record.get("executionName").asText()).isEqualTo("retrain-pump-v0001-ep-1");
        assertThat(record.get("executionArn").asText()).endsWith(":retrain-pump-v0001-ep-1");
        assertThat(record.get("assetType").asText()).isEqualTo("pump");
        assertThat(record.get("modelVersion").asText()).isEqualTo("v0001");
        assertThat(record.get("episodeId").asText()).isEqualTo("ep-1");
        assertThat(record.get("reason").asText()).isEqualTo("drift");
        assertThat(record.get("requestedBy").asText()).isEqualTo("flowcast-stream-job");
        assertThat(record.get("evidence").get("metric").asText()).isEqualTo("residual_rmse_ratio");
        assertThat(record.get("id").asText()).hasSize(36);
        Instant started = Instant.parse(record.get("startedAt").asText());
        Instant finished = Instant.parse(record.get("finishedAt").asText());
        assertThat(finished).isAfterOrEqualTo(started);
        assertThat(record.get("runKey").asText()).isEqualTo(started + "#retrain-pump-v0001-ep-1");
        assertThat(record.get("currentModelVersion").asText()).isEqualTo("v0001");
        assertThat(record.get("newModelVersion").asText()).isEqualTo("v0002");
        assertThat(record.get("candidateRmse").asDouble()).isEqualTo(candidateRmse);
        assertThat(record.get("currentRmse").asDouble()).isEqualTo(currentRmse);
        assertThat(record.get("metrics").get("better").asBoolean()).isTrue();
        assertThat(record.get("metrics").get("minImprovement").asDouble()).isEqualTo(0.05);
        assertThat(record.get("metrics").get("current").get("rows").asInt()).isEqualTo(192);
        JsonNode dataset = record.get("dataset");
        assertThat(dataset.get("rows").asInt()).isEqualTo(960);
        assertThat(dataset.get("trainRows").asInt()).isEqualTo(768);
        assertThat(dataset.get("holdOutRows").asInt()).isEqualTo(192);
        assertThat(dataset.get("firstWindowStart").asText()).isEqualTo(DRIFT_START.toString());
        assertThat(dataset.get("lastWindowEnd").asText())
                .isEqualTo(HistoryConfig.DEFAULT_START.plus(HISTORY).toString());
        assertThat(dataset.get("specVersion").asInt()).isEqualTo(1);
        assertThat(dataset.get("polls").asInt()).isEqualTo(1);
        assertThat(record.get("training").get("mode").asText()).isEqualTo("fresh");
        assertThat(record.get("training").get("chosen").asText()).isEqualTo("fresh");
        assertThat(record.get("training").get("startedFrom").isNull()).isTrue();
        assertThat(record.has("error")).isFalse();
        assertThat(dirs.records().get(0).getFileName().toString())
                .matches("\\d{8}T\\d{6}\\.\\d{3}Z_retrain-pump-v0001-ep-1\\.json");
    }

    @Test
    void continueModeBoostsTheServingModelFurtherOnThePostChangeRows() throws Exception {
        Dirs dirs = new Dirs("continue");
        double originalRmse = dirs.publish(beforeDrift).holdOut().orElseThrow().rmse();
        LakeFiles.writeCommitted(dirs.lake, LakeFiles.vectors(all, WINDOW));

        JsonNode output =
                JSON.readTree(
                        dirs.runner(Map.of(RetrainingSettings.TRAINING_MODE, "continue"))
                                .run(execution("ep-5", FIRST_DRIFTED_WINDOW_END)));

        assertThat(output.get("status").asText()).isEqualTo("PROMOTED");
        assertThat(output.get("candidateRmse").asDouble()).isLessThanOrEqualTo(1.2 * originalRmse);
        JsonNode record = dirs.onlyRecord();
        assertThat(record.get("training").get("mode").asText()).isEqualTo("continue");
        assertThat(record.get("training").get("startedFrom").asText()).isEqualTo("v0001");
        assertThat(record.get("training").get("chosen").asText()).isEqualTo("continue");
        // v0002 holds v0001's 200 trees and 200 more.
        assertThat(trees(dirs.registry.resolve("pump/v0001"))).isEqualTo(200);
        assertThat(trees(dirs.registry.resolve("pump/v0002"))).isEqualTo(400);
        JsonNode metrics = JSON.readTree(dirs.registry.resolve("pump/v0002/metrics.json").toFile());
        assertThat(
                        metrics.get("data")
                                .get("retraining")
                                .get("training")
                                .get("startedFrom")
                                .asText())
                .isEqualTo("v0001");
    }

    @Test
    void bestModeKeepsTheCandidateWithTheLowerHoldOutRmse() throws Exception {
        Dirs dirs = new Dirs("best");
        dirs.publish(beforeDrift);
        LakeFiles.writeCommitted(dirs.lake, LakeFiles.vectors(all, WINDOW));

        JsonNode output =
                JSON.readTree(
                        dirs.runner(Map.of(RetrainingSettings.TRAINING_MODE, "best"))
                                .run(execution("ep-6", FIRST_DRIFTED_WINDOW_END)));

        JsonNode training = dirs.onlyRecord().get("training");
        double fresh = training.get("freshHoldOutRmse").asDouble();
        double continued = training.get("continuedHoldOutRmse").asDouble();
        assertThat(fresh).isNotEqualTo(continued);
        assertThat(output.get("candidateRmse").asDouble()).isEqualTo(Math.min(fresh, continued));
        assertThat(training.get("mode").asText()).isEqualTo("best");
        assertThat(training.get("chosen").asText())
                .isEqualTo(continued < fresh ? "continue" : "fresh");
        assertThat(trees(dirs.registry.resolve("pump/v0002")))
                .isEqualTo(continued < fresh ? 400 : 200);
    }

    private static int trees(Path version) throws IOException {
        byte[] model =
                io.flowcast.stream.local.sagemaker.ModelArchive.readModel(
                        version.resolve("model.tar.gz"));
        return JSON.readTree(model)
                .at("/learner/gradient_booster/model/gbtree_model_param/num_trees")
                .asInt();
    }

    @Test
    void aCandidateNoBetterThanTheServingModelIsNotPromoted() throws Exception {
        Dirs dirs = new Dirs("not-better");
        // The serving model was trained on exactly the post-change rows already.
        dirs.publish(afterDrift);
        LakeFiles.writeCommitted(dirs.lake, LakeFiles.vectors(all, WINDOW));

        JsonNode output =
                JSON.readTree(
                        dirs.runner(Map.of()).run(execution("ep-2", FIRST_DRIFTED_WINDOW_END)));

        assertThat(output.get("status").asText()).isEqualTo("NOT_PROMOTED");
        assertThat(output.get("newModelVersion").isNull()).isTrue();
        assertThat(dirs.versions()).containsExactly("v0001");
        JsonNode record = dirs.onlyRecord();
        assertThat(record.get("status").asText()).isEqualTo("NOT_PROMOTED");
        assertThat(record.get("metrics").get("better").asBoolean()).isFalse();
        assertThat(record.get("candidateRmse").asDouble())
                .isGreaterThanOrEqualTo(0.95 * record.get("currentRmse").asDouble());
        assertThat(record.has("newModelVersion")).isFalse();
        assertThat(record.get("finishedAt").isNull()).isFalse();
    }

    @Test
    void tooFewPostChangeRowsWaitsThenFailsWithDatasetTooSmall() throws Exception {
        Dirs dirs = new Dirs("too-small");
        List<FeatureRow> few =
                rows(r -> r.windowStart() < DRIFT_START.plus(Duration.ofMinutes(5)).toEpochMilli());
        LakeFiles.writeCommitted(dirs.lake, LakeFiles.vectors(all.withRows(few), WINDOW));
        ExecutionRunner runner =
                dirs.runner(
                        Map.of(
                                RetrainingSettings.MIN_ROWS, "200",
                                RetrainingSettings.WAIT_TIMEOUT, "300ms",
                                RetrainingSettings.POLL_INTERVAL, "50ms"));

        assertThatThrownBy(() -> runner.run(execution("ep-3", FIRST_DRIFTED_WINDOW_END)))
                .isInstanceOfSatisfying(
                        ExecutionFailedException.class,
                        e -> {
                            assertThat(e.error()).isEqualTo("Flowcast.DatasetTooSmall");
                            assertThat(e.cause()).contains("only 40 of the 200 rows");
                        });

        assertThat(dirs.versions()).isEmpty();
        JsonNode record = dirs.onlyRecord();
        assertThat(record.get("status").asText()).isEqualTo("FAILED");
        assertThat(record.get("error").asText()).isEqualTo("Flowcast.DatasetTooSmall");
        assertThat(record.get("errorCause").asText()).contains("only 40 of the 200 rows");
        assertThat(record.get("failedIn").asText()).isEqualTo("BuildDataset");
        assertThat(record.get("finishedAt").isNull()).isFalse();
        assertThat(record.get("dataset").get("rows").asInt()).isEqualTo(40);
        assertThat(record.get("dataset").get("polls").asInt()).as("it waited").isGreaterThan(1);
    }

    @Test
    void rowsCommittedWhileTheRunWaitsAreTrainedOn() throws Exception {
        Dirs dirs = new Dirs("wait");
        LakeFiles.writeCommitted(dirs.lake, LakeFiles.vectors(beforeDrift, WINDOW));
        List<Path> pending =
                LakeFiles.writeInProgress(dirs.lake, LakeFiles.vectors(afterDrift, WINDOW));
        ExecutionRunner runner =
                dirs.runner(
                        Map.of(
                                RetrainingSettings.WAIT_TIMEOUT, "2m",
                                RetrainingSettings.POLL_INTERVAL, "50ms"));

        CompletableFuture<String> run =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return runner.run(execution("ep-4", FIRST_DRIFTED_WINDOW_END));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
        // The run record shows the run waiting (BuildDataset, no rows yet) before the commit.
        JsonNode waiting = awaitRecord(dirs, r -> r.has("dataset"));
        assertThat(waiting.get("status").asText()).isEqualTo("RUNNING");
        assertThat(waiting.get("dataset").get("rows").asInt()).isZero();
        for (Path file : pending) {
            LakeFiles.commit(file);
        }
        JsonNode output = JSON.readTree(run.get(2, java.util.concurrent.TimeUnit.MINUTES));

        assertThat(output.get("status").asText()).isEqualTo("PROMOTED");
        assertThat(output.get("currentModelVersion").isNull()).as("no model yet").isTrue();
        assertThat(output.get("newModelVersion").asText()).isEqualTo("v0001");
        JsonNode record = dirs.onlyRecord();
        assertThat(record.get("dataset").get("rows").asInt()).isEqualTo(960);
        assertThat(record.get("dataset").get("polls").asInt()).isGreaterThan(1);
        assertThat(record.get("currentRmse").isNull()).isTrue();
        assertThat(dirs.versions()).containsExactly("v0001");
    }

    private static JsonNode awaitRecord(Dirs dirs, java.util.function.Predicate<JsonNode> ready)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Path> file = dirs.records().stream().findFirst();
            if (file.isPresent()) {
                JsonNode record = JSON.readTree(file.get().toFile());
                if (ready.test(record)) {
                    return record;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no run record in time under " + dirs.runs);
    }

    @Test
    void anInputWithoutAnAssetTypeFailsBeforeAnyRecord() {
        Dirs dirs = new Dirs("bad-input");
        ExecutionRunner runner = dirs.runner(Map.of());
        LocalExecution bad =
                new LocalExecution(
                        "arn:aws:states:us-east-1:000000000000:execution:x:bad",
                        "arn:aws:states:us-east-1:000000000000:stateMachine:x",
                        "bad",
                        "{\"modelVersion\":\"v0001\",\"evidence\":{}}",
                        Instant.now());

        assertThatThrownBy(() -> runner.run(bad))
                .isInstanceOfSatisfying(
                        ExecutionFailedException.class,
                        e -> assertThat(e.error()).isEqualTo("Flowcast.InvalidInput"));
        assertThat(Files.exists(dirs.runs)).isFalse();
    }
}
