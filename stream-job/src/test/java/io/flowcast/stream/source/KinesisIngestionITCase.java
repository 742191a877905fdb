package io.flowcast.stream.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.FlowcastPipeline;
import io.flowcast.stream.config.JobConfig;
import io.flowcast.stream.config.PropertyGroups;
import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.deadletter.DeadLetterReason;
import io.flowcast.stream.local.KinesisLocalEmulator;
import io.flowcast.stream.local.LoopbackCredentials;
import io.flowcast.stream.parse.TelemetrySample;
import io.flowcast.stream.testing.CollectingSink;
import io.flowcast.stream.testing.MiniClusters;
import io.flowcast.stream.testing.SampleMessages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;

/**
 * End to end through the real {@code KinesisStreamsSource} reading the {@code kinesis-local}
 * emulator on a Flink MiniCluster: every valid sample arrives exactly once, and every bad message
 * becomes a dead letter with the right reason and the Kinesis coordinates of its record.
 */
class KinesisIngestionITCase {

    private static final String STREAM = "telemetry-it";
    private static final int SHARDS = 2;

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    private static KinesisLocalEmulator emulator;
    private static KinesisClient kinesis;

    @BeforeAll
    static void startEmulator() {
        emulator =
                KinesisLocalEmulator.start(
                        KinesisLocalEmulator.defaultEmulatorsDir(),
                        KinesisLocalEmulator.freePortPair(),
                        STREAM + ":" + SHARDS,
                        Paths.get("target", "kinesis-local-it.log"));
        LoopbackCredentials.useDummyCredentialsForLoopback(emulator.endpoint());
        kinesis =
                KinesisClient.builder()
                        .endpointOverride(emulator.endpoint())
                        .region(Region.of(KinesisLocalEmulator.REGION))
                        .build();
    }

