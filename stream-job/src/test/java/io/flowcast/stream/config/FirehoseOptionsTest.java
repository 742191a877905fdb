package io.flowcast.stream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.stream.sink.firehose.FirehoseConfig;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code Firehose} property group: off by default, and precise about what is wrong. */
class FirehoseOptionsTest {

    private static Optional<FirehoseConfig> read(String... keysAndValues) {
        Map<String, String> group = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            group.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return FirehoseOptions.read(PropertyGroups.of(Map.of(FirehoseOptions.GROUP, group)));
    }

    private static Optional<FirehoseConfig> readEnabled(String... more) {
        String[] base = {
            "enabled", "true", "delivery.stream", "flowcast-predictions", "aws.region", "eu-west-1"
        };
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return read(all);
    }

    @Test
    void isDisabledWhenTheGroupIsAbsent() {
        assertThat(FirehoseOptions.read(PropertyGroups.of(Map.of()))).isEmpty();
    }

    @Test
    void isDisabledUnlessEnabledIsTrue() {
        assertThat(read("delivery.stream", "flowcast-predictions")).isEmpty();
        assertThat(read("enabled", "false", "aws.region", "eu-west-1")).isEmpty();
    }

    @Test
    void enabledWithNameAndRegionUsesTheConnectorDefaults() {
        FirehoseConfig config = readEnabled().orElseThrow();

        assertThat(config.deliveryStream()).isEqualTo("flowcast-predictions");
        assertThat(config.region()).isEqualTo("eu-west-1");
        assertThat(config.endpoint()).isEmpty();
        assertThat(config.maxBatchSize()).isEqualTo(500);
        assertThat(config.maxInFlightRequests()).isEqualTo(50);
        assertThat(config.maxBufferedRequests()).isEqualTo(10_000);
        assertThat(config.maxBatchBytes()).isEqualTo(4L * 1024 * 1024);
        assertThat(config.maxTimeInBuffer()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void readsEveryKey() {
        FirehoseConfig config =
                readEnabled(
                                "aws.endpoint", "http://127.0.0.1:4573",
                                "sink.batch.max-size", "100",
                                "sink.requests.max-inflight", "4",
                                "sink.requests.max-buffered", "1000",
                                "sink.flush-buffer.size", "2mb",
                                "sink.flush-buffer.timeout", "250ms")
                        .orElseThrow();

        assertThat(config.endpoint()).contains(URI.create("http://127.0.0.1:4573"));
        assertThat(config.maxBatchSize()).isEqualTo(100);
        assertThat(config.maxInFlightRequests()).isEqualTo(4);
        assertThat(config.maxBufferedRequests()).isEqualTo(1000);
        assertThat(config.maxBatchBytes()).isEqualTo(2L * 1024 * 1024);
        assertThat(config.maxTimeInBuffer()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void enabledWithoutDeliveryStreamNamesTheMissingKey() {
        assertThatThrownBy(() -> read("enabled", "true", "aws.region", "eu-west-1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'Firehose'")
                .hasMessageContaining("enabled=true")
                .hasMessageContaining("'delivery.stream'");
    }

    @Test
    void enabledWithoutRegionNamesTheMissingKey() {
        assertThatThrownBy(() -> read("enabled", "true", "delivery.stream", "flowcast"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'Firehose'")
                .hasMessageContaining("'aws.region'");
    }

    @Test
    void rejectsAnArnOrAnInvalidNameForTheDeliveryStream() {
        assertThatThrownBy(
                        () ->
                                read(
                                        "enabled",
                                        "true",
                                        "aws.region",
                                        "eu-west-1",
                                        "delivery.stream",
                                        "arn:aws:firehose:eu-west-1:123456789012:deliverystream/p"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'delivery.stream'")
                .hasMessageContaining("not its ARN");
        assertThatThrownBy(
                        () ->
                                read(
                                        "enabled",
                                        "true",
                                        "aws.region",
                                        "eu-west-1",
                                        "delivery.stream",
                                        "has space"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'delivery.stream'");
    }

    @Test
    void rejectsARegionThatIsNotARegionId() {
        assertThatThrownBy(() -> readEnabled("aws.region", "Ireland"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'aws.region'")
                .hasMessageContaining("eu-west-1");
    }

    @Test
    void acceptsPartitionedRegionIds() {
        assertThat(readEnabled("aws.region", "us-gov-west-1").orElseThrow().region())
                .isEqualTo("us-gov-west-1");
        assertThat(readEnabled("aws.region", "ap-southeast-2").orElseThrow().region())
                .isEqualTo("ap-southeast-2");
    }

    @Test
    void rejectsABatchAboveTheFirehoseLimitOf500Records() {
        assertThatThrownBy(() -> readEnabled("sink.batch.max-size", "501"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sink.batch.max-size")
                .hasMessageContaining("500");
    }

    @Test
    void rejectsABatchAboveTheFirehoseLimitOf4MiBOrBelowTheLargestRecord() {
        assertThatThrownBy(() -> readEnabled("sink.flush-buffer.size", "5mb"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sink.flush-buffer.size");
        assertThatThrownBy(() -> readEnabled("sink.flush-buffer.size", "512kb"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sink.flush-buffer.size");
    }

    @Test
    void rejectsABufferThatCannotHoldMoreThanOneBatch() {
        assertThatThrownBy(
                        () ->
                                readEnabled(
                                        "sink.batch.max-size", "200",
                                        "sink.requests.max-buffered", "200"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sink.requests.max-buffered")
                .hasMessageContaining("sink.batch.max-size");
    }

    @Test
    void checksValuesEvenWhileDisabledSoATypoFailsAtStartUp() {
        assertThatThrownBy(() -> read("enabled", "false", "sink.batch.max-size", "many"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'sink.batch.max-size'");
        assertThatThrownBy(() -> read("enabled", "yes"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'enabled'");
    }

    @Test
    void declaresEveryKeyItReadsAndNoCredentialKeys() {
        assertThat(FirehoseOptions.ALL)
                .extracting(ConfigOption::key)
                .containsExactlyInAnyOrder(
                        "enabled",
                        "delivery.stream",
                        "aws.region",
                        "aws.endpoint",
                        "sink.batch.max-size",
                        "sink.requests.max-inflight",
                        "sink.requests.max-buffered",
                        "sink.flush-buffer.size",
                        "sink.flush-buffer.timeout")
                .noneMatch(key -> key.startsWith("aws.credentials"));
        assertThat(FirehoseOptions.ALL).allMatch(o -> o.group().equals("Firehose"));
        // Static keys in the group are unknown keys, refused at start-up.
        PropertyGroups withKeys =
                PropertyGroups.of(
                        Map.of(
                                FirehoseOptions.GROUP,
                                Map.of("aws.credentials.provider.basic.accesskeyid", "x")));
        assertThatThrownBy(() -> withKeys.checkNoUnknownKeys(FirehoseOptions.ALL, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("aws.credentials.provider.basic.accesskeyid");
    }
}
