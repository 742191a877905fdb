package io.flowcast.stream.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.enrich.EnrichedFeatureVector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which model version a prediction names when the endpoint does not say (the SageMaker built-in
 * containers on AWS send no {@code model-version} attribute): the registry's newest complete
 * version, followed as new versions appear, through a real registry directory.
 */
class RegistryModelVersionTest {

    private static final Map<String, InferenceClient> CLIENTS = new ConcurrentHashMap<>();

    @TempDir Path registry;

    private final FakeEndpoint endpoint = new FakeEndpoint();

    @Test
    void theLatestVersionIsTheHighestNumberWithMetadataAndFollowsNewVersions() throws Exception {
        RegistryBaselines baselines = new RegistryBaselines(registry.toUri(), Duration.ZERO);
        assertThat(baselines.latestVersion("pump")).isNull(); // no registry directory yet

        register("pump", "v0001", 0.5);
        assertThat(baselines.latestVersion("pump")).isEqualTo("v0001");
        assertThat(baselines.residualStd("pump", null)).hasValue(0.5);

        // Being uploaded: the files before metadata.json are there, metadata.json is not yet.
        Files.createDirectories(registry.resolve("pump/v0002"));
        Files.write(registry.resolve("pump/v0002/model.tar.gz"), new byte[] {1});
        assertThat(baselines.latestVersion("pump")).isEqualTo("v0001");

        register("pump", "v0002", 2.0);
        assertThat(baselines.latestVersion("pump")).isEqualTo("v0002");
        assertThat(baselines.residualStd("pump", null)).hasValue(2.0);
        assertThat(baselines.residualStd("pump", "v0001")).hasValue(0.5);

        // Numbers, not names: v10000 is newer than v9999; other names are no versions.
        register("pump", "v9999", 1.0);
        register("pump", "v10000", 1.0);
        Files.createDirectories(registry.resolve("pump/.tmp-1234"));
        Files.createDirectories(registry.resolve("pump/latest"));
        assertThat(baselines.latestVersion("pump")).isEqualTo("v10000");
        assertThat(baselines.latestVersion("compressor")).isNull();
    }

    @Test
    void theLatestVersionIsKeptForTheRefreshInterval() throws Exception {
        RegistryBaselines baselines = new RegistryBaselines(registry.toUri(), Duration.ofHours(1));
        register("pump", "v0001", 0.5);
        assertThat(baselines.latestVersion("pump")).isEqualTo("v0001");

        register("pump", "v0002", 2.0);
        assertThat(baselines.latestVersion("pump")).isEqualTo("v0001");
        assertThat(new RegistryBaselines(registry.toUri()).latestVersion("pump"))
                .isEqualTo("v0002");
    }

    @Test
    void predictionsWithoutAVersionAttributeNameTheRegistrysLatestVersion() throws Exception {
        endpoint.customAttributes = null;
        InferenceConfig config = config(new RegistryBaselines(registry.toUri(), Duration.ZERO));
        register("pump", "v0001", 0.5);

        Prediction first = predict(config, 0);
        assertThat(first.modelVersion).isEqualTo("v0001");
        assertThat(first.anomalyScore).isEqualTo(2.0 / 0.5); // v0001's spread
        assertThat(first.predictionId)
                .isEqualTo(
                        Prediction.idOf(first.assetId, first.windowEnd, "flowcast-pump", "v0001"));

        register("pump", "v0002", 4.0);
        Prediction second = predict(config, 1);
        assertThat(second.modelVersion).isEqualTo("v0002");
        assertThat(second.anomalyScore).isEqualTo(2.0 / 4.0); // v0002's spread
    }

    @Test
    void anEndpointThatNamesItsVersionIsBelievedAndAnEmptyRegistryLeavesItOpen() throws Exception {
        register("pump", "v0002", 4.0);
        register("pump", "v0007", 0.5);
        register("pump", "v0008", 1.0);
        InferenceConfig config = config(new RegistryBaselines(registry.toUri(), Duration.ZERO));

        Prediction named = predict(config, 0); // the fake answers with model-version=v0007
        assertThat(named.modelVersion).isEqualTo("v0007");
        assertThat(named.anomalyScore).isEqualTo(2.0 / 0.5);

        endpoint.customAttributes = null;
        InferenceConfig empty =
                config(new RegistryBaselines(registry.resolve("none").toUri(), Duration.ZERO));
        Prediction unknown = predict(empty, 1);
        assertThat(unknown.modelVersion).isNull();
        assertThat(unknown.anomalyScore).isNull();
        assertThat(unknown.residual).isEqualTo(2.0);
    }

    /** A complete registry version: model archive first, metadata.json last (as writers do). */
    private void register(String type, String version, double residualStd) throws IOException {
        Path dir = Files.createDirectories(registry.resolve(type).resolve(version));
        Files.write(dir.resolve("model.tar.gz"), new byte[] {1});
        Files.writeString(
                dir.resolve("metadata.json"),
                "{\"assetType\": \""
                        + type
                        + "\", \"version\": \""
                        + version
                        + "\", \"residualStd\": "
                        + residualStd
                        + "}",
                StandardCharsets.UTF_8);
    }

    private Prediction predict(InferenceConfig config, int i) throws Exception {
        String id = UUID.randomUUID().toString();
        CLIENTS.put(id, endpoint);
        OneInputStreamOperatorTestHarness<EnrichedFeatureVector, InferenceResult> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new AsyncWaitOperatorFactory<>(
                                new InferenceFunction(config, () -> CLIENTS.get(id)),
                                config.asyncTimeout().toMillis(),
                                config.asyncCapacity(),
                                AsyncDataStream.OutputMode.UNORDERED),
                        TypeInformation.of(EnrichedFeatureVector.class)
                                .createSerializer(new SerializerConfigImpl()));
        harness.open();
        synchronized (harness.getCheckpointLock()) {
            harness.processElement(new StreamRecord<>(InferenceFunctionTest.vector(i), i));
            harness.endInput();
        }
        List<InferenceResult> out = harness.extractOutputValues();
        harness.close();
        CLIENTS.remove(id);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).succeeded()).as(out.get(0).failureDetail).isTrue();
        return out.get(0).prediction;
    }

    private static InferenceConfig config(BaselineSource baselines) {
        return new InferenceConfig(
                InferenceRouter.defaults(),
                BatchConfig.defaults().withBatching(1, Duration.ZERO),
                Duration.ofSeconds(30),
                100,
                3.0,
                baselines);
    }
}
