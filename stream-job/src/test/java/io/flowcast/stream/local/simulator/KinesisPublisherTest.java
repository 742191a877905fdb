package io.flowcast.stream.local.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * Batching and partial-failure retries of {@link KinesisPublisher}, against {@link FakeKinesis}.
 */
class KinesisPublisherTest {

    private final FakeKinesis kinesis = new FakeKinesis();
    private final List<Duration> sleeps = new ArrayList<>();

    private KinesisPublisher publisher(int maxAttempts) {
        return new KinesisPublisher(
                "telemetry",
                kinesis,
                maxAttempts,
                Duration.ofMillis(100),
                Duration.ofMillis(1000),
                sleeps::add,
                null);
    }

    private static List<TelemetryRecord> records(int count, int payloadBytes) {
        List<TelemetryRecord> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String prefix = "r" + i + ":";
            char[] pad = new char[Math.max(0, payloadBytes - prefix.length())];
            Arrays.fill(pad, 'x');
            out.add(
                    TelemetryRecord.of(
                            "SiteA/Line1/Pump-" + (i % 7),
                            (prefix + new String(pad)).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static List<String> payloads(List<TelemetryRecord> records) {
        List<String> out = new ArrayList<>();
        records.forEach(r -> out.add(r.json()));
        return out;
    }

    @Test
    void splitsAt500RecordsPerRequestKeepingOrder() {
        List<TelemetryRecord> records = records(1201, 100);

        publisher(3).publish(records);

        assertThat(kinesis.requests()).hasSize(3);
        assertThat(kinesis.requests().get(0).records()).hasSize(500);
        assertThat(kinesis.requests().get(1).records()).hasSize(500);
        assertThat(kinesis.requests().get(2).records()).hasSize(201);
        assertThat(kinesis.requests().get(0).streamName()).isEqualTo("telemetry");
        assertThat(kinesis.accepted()).isEqualTo(payloads(records));
        assertThat(kinesis.requests().get(0).records().get(3).partitionKey())
                .isEqualTo("SiteA/Line1/Pump-3");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void splitsAtFiveMebibytesPerRequest() {
        // 900 KB each: five fit in 5 MiB, the sixth would not.
        List<TelemetryRecord> records = records(12, 900_000);

        publisher(3).publish(records);

        assertThat(kinesis.requests()).extracting(r -> r.records().size()).containsExactly(5, 5, 2);
        assertThat(kinesis.accepted()).isEqualTo(payloads(records));
    }

    @Test
    void retriesOnlyTheFailedEntries() {
        List<TelemetryRecord> records = records(10, 20);
        List<String> sent = payloads(records);
        kinesis.failEntry(sent.get(2), 1).failEntry(sent.get(7), 2);
        KinesisPublisher publisher = publisher(5);

        publisher.publish(records);

        assertThat(kinesis.requests()).hasSize(3);
        assertThat(kinesis.payloadsOf(0)).isEqualTo(sent);
        assertThat(kinesis.payloadsOf(1)).containsExactly(sent.get(2), sent.get(7));
        assertThat(kinesis.payloadsOf(2)).containsExactly(sent.get(7));
        // Every record accepted exactly once.
        assertThat(kinesis.accepted()).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(publisher.retriedRecordCount()).isEqualTo(3);
        assertThat(publisher.requestCount()).isEqualTo(3);
    }

    @Test
    void givesUpAfterMaxAttemptsWithAClearMessage() {
        List<TelemetryRecord> records = records(4, 20);
        kinesis.failEntry(payloads(records).get(1), Integer.MAX_VALUE);

        assertThatThrownBy(() -> publisher(6).publish(records))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("stream 'telemetry'")
                .hasMessageContaining("1 of 4 records still failing after 6 attempts")
                .hasMessageContaining("ProvisionedThroughputExceededException");
        assertThat(kinesis.requests()).hasSize(6);
        // Exponential, capped at the maximum.
        assertThat(sleeps)
                .containsExactly(
                        Duration.ofMillis(100),
                        Duration.ofMillis(200),
                        Duration.ofMillis(400),
                        Duration.ofMillis(800),
                        Duration.ofMillis(1000));
    }

    @Test
    void failedCallsBecomePublishExceptions() {
        kinesis.failCalls(
                () ->
                        ResourceNotFoundException.builder()
                                .message("Stream telemetry not found")
                                .build());
        assertThatThrownBy(() -> publisher(3).publish(records(1, 10)))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("stream 'telemetry' not found");

        FakeKinesis down =
                new FakeKinesis().failCalls(() -> SdkClientException.create("Connection refused"));
        assertThatThrownBy(() -> new KinesisPublisher("telemetry", down).publish(records(1, 10)))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("Connection refused");
    }

    @Test
    void rejectsARecordOverTheKinesisLimit() {
        assertThatThrownBy(() -> publisher(3).publish(records(1, 1024 * 1024)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("over the Kinesis limit");
        assertThat(kinesis.requests()).isEmpty();
    }

    @Test
    void publishesGeneratedTelemetry() {
        TelemetryGenerator generator =
                new TelemetryGenerator(SimulatorOptions.defaults(), 1_732_230_000_000L);
        List<TelemetryRecord> tick = generator.recordsForTick(0);

        publisher(3).publish(tick);

        assertThat(kinesis.accepted()).isEqualTo(payloads(tick));
        assertThat(kinesis.requests().get(0).records().get(0).partitionKey())
                .isEqualTo("SiteA/Line1/Pump-001");
    }
}
