package io.flowcast.stream.sink.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.stream.config.FirehoseOptions;
import io.flowcast.stream.config.PropertyGroups;
import io.flowcast.stream.inference.Prediction;
import io.flowcast.stream.inference.PredictionJson;
import io.flowcast.stream.local.LoopbackCredentials;
import io.flowcast.stream.testing.MiniClusters;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Firehose predictions sink on a MiniCluster, writing through the real connector and AWS SDK to
 * a loopback server that speaks the Firehose {@code PutRecordBatch} wire protocol ({@link
 * FirehoseStubServer}); no Firehose emulator exists offline.
 *
 * <p>The stub rejects the first attempt of every 7th record (a partial failure) and keeps the
 * records of its 3rd request while answering it with a 503 (a lost response). Every prediction must
 * still arrive as exactly its JSON line; the only duplicates are the lost response's records, which
 * downstream consumers drop by {@code predictionId}.
 */
class FirehoseSinkITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    private static final String STREAM = "flowcast-predictions";
    private static final int PREDICTIONS = 3_000;
    private static final int BATCH = 50;
    private static final int REJECT_EVERY_NTH_RECORD = 7;
    private static final int LOSE_RESPONSE_OF_REQUEST = 3;

    private FirehoseStubServer firehose;

    @BeforeEach
    void startFirehose() throws Exception {
        firehose =
                new FirehoseStubServer(STREAM, REJECT_EVERY_NTH_RECORD, LOSE_RESPONSE_OF_REQUEST);
        // The SDK signs every request; against a loopback endpoint only, placeholder keys do.
        LoopbackCredentials.useDummyCredentialsForLoopback(firehose.endpoint());
    }

    @AfterEach
    void stopFirehose() {
        firehose.close();
    }

    @Test
    void everyPredictionArrivesAsItsJsonLineDespitePartialFailuresAndALostResponse()
            throws Exception {
        List<Prediction> predictions = SamplePredictions.of(PREDICTIONS);
        FirehoseConfig config = config(STREAM);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(200);
        env.fromData(predictions)
                .rebalance()
                .sinkTo(FirehoseSinks.predictions(config))
                .name("firehose-predictions");
        env.execute("firehose-sink-it");

        assertThat(firehose.protocolErrors()).isEmpty();
        List<String> received =
                firehose.acceptedRecords().stream()
                        .map(b -> new String(b, StandardCharsets.UTF_8))
                        .collect(Collectors.toList());
        Set<String> expected =
                predictions.stream()
                        .map(p -> PredictionJson.toJsonString(p) + "\n")
                        .collect(Collectors.toSet());

        // Each record is one whole JSON line, byte for byte what PredictionJson writes.
        assertThat(received).allSatisfy(line -> assertThat(line).endsWith("\n"));
        assertThat(new HashSet<>(received)).isEqualTo(expected);

        // Nothing lost: the rejected entries were sent again and accepted.
        assertThat(firehose.rejectedEntries()).isGreaterThanOrEqualTo(PREDICTIONS / 7);
        // At least once: only the lost response's records arrived twice.
        assertThat(firehose.lostResponseRecords()).isPositive();
        assertThat(received).hasSize(PREDICTIONS + firehose.lostResponseRecords());
        Map<String, Integer> perId = new HashMap<>();
        ObjectMapper mapper = new ObjectMapper();
        for (String line : received) {
            perId.merge(mapper.readTree(line).get("predictionId").asText(), 1, Integer::sum);
        }
        assertThat(perId).hasSize(PREDICTIONS);
        assertThat(perId.values().stream().filter(n -> n > 1).count())
                .isEqualTo(firehose.lostResponseRecords());

        // Batching honours the configured size (and so Firehose's 500-record limit).
        assertThat(firehose.batchSizes()).allSatisfy(n -> assertThat(n).isBetween(1, BATCH));
        assertThat(firehose.batchSizes().size()).isGreaterThanOrEqualTo(PREDICTIONS / BATCH);
        System.out.printf(
                "Firehose stub: %d requests, %d records accepted, %d entries rejected then"
                        + " retried, %d delivered twice (lost response)%n",
                firehose.batchSizes().size(),
                received.size(),
                firehose.rejectedEntries(),
                firehose.lostResponseRecords());
    }

    /**
     * A delivery stream that does not exist is a non-recoverable error: the job fails naming it
     * instead of retrying for ever.
     */
    @Test
    void aMissingDeliveryStreamFailsTheJob() throws Exception {
        Throwable failure = runExpectingFailure("gone");

        assertThat(failure).hasStackTraceContaining("ResourceNotFoundException");
    }

    /**
     * Without {@code firehose:PutRecordBatch} the job fails with the service's AccessDenied error.
     * This path runs the connector's error-code classifier ({@code AWSExceptionClassifierUtil});
     * the Kinesis connector jar carries a copy of that class compiled against its shaded SDK, and
     * if that copy is the one loaded, the check throws a ClassCastException on the SDK's thread and
     * the writer waits for ever for a request that will never complete.
     */
    @Test
    void aDeniedPutRecordBatchFailsTheJob() throws Exception {
        Throwable failure = runExpectingFailure(FirehoseStubServer.DENIED_STREAM);

        assertThat(failure).hasStackTraceContaining("AccessDeniedException");
    }

    private Throwable runExpectingFailure(String deliveryStream) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromData(SamplePredictions.of(10))
                .sinkTo(FirehoseSinks.predictions(config(deliveryStream)));

        JobClient job = env.executeAsync("firehose-sink-failure-it");
        // Not a timing assertion: a generous bound turns a stuck writer into a test failure.
        Throwable failure =
                catchThrowable(() -> job.getJobExecutionResult().get(2, TimeUnit.MINUTES));
        if (failure instanceof TimeoutException) {
            job.cancel();
        }

        assertThat(failure).isNotNull().isNotInstanceOf(TimeoutException.class);
        // The connector's non-recoverable error (its class is package-private).
        assertThat(failure)
                .hasStackTraceContaining("KinesisFirehoseException")
                .satisfies(
                        f ->
                                assertThat(ExceptionUtils.stringifyException(f))
                                        .doesNotContain("ClassCastException"));
        assertThat(firehose.acceptedRecords()).isEmpty();
        return failure;
    }

    private FirehoseConfig config(String deliveryStream) {
        return FirehoseOptions.read(
                        PropertyGroups.of(
                                Map.of(
                                        FirehoseOptions.GROUP,
                                        Map.of(
                                                "enabled", "true",
                                                "delivery.stream", deliveryStream,
                                                "aws.region", "eu-west-1",
                                                "aws.endpoint", firehose.endpoint().toString(),
                                                "sink.batch.max-size", String.valueOf(BATCH),
                                                "sink.requests.max-inflight", "4",
                                                "sink.requests.max-buffered", "500",
                                                "sink.flush-buffer.timeout", "100ms"))))
                .orElseThrow();
    }
}
