package io.flowcast.stream.retrain;

import static io.flowcast.stream.testing.SampleDriftEvents.HOUR_04;
import static io.flowcast.stream.testing.SampleDriftEvents.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.stream.drift.DriftEvent;
import io.flowcast.stream.testing.AwsTestCredentials;
import io.flowcast.stream.testing.CapturedLogs;
import io.flowcast.stream.testing.SampleDriftEvents;
import java.time.Duration;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.InstantiationUtil;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RetrainTriggerSink}'s writer, built the way Flink builds it (from a serialized copy of the
 * sink), with the real Step Functions client against {@link StepFunctionsStub}: one execution per
 * drift episode, duplicates counted and absorbed, the cooldown counted, and a failed start counted
 * and logged without ever throwing.
 */
class RetrainTriggerSinkTest {

    private static final String STATE_MACHINE =
            "arn:aws:states:eu-west-1:123456789012:stateMachine:flowcast-retraining";

    // Distinctive so their absence from logs proves something; never real credentials.
    private static final String ACCESS_KEY_ID = "AKIAFLOWCASTSINKTEST";
    private static final String SECRET_KEY = "flowcast-sink-test-secret-must-never-be-logged";
    private static AwsTestCredentials credentials;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StepFunctionsStub stub;

    @BeforeAll
    static void useTestCredentials() {
        credentials = AwsTestCredentials.use(ACCESS_KEY_ID, SECRET_KEY);
    }

    @AfterAll
    static void restoreCredentials() {
        credentials.close();
    }

