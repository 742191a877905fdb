package io.flowcast.stream.sink.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.stream.inference.Prediction;
import io.flowcast.stream.inference.PredictionJson;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.firehose.sink.KinesisFirehoseSink;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/** What the Firehose sink sends and how its client is configured, without a network. */
class FirehoseSinksTest {

    @Test
    void eachPredictionIsExactlyOneUtf8JsonLine() throws Exception {
        Prediction p = SamplePredictions.prediction(4);

        byte[] bytes = new PredictionJsonLines().serialize(p);
        String text = new String(bytes, StandardCharsets.UTF_8);

        assertThat(text).endsWith("\n").isEqualTo(PredictionJson.toJsonString(p) + "\n");
        assertThat(text.indexOf('\n')).isEqualTo(text.length() - 1);
        JsonNode json = new ObjectMapper().readTree(text);
        assertThat(json.get("predictionId").asText()).isEqualTo(p.predictionId);
        assertThat(json.get("site").asText()).isEqualTo("Gießen");
        assertThat(json.get("features").get("Load.mean").asDouble()).isEqualTo(45.2);
    }

    @Test
    void clientUsesTheDefaultCredentialChainAndNoKeys() {
        Properties properties =
                FirehoseSinks.clientProperties(
                        FirehoseConfig.builder("flowcast-predictions", "eu-west-1").build());

        assertThat(properties)
                .containsEntry("aws.region", "eu-west-1")
                .containsEntry("aws.credentials.provider", "AUTO")
                .doesNotContainKey("aws.endpoint");
        assertThat(properties.stringPropertyNames())
                .noneMatch(k -> k.startsWith("aws.credentials.provider."));
    }

    @Test
    void endpointOverrideReachesTheClient() {
        Properties properties =
                FirehoseSinks.clientProperties(
                        FirehoseConfig.builder("flowcast-predictions", "eu-west-1")
                                .endpoint(URI.create("http://127.0.0.1:4573"))
                                .build());

        assertThat(properties).containsEntry("aws.endpoint", "http://127.0.0.1:4573");
    }

    @Test
    void buildsASerializableConnectorSinkFromEdgeValues() throws Exception {
        // The connector checks its own rules in its constructor (buffer > batch, batch bytes >=
        // record bytes); the extremes FirehoseConfig allows must pass them.
        FirehoseConfig smallest =
                FirehoseConfig.builder("s", "eu-west-1")
                        .maxBatchSize(1)
                        .maxInFlightRequests(1)
                        .maxBufferedRequests(2)
                        .maxBatchBytes(FirehoseConfig.MAX_RECORD_BYTES)
                        .maxTimeInBuffer(Duration.ofMillis(1))
                        .build();
        FirehoseConfig largest =
                FirehoseConfig.builder("flowcast-predictions", "eu-west-1")
                        .maxBatchSize(FirehoseConfig.MAX_RECORDS_PER_BATCH)
                        .maxBatchBytes(FirehoseConfig.MAX_BYTES_PER_BATCH)
                        .build();

        for (FirehoseConfig config : new FirehoseConfig[] {smallest, largest}) {
            Sink<Prediction> sink = FirehoseSinks.predictions(config);
            assertThat(sink).isInstanceOf(KinesisFirehoseSink.class);
            // Flink ships the sink to the task managers by Java serialization.
            assertThat(InstantiationUtil.clone(sink)).isNotNull();
        }
    }
}
