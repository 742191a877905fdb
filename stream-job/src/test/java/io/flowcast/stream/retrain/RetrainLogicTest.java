package io.flowcast.stream.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The trigger's pure parts: cooldown, error mapping, request input and config checks. */
class RetrainLogicTest {

    private static final Instant T0 = Instant.parse("2026-11-22T04:00:00Z");
    private static final String ARN =
            "arn:aws:states:eu-west-1:123456789012:stateMachine:flowcast-retraining";

    @Test
    void cooldownIsPerModelAndEndsAfterItsDuration() {
        RetrainCooldown cooldown = new RetrainCooldown(Duration.ofHours(6));
        assertThat(cooldown.remaining("pump", T0)).isZero();
        cooldown.started("pump", T0);
        assertThat(cooldown.remaining("pump", T0.plusSeconds(3600))).isEqualTo(Duration.ofHours(5));
        assertThat(cooldown.remaining("compressor", T0)).isZero();
        assertThat(cooldown.remaining("pump", T0.plus(Duration.ofHours(6)))).isZero();
        // An older start recorded late does not shorten the cooldown.
        cooldown.started("pump", T0.minusSeconds(7200));
        assertThat(cooldown.remaining("pump", T0)).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void zeroCooldownNeverBlocks() {
        RetrainCooldown cooldown = new RetrainCooldown(Duration.ZERO);
        cooldown.started("pump", T0);
        assertThat(cooldown.remaining("pump", T0)).isZero();
    }

    @Test
    void errorsMapToAlreadyExistsRetryableOrPermanent() {
        assertThat(StartErrorKind.of("ExecutionAlreadyExists", 400))
                .isEqualTo(StartErrorKind.ALREADY_EXISTS);
        assertThat(StartErrorKind.of("ThrottlingException", 400))
                .isEqualTo(StartErrorKind.RETRYABLE);
        assertThat(StartErrorKind.of("", 503)).isEqualTo(StartErrorKind.RETRYABLE);
        assertThat(StartErrorKind.of("InternalFailure", 500)).isEqualTo(StartErrorKind.RETRYABLE);
        assertThat(StartErrorKind.of(StartExecutionException.TRANSPORT_ERROR, 0))
                .isEqualTo(StartErrorKind.RETRYABLE);
        assertThat(StartErrorKind.of("", 429)).isEqualTo(StartErrorKind.RETRYABLE);
        assertThat(StartErrorKind.of("StateMachineDoesNotExist", 400))
                .isEqualTo(StartErrorKind.PERMANENT);
        assertThat(StartErrorKind.of("InvalidExecutionInput", 400))
                .isEqualTo(StartErrorKind.PERMANENT);
        assertThat(StartErrorKind.of("AccessDeniedException", 400))
                .isEqualTo(StartErrorKind.PERMANENT);
        assertThat(StartErrorKind.of("ExecutionLimitExceeded", 400))
                .isEqualTo(StartErrorKind.PERMANENT);
    }

    @Test
    void jitteredBackoffStaysBetweenHalfAndAll() {
        for (int i = 0; i < 1000; i++) {
            assertThat(RetrainTrigger.jittered(Duration.ofMillis(400)))
                    .isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        }
        assertThat(RetrainTrigger.jittered(Duration.ZERO)).isZero();
    }

    @Test
    void theExecutionInputIsDeterministicAndLeavesOutUnsetEvidence() {
        RetrainRequest full =
                RetrainRequest.builder("pump", "v0003", "ep-1")
                        .evidence("residual_rmse_ratio", null, Double.NaN, 1.5)
                        .window(T0.minusSeconds(60), T0)
                        .build();
        assertThat(full.toExecutionInput())
                .isEqualTo(
                        "{\"assetType\":\"pump\",\"modelVersion\":\"v0003\",\"episodeId\":\"ep-1\","
                                + "\"reason\":\"drift\",\"requestedBy\":\"flowcast-stream-job\","
                                + "\"evidence\":{\"metric\":\"residual_rmse_ratio\","
                                + "\"value\":\"NaN\",\"threshold\":1.5,"
                                + "\"windowStart\":\"2026-11-22T03:59:00Z\","
                                + "\"windowEnd\":\"2026-11-22T04:00:00Z\"}}");
        RetrainRequest manual =
                RetrainRequest.builder("pump", "v0003", "manual-1")
                        .reason("manual")
                        .requestedBy("cli")
                        .build();
        assertThat(manual.toExecutionInput()).endsWith("\"evidence\":{}}");
        assertThat(manual.toExecutionInput())
                .isEqualTo(
                        RetrainRequest.builder("pump", "v0003", "manual-1")
                                .reason("manual")
                                .requestedBy("cli")
                                .build()
                                .toExecutionInput());
    }

    @Test
    void requestsRejectMissingFieldsAndReversedWindows() {
        assertThatThrownBy(() -> RetrainRequest.builder(" ", "v1", "e").build())
                .hasMessageContaining("assetType");
        assertThatThrownBy(() -> RetrainRequest.builder("pump", null, "e").build())
                .hasMessageContaining("modelVersion");
        assertThatThrownBy(
                        () ->
                                RetrainRequest.builder("pump", "v1", "e")
                                        .window(T0, T0.minusSeconds(1))
                                        .build())
                .hasMessageContaining("before windowStart");
    }

    @Test
    void configTakesTheRegionFromTheArnAndChecksItsFields() {
        RetrainTriggerConfig config = RetrainTriggerConfig.builder(ARN).build();
        assertThat(config.region()).isEqualTo("eu-west-1");
        assertThat(config.cooldown()).isEqualTo(Duration.ofHours(6));
        assertThat(config.executionArn("retrain-pump-v1-e"))
                .isEqualTo(
                        "arn:aws:states:eu-west-1:123456789012:execution:flowcast-retraining:"
                                + "retrain-pump-v1-e");
        assertThatThrownBy(() -> RetrainTriggerConfig.builder("flowcast-retraining"))
                .hasMessageContaining("not a Step Functions state machine ARN");
        assertThatThrownBy(
                        () ->
                                RetrainTriggerConfig.builder(ARN)
                                        .cooldown(Duration.ofSeconds(-1))
                                        .build())
                .hasMessageContaining("cooldown");
        assertThatThrownBy(
                        () ->
                                RetrainTriggerConfig.builder(ARN)
                                        .retries(0, Duration.ZERO, Duration.ZERO)
                                        .build())
                .hasMessageContaining("maxAttempts");
    }
}
