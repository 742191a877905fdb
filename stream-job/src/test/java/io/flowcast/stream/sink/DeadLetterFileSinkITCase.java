package io.flowcast.stream.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.flowcast.stream.FlowcastPipeline;
import io.flowcast.stream.config.RepoPaths;
import io.flowcast.stream.deadletter.DeadLetterReason;
import io.flowcast.stream.parse.ParseConfig;
import io.flowcast.stream.parse.TelemetrySample;
import io.flowcast.stream.source.RawTelemetryRecord;
import io.flowcast.stream.testing.CollectingSink;
import io.flowcast.stream.testing.MiniClusters;
import io.flowcast.stream.testing.RawRecordsGenerator;
import io.flowcast.stream.testing.SampleMessages;
import io.flowcast.stream.testing.WindowConfigs;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dead-letter sink on a MiniCluster: every rejected message lands once, as one JSON line that
 * conforms to {@code schemas/records/dead-letter.schema.json}, in a committed file under {@code
 * dt=YYYY-MM-DD/hour=HH/}.
 */
class DeadLetterFileSinkITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    @TempDir Path output;

    @Test
    void everyRejectedMessageIsOneSchemaValidLineInACommittedFile() throws Exception {
        long now = System.currentTimeMillis();
        Map<String, Map.Entry<byte[], DeadLetterReason>> invalid = SampleMessages.invalid(now);
        ArrayList<String> payloads = new ArrayList<>();
        // ISO-8859-1 keeps arbitrary bytes (the invalid UTF-8 sample) intact through a String.
        SampleMessages.valid(now)
                .values()
                .forEach(b -> payloads.add(new String(b, StandardCharsets.ISO_8859_1)));
        invalid.values()
                .forEach(e -> payloads.add(new String(e.getKey(), StandardCharsets.ISO_8859_1)));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(200);
        CollectingSink<TelemetrySample> samples = new CollectingSink<>();
        FlowcastPipeline.builder()
                .parseConfig(ParseConfig.defaults())
                .windowConfig(WindowConfigs.defaults())
                .source(
                        new DataGeneratorSource<>(
                                new RawRecordsGenerator(payloads),
                                payloads.size(),
                                TypeInformation.of(RawTelemetryRecord.class)))
                .sampleSink(samples)
                .featureVectorSink(new DiscardingSink<>())
                .deadLetterSink(
                        DeadLetterSinkFactory.create(
                                new DeadLetterSinkConfig(
                                        output.toUri().toString(), Duration.ofMinutes(1))))
                .build()
                .build(env);
        env.execute("dead-letter-sink-it");

        List<Path> files;
        try (Stream<Path> walk = Files.walk(output)) {
            files = walk.filter(Files::isRegularFile).collect(Collectors.toList());
        }
        assertThat(files).isNotEmpty();
        assertThat(files)
                .allSatisfy(
                        f ->
                                assertThat(output.relativize(f).toString().replace('\\', '/'))
                                        .as("committed part file in an hourly bucket")
                                        .matches(
                                                "dt=\\d{4}-\\d{2}-\\d{2}/hour=\\d{2}/dead-letters-[^/]+\\.jsonl"));

        JsonSchema schema;
        try (InputStream in =
                Files.newInputStream(
                        RepoPaths.repoDir().resolve("schemas/records/dead-letter.schema.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        ObjectMapper mapper = new ObjectMapper();
        List<String> reasons = new ArrayList<>();
        List<String> windowStageReasons = new ArrayList<>();
        for (Path file : files) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                JsonNode json = mapper.readTree(line);
                assertThat(schema.validate(json)).as(line).isEmpty();
                if (json.get("stage").asText().equals("parse")) {
                    reasons.add(json.get("reason").asText());
                } else {
                    windowStageReasons.add(json.get("reason").asText());
                }
            }
        }
        assertThat(reasons)
                .containsExactlyInAnyOrderElementsOf(
                        invalid.values().stream()
                                .map(e -> e.getValue().name())
                                .collect(Collectors.toList()));
        assertThat(samples.size()).isPositive();
        // Valid sample files include assets no asset-type rule knows (e.g. a two-segment tag).
        assertThat(windowStageReasons).containsOnly("UNKNOWN_ASSET_TYPE");
    }
}
