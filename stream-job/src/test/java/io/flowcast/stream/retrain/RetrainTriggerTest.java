package io.flowcast.stream.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.stream.testing.AwsTestCredentials;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RetrainTrigger} with the real AWS SDK client against {@link StepFunctionsStub}, a loopback
 * server of the Step Functions JSON protocol that records requests.
 */
class RetrainTriggerTest {

    private static final String STATE_MACHINE =
            "arn:aws:states:eu-west-1:123456789012:stateMachine:flowcast-retraining";
    private static final Instant T0 = Instant.parse("2026-11-22T04:00:00Z");

    // Distinctive so their absence from logs proves something; never real credentials.
    private static final String ACCESS_KEY_ID = "AKIAFLOWCASTTESTONLY";
    private static final String SECRET_KEY = "flowcast-test-secret-must-never-be-logged";
    private static AwsTestCredentials credentials;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StepFunctionsStub stub;
    private MutableClock clock;
    private final List<Duration> sleeps = new ArrayList<>();

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
        clock = new MutableClock(T0);
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private RetrainTriggerConfig.Builder config() {
        return RetrainTriggerConfig.builder(STATE_MACHINE)
                .endpointOverride(stub.endpoint())
                .cooldown(Duration.ofHours(6))
                .retries(4, Duration.ofMillis(200), Duration.ofSeconds(1));
    }

    private RetrainTrigger trigger(RetrainTriggerConfig config) {
        return new RetrainTrigger(config, new SfnExecutionStarter(config), clock, sleeps::add);
    }

    private static RetrainRequest drift(String assetType, String episode) {
        return RetrainRequest.builder(assetType, "v0003", episode)
                .evidence("psi", "bearing_temp_mean", 0.31, 0.2)
                .window(T0.minusSeconds(300), T0)
                .sampleCount(240L)
                .build();
    }

