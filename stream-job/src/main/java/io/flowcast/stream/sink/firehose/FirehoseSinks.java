package io.flowcast.stream.sink.firehose;

import io.flowcast.stream.inference.Prediction;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.aws.config.AWSConfigConstants;
import org.apache.flink.connector.firehose.sink.KinesisFirehoseSink;

/**
 * Builds the optional Kinesis Data Firehose sink of predictions ({@code
 * flink-connector-aws-kinesis-firehose}'s {@link KinesisFirehoseSink}).
 *
 * <p>Each prediction becomes one Firehose record holding one JSON line ({@link
 * PredictionJsonLines}). Records are sent in {@code PutRecordBatch} requests as configured in
 * {@link FirehoseConfig}; a request is sent when it is full, when its oldest record has waited
 * {@link FirehoseConfig#maxTimeInBuffer()}, and at the end of a bounded input. A checkpoint waits
 * until every in-flight request has completed and stores the records still buffered in the
 * checkpoint, so a restore sends them again.
 *
 * <p>Retries: fail-on-error is off, so records Firehose rejects (a partial failure, e.g. {@code
 * ServiceUnavailableException} for some records of a batch) or whole requests that fail with a
 * retryable error go back into the buffer and are sent again; the SDK also retries 5xx and
 * throttling responses itself. Missing or wrong credentials, a missing delivery stream and
 * access-denied errors fail the job. Delivery is therefore at least once: a request whose response
 * is lost is sent again, so a prediction can arrive twice; consumers de-duplicate by {@code
 * predictionId}, which is deterministic.
 *
 * <p>Credentials come from the AWS default provider chain (the application's IAM role on Managed
 * Flink); nothing here sets any. Against a loopback endpoint the test or local code supplies
 * placeholder credentials ({@code local.LoopbackCredentials}).
 */
public final class FirehoseSinks {

    private FirehoseSinks() {}

    /** The predictions sink writing to {@link FirehoseConfig#deliveryStream()}. */
    public static Sink<Prediction> predictions(FirehoseConfig config) {
        return KinesisFirehoseSink.<Prediction>builder()
                .setDeliveryStreamName(config.deliveryStream())
                .setFirehoseClientProperties(clientProperties(config))
                .setSerializationSchema(new PredictionJsonLines())
                .setMaxBatchSize(config.maxBatchSize())
                .setMaxInFlightRequests(config.maxInFlightRequests())
                .setMaxBufferedRequests(config.maxBufferedRequests())
                .setMaxBatchSizeInBytes(config.maxBatchBytes())
                .setMaxTimeInBufferMS(config.maxTimeInBuffer().toMillis())
                .setMaxRecordSizeInBytes(FirehoseConfig.MAX_RECORD_BYTES)
                // Rejected records are retried instead of failing the job (at-least-once).
                .setFailOnError(false)
                .build();
    }

    /**
     * The connector's client properties: region, the endpoint override if any, and the default
     * provider chain ({@code AUTO}) for credentials.
     */
    static Properties clientProperties(FirehoseConfig config) {
        Properties properties = new Properties();
        properties.setProperty(AWSConfigConstants.AWS_REGION, config.region());
        properties.setProperty(
                AWSConfigConstants.AWS_CREDENTIALS_PROVIDER,
                AWSConfigConstants.CredentialProvider.AUTO.name());
        config.endpoint()
                .ifPresent(
                        uri ->
                                properties.setProperty(
                                        AWSConfigConstants.AWS_ENDPOINT, uri.toString()));
        return properties;
    }
}