    @BeforeEach
    void start() throws Exception {
        stub = new StepFunctionsStub();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private RetrainTriggerConfig.Builder config() {
        return RetrainTriggerConfig.builder(STATE_MACHINE)
                .endpointOverride(stub.endpoint())
                .cooldown(Duration.ofHours(6))
                .retries(3, Duration.ZERO, Duration.ZERO);
    }

    /** A writer of a serialized and deserialized copy of the sink, as on a task manager. */
    private static RetrainTriggerSinkWriter writer(RetrainTriggerConfig config) throws Exception {
        RetrainTriggerSink sink =
                InstantiationUtil.clone(
                        RetrainTriggerSink.create(config),
                        RetrainTriggerSinkTest.class.getClassLoader());
        return sink.newWriter(new UnregisteredMetricsGroup());
    }

    private static DriftEvent pumpDrift() {
        return SampleDriftEvents.psi("pump", "v0003", "Load.mean", HOUR_04);
    }

    @Test
    void twoIdenticalEventsStartOneExecutionAndTheSecondIsDeduplicated() throws Exception {
        DriftEvent event = pumpDrift();
        try (RetrainTriggerSinkWriter writer = writer(config().build())) {
            writer.write(event, null);
            writer.write(SampleDriftEvents.copyOf(event), null);
            writer.flush(false);

            assertThat(writer.started()).isEqualTo(1);
            assertThat(writer.deduplicated()).isEqualTo(1);
            assertThat(writer.skippedCooldown()).isZero();
            assertThat(writer.startFailures()).isZero();
        }

        assertThat(stub.executions()).isEqualTo(1);
        assertThat(stub.requests()).hasSize(1);
        StepFunctionsStub.Recorded sent = stub.requests().get(0);
        assertThat(sent.body.path("name").asText())
                .isEqualTo(RetrainExecutionName.of("pump", "v0003", event.episodeId))
                .isEqualTo("retrain-pump-v0003-" + event.episodeId);
        JsonNode input = MAPPER.readTree(sent.body.path("input").asText());
        assertThat(input.path("assetType").asText()).isEqualTo("pump");
        assertThat(input.path("modelVersion").asText()).isEqualTo("v0003");
        assertThat(input.path("episodeId").asText()).isEqualTo(event.episodeId);
        assertThat(input.path("reason").asText()).isEqualTo("drift");
        assertThat(input.path("requestedBy").asText()).isEqualTo("flowcast-stream-job");
        JsonNode evidence = input.path("evidence");
        assertThat(evidence.path("metric").asText()).isEqualTo("PSI");
        assertThat(evidence.path("feature").asText()).isEqualTo("Load.mean");
        assertThat(evidence.path("value").asDouble()).isEqualTo(0.873);
        assertThat(evidence.path("threshold").asDouble()).isEqualTo(0.2);
        assertThat(evidence.path("windowStart").asText()).isEqualTo("2026-11-22T03:58:00Z");
        assertThat(evidence.path("windowEnd").asText()).isEqualTo("2026-11-22T04:00:00Z");
        assertThat(evidence.path("sampleCount").asLong()).isEqualTo(5_000_000_123L);
    }

    @Test
    void aReplayAfterARestartIsDeduplicatedByStepFunctions() throws Exception {
        DriftEvent event = pumpDrift();
        try (RetrainTriggerSinkWriter writer = writer(config().build())) {
            writer.write(event, null);
            assertThat(writer.started()).isEqualTo(1);
        }
        stub.finishAll();
        // A restored job: a new writer with an empty memory and cooldown.
        try (RetrainTriggerSinkWriter restored = writer(config().build())) {
            restored.write(SampleDriftEvents.copyOf(event), null);

            assertThat(restored.deduplicated()).isEqualTo(1);
            assertThat(restored.started()).isZero();
            assertThat(restored.startFailures()).isZero();
        }

        assertThat(stub.requests()).hasSize(2);
        assertThat(stub.executions()).isEqualTo(1);
    }

    @Test
    void aNewEpisodeOfTheSameModelWithinTheCooldownIsSkipped() throws Exception {
        try (RetrainTriggerSinkWriter writer = writer(config().build())) {
            writer.write(pumpDrift(), null);
            writer.write(
                    SampleDriftEvents.residualRmse("pump", "v0003", HOUR_04 + 10 * MINUTE), null);
            writer.write(SampleDriftEvents.residualRmse("compressor", "v0001", HOUR_04), null);

            assertThat(writer.started()).isEqualTo(2);
            assertThat(writer.skippedCooldown()).isEqualTo(1);
        }
        assertThat(stub.requests())
                .extracting(r -> r.body.path("name").asText())
                .allSatisfy(name -> assertThat(name).doesNotContain(residualEpisode()))
                .hasSize(2);
    }

    private static String residualEpisode() {
        return SampleDriftEvents.residualRmse("pump", "v0003", HOUR_04 + 10 * MINUTE).episodeId;
    }

    @Test
    void anAccessDeniedStartIsCountedAndLoggedAndDoesNotThrow() throws Exception {
        DriftEvent event = pumpDrift();
        String name = RetrainExecutionName.of("pump", "v0003", event.episodeId);
        stub.failNext(1, 400, "AccessDeniedException");
        String logs;
        try (CapturedLogs captured = CapturedLogs.from(Level.INFO);
                RetrainTriggerSinkWriter writer = writer(config().build())) {
            writer.write(event, null);

            assertThat(writer.startFailures()).isEqualTo(1);
            assertThat(writer.started()).isZero();
            logs = captured.text();

            // The writer goes on, and a failed start neither blocks the episode nor the model.
            writer.write(SampleDriftEvents.copyOf(event), null);
            assertThat(writer.started()).isEqualTo(1);
            assertThat(writer.startFailures()).isEqualTo(1);
        }

        assertThat(stub.requests()).hasSize(2);
        assertThat(stub.executions()).isEqualTo(1);
        assertThat(logs.lines().filter(l -> l.startsWith("ERROR ")))
                .singleElement()
                .satisfies(
                        line ->
                                assertThat(line)
                                        .contains(RetrainTriggerSinkWriter.class.getName())
                                        .contains("NOT started")
                                        .contains(name)
                                        .contains("AccessDeniedException")
                                        .contains("after 1 attempt(s)"));
        assertThat(logs).doesNotContain(SECRET_KEY).doesNotContain(ACCESS_KEY_ID);
    }

    @Test
    void retriesRunningOutAreCountedAsAFailedStart() throws Exception {
        stub.failNext(10, 500, "InternalFailure");
        try (RetrainTriggerSinkWriter writer = writer(config().build())) {
            writer.write(pumpDrift(), null);

            assertThat(writer.startFailures()).isEqualTo(1);
            assertThat(writer.started()).isZero();
        }
        assertThat(stub.requests()).hasSize(3);
        assertThat(stub.executions()).isZero();
    }

    @Test
    void anEventThatCannotBeARequestIsCountedWithoutACall() throws Exception {
        DriftEvent broken = pumpDrift();
        broken.modelVersion = null;
        DriftEvent reversed = pumpDrift();
        reversed.firstWindowEnd = reversed.lastWindowEnd + MINUTE;
        try (RetrainTriggerSinkWriter writer = writer(config().build())) {
            writer.write(broken, null);
            writer.write(reversed, null);

            assertThat(writer.startFailures()).isEqualTo(2);
        }
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void theRequestIsAPureFunctionOfTheEvent() {
        DriftEvent event = pumpDrift();
        DriftEvent withoutId = SampleDriftEvents.copyOf(event);
        withoutId.episodeId = null;

        RetrainRequest request = RetrainTriggerSink.requestOf(event);

        assertThat(RetrainTriggerSink.requestOf(SampleDriftEvents.copyOf(event)))
                .isEqualTo(request);
        assertThat(RetrainTriggerSink.requestOf(withoutId).toExecutionInput())
                .isEqualTo(request.toExecutionInput());
        assertThat(request.episodeId()).isEqualTo(event.episodeId);
    }
}