    @AfterAll
    static void stopEmulator() {
        if (kinesis != null) {
            kinesis.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void validSamplesArriveAndEveryBadMessageIsADeadLetterWithItsReason() throws Exception {
        long now = System.currentTimeMillis();

        // Good plant data: 20 assets x 3 signals x 5 ticks, one record per asset and tick.
        Set<String> expectedSamples = new HashSet<>();
        for (int tick = 0; tick < 5; tick++) {
            for (int asset = 0; asset < 20; asset++) {
                String assetId = "ItPlant/Line" + (asset % 2) + "/Pump-" + asset;
                long ts = now - 60_000 + tick * 1000L;
                StringBuilder json = new StringBuilder("{");
                for (String signal : List.of("Load", "AmbientTemp", "BearingTemp")) {
                    double value = asset * 10 + tick + signal.length() / 10.0;
                    if (json.length() > 1) {
                        json.append(',');
                    }
                    json.append('"')
                            .append(assetId)
                            .append('/')
                            .append(signal)
                            .append("\":[")
                            .append("{\"v\":")
                            .append(value)
                            .append(",\"q\":192,\"ts\":")
                            .append(ts)
                            .append("}]");
                    expectedSamples.add(assetId + "|" + signal + "|" + ts + "|" + value);
                }
                put(assetId, json.append('}').toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        int validRecordSamples = expectedSamples.size();

        // The documented valid samples, too.
        for (byte[] message : SampleMessages.valid(now).values()) {
            put("samples", message);
        }

        // Every documented bad message, remembering where Kinesis put it.
        Map<String, DeadLetterReason> expectedReasonBySequence = new HashMap<>();
        Map<String, String> shardBySequence = new HashMap<>();
        for (Map.Entry<String, Map.Entry<byte[], DeadLetterReason>> bad :
                SampleMessages.invalid(now).entrySet()) {
            PutRecordResponse response = put(bad.getKey(), bad.getValue().getKey());
            expectedReasonBySequence.put(response.sequenceNumber(), bad.getValue().getValue());
            shardBySequence.put(response.sequenceNumber(), response.shardId());
        }

        CollectingSink<TelemetrySample> samples = new CollectingSink<>();
        CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();
        JobConfig config =
                JobConfig.from(
                        PropertyGroups.of(
                                Map.of(
                                        "KinesisSource",
                                                Map.of(
                                                        "stream.arn",
                                                        KinesisLocalEmulator.streamArn(STREAM),
                                                        "aws.region",
                                                        KinesisLocalEmulator.REGION,
                                                        "aws.endpoint",
                                                        emulator.endpoint().toString(),
                                                        "flink.stream.initpos",
                                                        "TRIM_HORIZON",
                                                        "flink.shard.discovery.intervalmillis",
                                                        "1000"),
                                        // Read by JobConfig; this test stops before enrichment.
                                        "Aurora",
                                                Map.of(
                                                        "host",
                                                        "127.0.0.1",
                                                        "database",
                                                        "unused-in-this-test",
                                                        "tls.mode",
                                                        "DISABLE"),
                                        "Inference",
                                                Map.of(
                                                        "aws.region",
                                                        "us-east-1",
                                                        "model.registry",
                                                        "unused-in-this-test"),
                                        "Warehouse", Map.of("engine", "NONE"),
                                        "Lake", Map.of("path", "unused-in-this-test"))));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        FlowcastPipeline.builder()
                .parseConfig(config.parse())
                .windowConfig(config.windows())
                .source(KinesisSourceFactory.create(config.source()))
                .sampleSink(samples)
                .featureVectorSink(new DiscardingSink<>())
                .deadLetterSink(deadLetters)
                .build()
                .build(env);
        JobClient job = env.executeAsync("kinesis-ingestion-it");
        try {
            int expectedSampleCount =
                    validRecordSamples + countSamplesIn(SampleMessages.valid(now));
            awaitUntil(
                    () ->
                            samples.size() >= expectedSampleCount
                                    && deadLetters.size() >= expectedReasonBySequence.size(),
                    Duration.ofMinutes(2));
            Thread.sleep(2000); // anything extra (duplicates) would arrive now

            List<TelemetrySample> received = samples.values();
            assertThat(received).hasSize(expectedSampleCount);
            Set<String> plantSamples =
                    received.stream()
                            .filter(s -> s.assetId.startsWith("ItPlant/"))
                            .map(
                                    s ->
                                            s.assetId
                                                    + "|"
                                                    + s.signal
                                                    + "|"
                                                    + s.eventTimeMillis
                                                    + "|"
                                                    + s.value)
                            .collect(Collectors.toSet());
            assertThat(plantSamples).isEqualTo(expectedSamples);

            // This test is about ingestion: the parse stage's dead letters. (Windows downstream
            // may add late-sample and unknown-asset-type ones for the sample files' assets.)
            List<DeadLetter> letters =
                    deadLetters.values().stream()
                            .filter(d -> d.stage.equals("parse"))
                            .collect(Collectors.toList());
            assertThat(letters).hasSize(expectedReasonBySequence.size());
            for (DeadLetter letter : letters) {
                assertThat(expectedReasonBySequence)
                        .as("dead letter %s comes from a record we sent", letter)
                        .containsKey(letter.sequenceNumber);
                assertThat(letter.reason)
                        .as(letter.toString())
                        .isEqualTo(expectedReasonBySequence.get(letter.sequenceNumber));
                assertThat(letter.shardId).isEqualTo(shardBySequence.get(letter.sequenceNumber));
                assertThat(letter.stream).contains(STREAM);
                assertThat(letter.partitionKey).endsWith(".json");
                assertThat(letter.arrivalTimeMillis).isNotNull();
            }
        } finally {
            job.cancel().get();
        }
    }

    private static int countSamplesIn(Map<String, byte[]> messages) {
        io.flowcast.stream.parse.TelemetryParser parser =
                new io.flowcast.stream.parse.TelemetryParser(
                        io.flowcast.stream.parse.ParseConfig.defaults());
        int[] count = {0};
        long now = System.currentTimeMillis();
        for (byte[] message : messages.values()) {
            parser.parse(
                    new RawTelemetryRecord(message, "s", "shard", "1", "k", null),
                    now,
                    new io.flowcast.stream.parse.ParseOutput() {
                        @Override
                        public void sample(TelemetrySample sample) {
                            count[0]++;
                        }

                        @Override
                        public void deadLetter(DeadLetter deadLetter) {}
                    });
        }
        return count[0];
    }

    private static PutRecordResponse put(String partitionKey, byte[] data) {
        return kinesis.putRecord(
                PutRecordRequest.builder()
                        .streamName(STREAM)
                        .partitionKey(partitionKey)
                        .data(SdkBytes.fromByteArray(data))
                        .build());
    }

    private static void awaitUntil(BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(200);
        }
    }
}
