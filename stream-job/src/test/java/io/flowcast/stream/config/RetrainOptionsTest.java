package io.flowcast.stream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.stream.retrain.RetrainTriggerConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code Retrain} property group: off by default, precise about what is wrong. */
class RetrainOptionsTest {

    private static final String ARN =
            "arn:aws:states:eu-west-1:123456789012:stateMachine:flowcast-retraining";

    private static Optional<RetrainTriggerConfig> read(String... keysAndValues) {
        Map<String, String> group = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            group.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return RetrainOptions.read(PropertyGroups.of(Map.of(RetrainOptions.GROUP, group)));
    }

    @Test
    void isDisabledByDefault() {
        assertThat(RetrainOptions.read(PropertyGroups.of(Map.of()))).isEmpty();
        assertThat(read("enabled", "false", "state.machine.arn", ARN)).isEmpty();
    }

    @Test
    void enabledWithAnArnUsesTheDefaults() {
        RetrainTriggerConfig config =
                read("enabled", "true", "state.machine.arn", ARN).orElseThrow();
        assertThat(config.stateMachineArn()).isEqualTo(ARN);
        assertThat(config.region()).isEqualTo("eu-west-1");
        assertThat(config.endpointOverride()).isNull();
        assertThat(config.cooldown()).isEqualTo(Duration.ofHours(6));
        assertThat(config.maxAttempts()).isEqualTo(5);
        assertThat(config.callTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void keysOverrideTheDefaults() {
        RetrainTriggerConfig config =
                read(
                                "enabled", "true",
                                "state.machine.arn", ARN,
                                "aws.endpoint", "http://127.0.0.1:8083",
                                "cooldown", "30m",
                                "retry.max-attempts", "2",
                                "retry.initial-backoff", "1s",
                                "retry.max-backoff", "4s",
                                "call.timeout", "5s")
                        .orElseThrow();
        assertThat(config.endpointOverride()).hasToString("http://127.0.0.1:8083");
        assertThat(config.cooldown()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.maxAttempts()).isEqualTo(2);
        assertThat(config.maxBackoff()).isEqualTo(Duration.ofSeconds(4));
        assertThat(config.callTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void mistakesNameTheGroupAndKey() {
        assertThatThrownBy(() -> read("enabled", "true"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'Retrain'")
                .hasMessageContaining("state.machine.arn");
        assertThatThrownBy(() -> read("enabled", "true", "state.machine.arn", "flowcast"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("state.machine.arn: not a Step Functions state machine ARN");
        assertThatThrownBy(
                        () ->
                                read(
                                        "enabled", "true",
                                        "state.machine.arn", ARN,
                                        "retry.initial-backoff", "5s",
                                        "retry.max-backoff", "1s"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("retry.initial-backoff <= retry.max-backoff");
        assertThatThrownBy(() -> read("cooldown", "soon")).isInstanceOf(ConfigException.class);
    }
}
