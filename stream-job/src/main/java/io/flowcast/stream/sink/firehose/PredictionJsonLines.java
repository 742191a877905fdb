package io.flowcast.stream.sink.firehose;

import io.flowcast.stream.inference.Prediction;
import io.flowcast.stream.inference.PredictionJson;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * Serializes a {@link Prediction} as one UTF-8 JSON line: {@link PredictionJson#toJsonString}
 * followed by {@code '\n'}. Firehose concatenates records as they are when it delivers to S3 (and
 * from there to Snowflake or Redshift), so the newline is what lets consumers split them again.
 */
public final class PredictionJsonLines implements SerializationSchema<Prediction> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(Prediction prediction) {
        return (PredictionJson.toJsonString(prediction) + '\n').getBytes(StandardCharsets.UTF_8);
    }
}