    @Test
    void startsTheExecutionWithTheDeterministicNameAndTheEvidenceAsInput() throws Exception {
        RetrainRequest request = drift("pump", "ep-20261122T0400");
        RetrainOutcome outcome;
        try (RetrainTrigger trigger = trigger(config().build())) {
            outcome = trigger.trigger(request);
        }

        assertThat(outcome.status()).isEqualTo(RetrainOutcome.Status.STARTED);
        assertThat(outcome.executionName()).isEqualTo("retrain-pump-v0003-ep-20261122T0400");
        assertThat(outcome.executionArn())
                .isEqualTo(
                        "arn:aws:states:eu-west-1:123456789012:execution:flowcast-retraining:"
                                + "retrain-pump-v0003-ep-20261122T0400");
        assertThat(stub.requests()).hasSize(1);
        StepFunctionsStub.Recorded sent = stub.requests().get(0);
        assertThat(sent.method).isEqualTo("POST");
        assertThat(sent.target).isEqualTo("AWSStepFunctions.StartExecution");
        assertThat(sent.contentType).startsWith("application/x-amz-json-1.0");
        // Signed (SigV4) for the configured region and the states service.
        assertThat(sent.authorization)
                .startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY_ID + "/")
                .contains("/eu-west-1/states/aws4_request");
        assertThat(sent.body.path("stateMachineArn").asText()).isEqualTo(STATE_MACHINE);
        assertThat(sent.body.path("name").asText()).isEqualTo(outcome.executionName());
        JsonNode input = MAPPER.readTree(sent.body.path("input").asText());
        assertThat(input.path("assetType").asText()).isEqualTo("pump");
        assertThat(input.path("modelVersion").asText()).isEqualTo("v0003");
        assertThat(input.path("episodeId").asText()).isEqualTo("ep-20261122T0400");
        assertThat(input.path("reason").asText()).isEqualTo("drift");
        assertThat(input.path("evidence").path("metric").asText()).isEqualTo("psi");
        assertThat(input.path("evidence").path("feature").asText()).isEqualTo("bearing_temp_mean");
        assertThat(input.path("evidence").path("value").asDouble()).isEqualTo(0.31);
        assertThat(input.path("evidence").path("threshold").asDouble()).isEqualTo(0.2);
        assertThat(input.path("evidence").path("windowStart").asText())
                .isEqualTo("2026-11-22T03:55:00Z");
        assertThat(input.path("evidence").path("sampleCount").asLong()).isEqualTo(240);
    }

    @Test
    void aReplayedEpisodeAfterARestartIsAbsorbedWithoutASecondRun() throws Exception {
        RetrainRequest request = drift("pump", "ep-1");
        RetrainOutcome first;
        RetrainOutcome whileRunning;
        RetrainOutcome afterFinish;
        // Separate triggers: a restarted job has an empty cooldown, only the name dedupes.
        try (RetrainTrigger trigger = trigger(config().build())) {
            first = trigger.trigger(request);
        }
        try (RetrainTrigger trigger = trigger(config().build())) {
            whileRunning = trigger.trigger(request);
        }
        stub.finishAll();
        try (RetrainTrigger trigger = trigger(config().build())) {
            afterFinish = trigger.trigger(request);
        }

        assertThat(first.status()).isEqualTo(RetrainOutcome.Status.STARTED);
        // Same name and input while running: the service returns the first run.
        assertThat(whileRunning.isSatisfied()).isTrue();
        assertThat(whileRunning.executionArn()).isEqualTo(first.executionArn());
        assertThat(afterFinish.status()).isEqualTo(RetrainOutcome.Status.ALREADY_STARTED);
        assertThat(afterFinish.executionArn()).isEqualTo(first.executionArn());
        assertThat(afterFinish.attempts()).isEqualTo(1);
        assertThat(stub.requests())
                .extracting(r -> r.body.path("name").asText())
                .containsExactly(
                        first.executionName(), first.executionName(), first.executionName());
        assertThat(stub.executions()).isEqualTo(1);
    }

    @Test
    void throttlingIsRetriedWithGrowingBackoff() throws Exception {
        stub.failNext(2, 400, "ThrottlingException");
        RetrainOutcome outcome;
        try (RetrainTrigger trigger = trigger(config().build())) {
            outcome = trigger.trigger(drift("pump", "ep-1"));
        }

        assertThat(outcome.status()).isEqualTo(RetrainOutcome.Status.STARTED);
        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(stub.requests()).hasSize(3);
        assertThat(stub.executions()).isEqualTo(1);
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void serverErrorsAreRetriedUntilTheAttemptsRunOut() throws Exception {
        stub.failNext(10, 500, "InternalFailure");
        RetrainOutcome outcome;
        try (RetrainTrigger trigger = trigger(config().build())) {
            outcome = trigger.trigger(drift("pump", "ep-1"));
            assertThat(trigger.cooldownRemaining("pump")).isZero();
        }

        assertThat(outcome.status()).isEqualTo(RetrainOutcome.Status.FAILED);
        assertThat(outcome.attempts()).isEqualTo(4);
        assertThat(outcome.detail()).contains("InternalFailure");
        assertThat(stub.requests()).hasSize(4);
        // Backoff doubles up to the 1 s maximum.
        assertThat(sleeps).hasSize(3);
        assertThat(sleeps.get(2)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
    }

    @Test
    void aPermanentErrorIsNotRetried() throws Exception {
        stub.failNext(1, 400, "StateMachineDoesNotExist");
        RetrainOutcome outcome;
        try (RetrainTrigger trigger = trigger(config().build())) {
            outcome = trigger.trigger(drift("pump", "ep-1"));
        }

        assertThat(outcome.status()).isEqualTo(RetrainOutcome.Status.FAILED);
        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.detail()).contains("StateMachineDoesNotExist");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void anUnreachableEndpointIsATransportErrorRetriedThenFailed() throws Exception {
        RetrainTriggerConfig config = config().build();
        stub.close(); // nothing listens on the port any more
        RetrainOutcome outcome;
        try (RetrainTrigger trigger = trigger(config)) {
            outcome = trigger.trigger(drift("pump", "ep-1"));
        }
        assertThat(outcome.status()).isEqualTo(RetrainOutcome.Status.FAILED);
        assertThat(outcome.attempts()).isEqualTo(4);
        assertThat(outcome.detail()).startsWith(StartExecutionException.TRANSPORT_ERROR);
    }

    @Test
    void theCooldownAllowsOneRunPerModelPerPeriod() throws Exception {
        List<RetrainOutcome> pump = new ArrayList<>();
        RetrainOutcome compressor;
        try (RetrainTrigger trigger = trigger(config().build())) {
            pump.add(trigger.trigger(drift("pump", "ep-1")));
            clock.advance(Duration.ofHours(1));
            pump.add(trigger.trigger(drift("pump", "ep-2")));
            compressor = trigger.trigger(drift("compressor", "ep-1"));
            clock.advance(Duration.ofHours(5)); // 6 h after the first start
            pump.add(trigger.trigger(drift("pump", "ep-3")));
        }

        assertThat(pump)
                .extracting(RetrainOutcome::status)
                .containsExactly(
                        RetrainOutcome.Status.STARTED,
                        RetrainOutcome.Status.COOLING_DOWN,
                        RetrainOutcome.Status.STARTED);
        assertThat(pump.get(1).cooldownRemaining()).isEqualTo(Duration.ofHours(5));
        assertThat(pump.get(1).attempts()).isZero();
        assertThat(compressor.status()).isEqualTo(RetrainOutcome.Status.STARTED);
        assertThat(stub.requests())
                .extracting(r -> r.body.path("name").asText())
                .containsExactly(
                        "retrain-pump-v0003-ep-1",
                        "retrain-compressor-v0003-ep-1",
                        "retrain-pump-v0003-ep-3");
    }

    @Test
    void aFailedStartDoesNotStartTheCooldown() throws Exception {
        stub.failNext(1, 400, "AccessDeniedException");
        try (RetrainTrigger trigger = trigger(config().build())) {
            assertThat(trigger.trigger(drift("pump", "ep-1")).status())
                    .isEqualTo(RetrainOutcome.Status.FAILED);
            assertThat(trigger.trigger(drift("pump", "ep-1")).status())
                    .isEqualTo(RetrainOutcome.Status.STARTED);
        }
    }

    @Test
    void noCredentialsReachTheLogsEvenAtDebug() throws Exception {
        StringWriter captured = new StringWriter();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        WriterAppender appender =
                WriterAppender.createAppender(
                        PatternLayout.newBuilder().withPattern("%c %m %ex%n").build(),
                        null,
                        captured,
                        "retrain-capture",
                        false,
                        true);
        appender.start();
        configuration.addAppender(appender);
        LoggerConfig root = configuration.getRootLogger();
        Level previous = root.getLevel();
        root.addAppender(appender, Level.ALL, null);
        Configurator.setRootLevel(Level.DEBUG);
        try {
            stub.failNext(1, 400, "ThrottlingException");
            try (RetrainTrigger trigger = trigger(config().build())) {
                trigger.trigger(drift("pump", "ep-1"));
                trigger.trigger(drift("pump", "ep-2"));
            }
            stub.finishAll();
            try (RetrainTrigger trigger = trigger(config().build())) {
                trigger.trigger(drift("pump", "ep-1"));
            }
        } finally {
            root.removeAppender("retrain-capture");
            Configurator.setRootLevel(previous);
            appender.stop();
        }

        String logs = captured.toString();
        // The capture works: the trigger's own lines and the SDK's debug lines are there.
        assertThat(logs)
                .contains("retrain-pump-v0003-ep-1")
                .contains("already started")
                .contains("cooldown")
                .contains("software.amazon.awssdk");
        assertThat(logs).doesNotContain(SECRET_KEY).doesNotContain(ACCESS_KEY_ID);
    }

    /** A clock tests move by hand. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
