package io.flowcast.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.stream.local.sagemaker.ModelArchive;
import io.flowcast.training.baseline.MonitorBaseline;
import io.flowcast.training.history.FeatureTable;
import io.flowcast.training.history.HistoryConfig;
import io.flowcast.training.history.SimulatedHistory;
import io.flowcast.training.registry.ModelRegistry;
import io.flowcast.training.xgboost.HoldOutSplit;
import io.flowcast.training.xgboost.Hyperparameters;
import io.flowcast.training.xgboost.XgboostTrainer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole local trainer on the default simulated history (6 h, 8 pumps and 8 compressors, 60 s
 * windows, seed 42, latest 20 % of windows held out): model quality, the registry files and their
 * formats, versioning, and --if-empty.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalTrainerTest {

    private static final long SEED = 42;
    private static final Instant TRAINED_AT = Instant.parse("2026-11-22T03:00:00Z");

    // Measured with these settings: pump R² 0.930, compressor 0.902 (hold-out, TIME split).
    private static final double MIN_HOLD_OUT_R2 = 0.8;

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path registryDir;

    private LocalTrainer trainer;
    private Map<String, FeatureTable> history;
    private List<TrainingOutcome> firstRun;

    @BeforeAll
    void trainOnce() {
        HistoryConfig config = HistoryConfig.builder().seed(SEED).build();
        trainer =
                new LocalTrainer(
                        new ModelRegistry(registryDir),
                        new XgboostTrainer(Hyperparameters.defaults(SEED), HoldOutSplit.TIME, 0.2),
                        Clock.fixed(TRAINED_AT, ZoneOffset.UTC),
                        SEED);
        history = SimulatedHistory.forAssetTypes(config, List.of("pump", "compressor")).generate();
        firstRun =
                List.of(
                        trainer.trainAndPublish(history.get("pump"), Map.of("source", "test")),
                        trainer.trainAndPublish(
                                history.get("compressor"), Map.of("source", "test")));
    }

    @Test
    void modelsPredictClearlyBetterThanTheMean() {
        for (TrainingOutcome outcome : firstRun) {
            assertThat(outcome.rows()).as(outcome.assetType()).isEqualTo(8 * 360);
            assertThat(outcome.version()).contains("v0001");
            assertThat(outcome.holdOut().orElseThrow().r2())
                    .as(outcome.describe())
                    .isGreaterThan(MIN_HOLD_OUT_R2);
        }
    }

    @Test
    void versionHoldsEveryFileAndTheArchiveHoldsOnlyTheModel() throws Exception {
        Path dir = registryDir.resolve("pump/v0001");
        assertThat(dir.resolve("model.tar.gz")).isRegularFile();
        assertThat(dir.resolve("metadata.json")).isRegularFile();
        assertThat(dir.resolve("metrics.json")).isRegularFile();
        assertThat(dir.resolve("statistics.json")).isRegularFile();
        assertThat(dir.resolve("constraints.json")).isRegularFile();
        assertThat(ModelArchive.entryNames(dir.resolve("model.tar.gz")))
                .containsExactly("xgboost-model");
    }

    @Test
    void metadataFollowsTheRegistryContract() throws Exception {
        JsonNode m = JSON.readTree(registryDir.resolve("pump/v0001/metadata.json").toFile());
        FeatureTable pumps = history.get("pump");

        assertThat(m.get("assetType").asText()).isEqualTo("pump");
        assertThat(m.get("version").asText()).isEqualTo("v0001");
        assertThat(JSON.convertValue(m.get("featureNames"), List.class))
                .isEqualTo(pumps.featureNames());
        assertThat(m.get("target").asText()).isEqualTo("BearingTemp.mean");
        assertThat(m.get("specVersion").asInt()).isEqualTo(pumps.spec().version());
        assertThat(m.get("objective").asText()).isEqualTo("reg:squarederror");
        assertThat(m.get("residualStd").asDouble()).isPositive();
        assertThat(m.get("trainedAt").asText()).isEqualTo("2026-11-22T03:00:00Z");
        assertThat(m.get("hyperparameters").get("num_round").asText()).isEqualTo("200");
        assertThat(m.get("hyperparameters").get("eta").asText()).isEqualTo("0.1");

        JsonNode metrics = JSON.readTree(registryDir.resolve("pump/v0001/metrics.json").toFile());
        assertThat(metrics.get("holdOut").get("residualStd").asDouble())
                .isEqualTo(m.get("residualStd").asDouble());
        assertThat(metrics.get("split").get("method").asText()).isEqualTo("TIME");
    }

    @Test
    void theSavedModelLoadsBackWithIdenticalPredictions() throws Exception {
        FeatureTable pumps = history.get("pump");
        byte[] model = ModelArchive.readModel(registryDir.resolve("pump/v0001/model.tar.gz"));
        // JSON, which SageMaker's XGBoost 1.7 loads from a file without extension.
        assertThat(new String(model, 0, 1, StandardCharsets.US_ASCII)).isEqualTo("{");

        Booster loaded = XGBoost.loadModel(model);
        double[] fromFile = XgboostTrainer.predict(loaded, pumps);
        loaded.dispose();
        // The same data, trained again: CPU hist training is deterministic.
        var retrained =
                new XgboostTrainer(Hyperparameters.defaults(SEED), HoldOutSplit.TIME, 0.2)
                        .train(pumps);
        double[] fresh = XgboostTrainer.predict(retrained.booster(), pumps);
        retrained.dispose();

        assertThat(fromFile).containsExactly(fresh);
    }

    @Test
    void baselineFilesHaveTheModelMonitorShape() throws Exception {
        JsonNode stats = JSON.readTree(registryDir.resolve("pump/v0001/statistics.json").toFile());
        assertThat(stats.get("version").asDouble()).isEqualTo(0.0);
        assertThat(stats.get("dataset").get("item_count").asInt()).isEqualTo(8 * 360);
        assertThat(stats.get("features")).hasSize(history.get("pump").spec().featureCount());
        JsonNode load = stats.get("features").get(0);
        assertThat(load.get("name").asText()).isEqualTo("Load.mean");
        assertThat(load.get("inferred_type").asText()).isEqualTo("Fractional");
        JsonNode numerical = load.get("numerical_statistics");
        assertThat(numerical.get("common").get("num_present").asInt()).isEqualTo(8 * 360);
        assertThat(numerical.get("common").get("num_missing").asInt()).isZero();
        for (String key : List.of("mean", "sum", "std_dev", "min", "max")) {
            assertThat(numerical.has(key)).as(key).isTrue();
        }
        JsonNode kll = numerical.get("distribution").get("kll");
        assertThat(kll.get("buckets")).hasSize(10);
        assertThat(kll.get("buckets").get(0).has("lower_bound")).isTrue();
        assertThat(kll.get("sketch").get("parameters").get("k").asDouble()).isEqualTo(2048.0);
        assertThat(kll.get("sketch").get("data").isArray()).isTrue();
        long bucketTotal = 0;
        for (JsonNode b : kll.get("buckets")) {
            bucketTotal += b.get("count").asLong();
        }
        assertThat(bucketTotal).isEqualTo(8 * 360);
        JsonNode residual = stats.get(MonitorBaseline.EXTENSION_KEY).get("residual");
        assertThat(residual.get("numerical_statistics").get("std_dev").asDouble())
                .isCloseTo(firstRun.get(0).holdOut().orElseThrow().residualStd(), within(0.01));

        JsonNode constraints =
                JSON.readTree(registryDir.resolve("pump/v0001/constraints.json").toFile());
        assertThat(constraints.get("version").asDouble()).isEqualTo(0.0);
        JsonNode first = constraints.get("features").get(0);
        assertThat(first.get("name").asText()).isEqualTo("Load.mean");
        assertThat(first.get("inferred_type").asText()).isEqualTo("Fractional");
        assertThat(first.get("completeness").asDouble()).isEqualTo(1.0);
        assertThat(first.get("num_constraints").get("is_non_negative").asBoolean()).isTrue();
        JsonNode config = constraints.get("monitoring_config");
        assertThat(config.get("evaluate_constraints").asText()).isEqualTo("Enabled");
        assertThat(config.get("distribution_constraints").get("comparison_threshold").asDouble())
                .isEqualTo(0.1);
    }

    @Test
    void aSecondRunWritesTheNextVersionAndIfEmptySkipsTypesThatHaveOne() {
        TrainingOutcome second =
                trainer.trainAndPublish(history.get("compressor"), Map.of("source", "test"));
        assertThat(second.version()).contains("v0002");
        assertThat(trainer.registry().latestVersion("compressor")).contains("v0002");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status =
                LocalTrainer.run(
                        new String[] {
                            "--registry",
                            registryDir.toString(),
                            "--asset-types",
                            "pump,compressor",
                            "--hours",
                            "1",
                            "--if-empty"
                        },
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        System.err);

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("pump: skipped (has v0001)", "compressor: skipped (has v0002)");
        assertThat(trainer.registry().versions("compressor")).containsExactly("v0001", "v0002");
    }

    @Test
    void aBadFlagIsReportedWithExitStatusTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status =
                LocalTrainer.run(
                        new String[] {"--hours", "soon"},
                        System.out,
                        new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--hours");
    }
}
