package io.flowcast.stream.local.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.retrain.RetrainOutcome;
import io.flowcast.stream.retrain.RetrainRequest;
import io.flowcast.stream.retrain.RetrainTrigger;
import io.flowcast.stream.retrain.RetrainTriggerConfig;
import io.flowcast.stream.testing.AwsTestCredentials;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The project's own {@link RetrainTrigger} (production factory, real SDK client, credentials from
 * the default chain) pointed at {@link LocalStepFunctions}: a duplicated retraining request, as
 * after a job restart that replays a drift event, starts exactly one execution.
 */
class LocalStepFunctionsRetrainTriggerTest {

    private static final String STATE_MACHINE = LocalStepFunctionsTest.RETRAINING;
    private static AwsTestCredentials credentials;

    private LocalStepFunctionsTest.GatedRunner runner;
    private LocalStepFunctions server;

    @BeforeAll
    static void useDummyCredentials() {
        // The trigger reads the default chain; the stand-in ignores signatures.
        credentials = AwsTestCredentials.use("flowcast-local", "flowcast-local");
    }

    @AfterAll
    static void restoreCredentials() {
        credentials.close();
    }

    @BeforeEach
    void startServer() {
        runner = new LocalStepFunctionsTest.GatedRunner();
        server = LocalStepFunctions.builder().stateMachine(STATE_MACHINE, runner).start();
    }

    @AfterEach
    void stopServer() {
        runner.release();
        server.close();
    }

    private RetrainOutcome triggerOnce(RetrainRequest request) throws InterruptedException {
        // A new trigger each time: a restarted job has an empty cooldown, only the name dedupes.
        RetrainTriggerConfig config =
                RetrainTriggerConfig.builder(STATE_MACHINE)
                        .endpointOverride(server.endpoint())
                        .retries(1, Duration.ZERO, Duration.ZERO)
                        .build();
        try (RetrainTrigger trigger = RetrainTrigger.create(config)) {
            return trigger.trigger(request);
        }
    }

    @Test
    void aDuplicatedRequestStartsExactlyOneExecution() throws Exception {
        RetrainRequest request =
                RetrainRequest.builder("pump", "v0003", "ep-20261122T0400")
                        .evidence("psi", "bearing_temp_mean", 0.31, 0.2)
                        .window(
                                Instant.parse("2026-11-22T03:55:00Z"),
                                Instant.parse("2026-11-22T04:00:00Z"))
                        .sampleCount(240L)
                        .build();

        RetrainOutcome first = triggerOnce(request);
        runner.entered.await();
        RetrainOutcome whileRunning = triggerOnce(request);
        runner.release();
        assertThat(server.awaitIdle(Duration.ofSeconds(30))).isTrue();
        RetrainOutcome afterItEnded = triggerOnce(request);

        assertThat(first.status()).isEqualTo(RetrainOutcome.Status.STARTED);
        assertThat(first.executionArn())
                .isEqualTo(
                        "arn:aws:states:eu-west-1:123456789012:execution:flowcast-retraining:"
                                + "retrain-pump-v0003-ep-20261122T0400");
        // Identical input while running: Step Functions answers with the same execution.
        assertThat(whileRunning.status()).isEqualTo(RetrainOutcome.Status.STARTED);
        assertThat(whileRunning.executionArn()).isEqualTo(first.executionArn());
        // Ended: ExecutionAlreadyExists, which the trigger counts as success.
        assertThat(afterItEnded.status()).isEqualTo(RetrainOutcome.Status.ALREADY_STARTED);
        assertThat(afterItEnded.executionArn()).isEqualTo(first.executionArn());

        assertThat(runner.order).containsExactly("retrain-pump-v0003-ep-20261122T0400");
        assertThat(server.executions())
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.input()).isEqualTo(request.toExecutionInput());
                            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
                        });
    }
}
