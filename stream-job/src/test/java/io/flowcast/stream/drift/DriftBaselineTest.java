package io.flowcast.stream.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the trainer's baseline files, and failing clearly on broken ones. */
class DriftBaselineTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Path PUMP = Baselines.dir("pump-v0001");

    @Test
    void readsThePumpBaselineTheTrainerWrote() {
        DriftBaseline b = Baselines.pump();

        assertThat(b.assetType()).isEqualTo("pump");
        assertThat(b.modelVersion()).isEqualTo("v0001");
        assertThat(b.featureNames())
                .containsExactly(
                        "Load.mean",
                        "Load.max",
                        "Load.slope",
                        "AmbientTemp.mean",
                        "Flow.mean",
                        "DischargePressure.mean",
                        "Vibration.mean",
                        "Vibration.std");
        assertThat(b.bins(0).size()).isEqualTo(10);
        assertThat(b.bins(0).counts())
                .containsExactly(25, 120, 438, 1193, 1545, 1140, 523, 400, 227, 149);
        assertThat(b.bins(0).cuts()[0]).isEqualTo(30.81100082397461);
        assertThat(b.missingRate(0)).isEqualTo(0.0);
        assertThat(b.residualMean()).isEqualTo(0.2826406253002308);
        assertThat(b.residualStd()).isEqualTo(2.0654438282173153);
        assertThat(Baselines.compressor().featureNames()).contains("MotorCurrent.mean");
    }

    @Test
    void liveValuesOutsideTheTrainingRangeGoToTheEdgeBins() {
        BaselineBins bins =
                BaselineBins.of(
                        new double[] {0, 1, 2}, new double[] {1, 2, 3}, new long[] {5, 10, 5});

        assertThat(bins.binOf(-100)).isEqualTo(0);
        assertThat(bins.binOf(0.5)).isEqualTo(0);
        assertThat(bins.binOf(1.0)).isEqualTo(1); // a bound starts the upper bin
        assertThat(bins.binOf(2.999)).isEqualTo(2);
        assertThat(bins.binOf(3.0)).isEqualTo(2);
        assertThat(bins.binOf(1e9)).isEqualTo(2);
    }

    @Test
    void aConstantFeatureGetsBinsBelowAtAndAboveItsValue() {
        BaselineBins bins =
                BaselineBins.of(
                        new double[] {4, 4, 4}, new double[] {4, 4, 4}, new long[] {100, 0, 0});

        assertThat(bins.size()).isEqualTo(3);
        assertThat(bins.counts()).containsExactly(0, 100, 0);
        assertThat(bins.binOf(3.9)).isEqualTo(0);
        assertThat(bins.binOf(4.0)).isEqualTo(1);
        assertThat(bins.binOf(4.1)).isEqualTo(2);
    }

    @Test
    void aFeatureWithoutTrainingValuesHasNoBins() throws Exception {
        DriftBaseline b =
                parse(
                        s -> {
                            ObjectNode common =
                                    (ObjectNode)
                                            s.path("features")
                                                    .get(2)
                                                    .path("numerical_statistics")
                                                    .path("common");
                            common.put("num_present", 0);
                            ((ObjectNode) s.path("features").get(2).path("numerical_statistics"))
                                    .remove("distribution");
                        },
                        c -> ((ObjectNode) c.path("features").get(2)).put("completeness", 0.0));

        assertThat(b.bins(2)).isNull();
        assertThat(b.missingRate(2)).isEqualTo(1.0);
    }

    @Test
    void aModelMonitorBaselineTakesTheResidualFromTheVersionsMetadata(@TempDir Path registry)
            throws Exception {
        // Model Monitor's statistics.json, as the AWS state machine copies it: no extension.
        ObjectNode stats =
                (ObjectNode)
                        MAPPER.readTree(
                                Files.readAllBytes(PUMP.resolve(DriftBaseline.STATISTICS_FILE)));
        stats.remove(DriftBaseline.EXTENSION_KEY);
        byte[] statistics = MAPPER.writeValueAsBytes(stats);
        byte[] constraints = Files.readAllBytes(PUMP.resolve(DriftBaseline.CONSTRAINTS_FILE));
        byte[] metadata =
                "{\"version\": \"v0002\", \"residualMean\": 0.25, \"residualStd\": 1.75}"
                        .getBytes(StandardCharsets.UTF_8);
        Path dir = Files.createDirectories(registry.resolve("pump/v0002"));
        Files.write(dir.resolve(DriftBaseline.STATISTICS_FILE), statistics);
        Files.write(dir.resolve(DriftBaseline.CONSTRAINTS_FILE), constraints);
        Files.write(dir.resolve(DriftBaseline.METADATA_FILE), metadata);

        DriftBaseline b =
                new RegistryDriftBaselines(registry.toUri().toString()).load("pump", "v0002");

        assertThat(b.featureNames()).isEqualTo(Baselines.pump().featureNames());
        assertThat(b.bins(0).counts()).isEqualTo(Baselines.pump().bins(0).counts());
        assertThat(b.residualMean()).isEqualTo(0.25);
        assertThat(b.residualStd()).isEqualTo(1.75);
        // The trainer's extension wins; the metadata is then not even read.
        DriftBaseline local =
                DriftBaseline.parse(
                        "pump",
                        "v0001",
                        Files.readAllBytes(PUMP.resolve(DriftBaseline.STATISTICS_FILE)),
                        constraints,
                        () -> {
                            throw new AssertionError("metadata.json read");
                        });
        assertThat(local.residualStd()).isEqualTo(2.0654438282173153);
        // Without the metadata the extension is required; broken metadata is named.
        assertThatThrownBy(() -> DriftBaseline.parse("pump", "v0002", statistics, constraints))
                .isInstanceOf(DriftBaselineException.class)
                .hasMessageContaining("pump/v0002 statistics.json: flowcast_extensions: missing");
        assertThatThrownBy(
                        () ->
                                DriftBaseline.parse(
                                        "pump",
                                        "v0002",
                                        statistics,
                                        constraints,
                                        () ->
                                                "{\"residualStd\": 1.0}"
                                                        .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DriftBaselineException.class)
                .hasMessageContaining("pump/v0002 metadata.json: residualMean: missing");
        Files.delete(dir.resolve(DriftBaseline.METADATA_FILE));
        assertThatThrownBy(
                        () ->
                                new RegistryDriftBaselines(registry.toUri().toString())
                                        .load("pump", "v0002"))
                .isInstanceOf(DriftBaselineException.class)
                .hasMessageContaining("metadata.json");
    }

    @Test
    void brokenFilesFailNamingTheModelFileAndPath() throws Exception {
        assertThatThrownBy(
                        () ->
                                DriftBaseline.parse(
                                        "pump",
                                        "v0001",
                                        "{\"features\": [".getBytes(StandardCharsets.UTF_8),
                                        Files.readAllBytes(
                                                PUMP.resolve(DriftBaseline.CONSTRAINTS_FILE))))
                .isInstanceOf(DriftBaselineException.class)
                .hasMessageContaining("pump/v0001 statistics.json: not valid JSON");

        failsWith(s -> s.remove("features"), c -> {}, "statistics.json: features: missing");
        failsWith(
                s -> bucket(s, 1, 3).put("count", -4),
                c -> {},
                "features[1].numerical_statistics.distribution.kll.buckets[3].count");
        failsWith(
                s -> bucket(s, 0, 4).put("lower_bound", 47.0),
                c -> {},
                "bucket 4 starts at 47.0 but bucket 3 ends at");
        failsWith(
                s -> ((ObjectNode) s.path(DriftBaseline.EXTENSION_KEY)).remove("residual"),
                c -> {},
                "flowcast_extensions.residual: missing");
        failsWith(
                s ->
                        ((ObjectNode)
                                        s.path(DriftBaseline.EXTENSION_KEY)
                                                .path("residual")
                                                .path("numerical_statistics"))
                                .put("std_dev", 0.0),
                c -> {},
                "std_dev: expected a residual spread above zero");
        failsWith(
                s -> {},
                c -> ((ObjectNode) c.path("features").get(0)).put("completeness", 1.5),
                "constraints.json: features[0].completeness: expected a number in [0, 1]");
        failsWith(
                s -> {},
                c -> ((ArrayNode) c.path("features")).remove(7),
                "constraints.json: features: no entry for feature 'Vibration.std'");
        failsWith(
                s -> ((ObjectNode) s.path("features").get(1)).put("name", "Load.mean"),
                c -> {},
                "features[1].name: feature 'Load.mean' is listed twice");
        assertThatThrownBy(() -> DriftBaseline.read(PUMP.resolve("nope"), "pump", "v0009"))
                .isInstanceOf(DriftBaselineException.class)
                .hasMessageContaining("pump/v0009: cannot read the baseline");
    }

    private static ObjectNode bucket(JsonNode stats, int feature, int bucket) {
        return (ObjectNode)
                stats.path("features")
                        .get(feature)
                        .path("numerical_statistics")
                        .path("distribution")
                        .path("kll")
                        .path("buckets")
                        .get(bucket);
    }

    private static void failsWith(
            Consumer<ObjectNode> statistics, Consumer<ObjectNode> constraints, String message) {
        assertThatThrownBy(() -> parse(statistics, constraints))
                .isInstanceOf(DriftBaselineException.class)
                .hasMessageContaining("pump/v0001")
                .hasMessageContaining(message);
    }

    private static DriftBaseline parse(
            Consumer<ObjectNode> statistics, Consumer<ObjectNode> constraints) throws Exception {
        ObjectNode s =
                (ObjectNode)
                        MAPPER.readTree(
                                Files.readAllBytes(PUMP.resolve(DriftBaseline.STATISTICS_FILE)));
        ObjectNode c =
                (ObjectNode)
                        MAPPER.readTree(
                                Files.readAllBytes(PUMP.resolve(DriftBaseline.CONSTRAINTS_FILE)));
        statistics.accept(s);
        constraints.accept(c);
        return DriftBaseline.parse(
                "pump", "v0001", MAPPER.writeValueAsBytes(s), MAPPER.writeValueAsBytes(c));
    }
}
