package io.flowcast.stream.sink;

import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.deadletter.DeadLetterJson;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneOffset;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.DateTimeBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.DefaultRollingPolicy;

/**
 * Builds the dead-letter sink: JSON Lines files under {@code <path>/dt=YYYY-MM-DD/hour=HH/}
 * (processing time, UTC) through Flink's {@code FileSink}. Part files are committed when a
 * checkpoint completes, so each dead letter appears exactly once after a restore; files still in
 * progress are hidden ({@code .inprogress}) until then.
 */
public final class DeadLetterSinkFactory {

    static final String BUCKET_FORMAT = "'dt='yyyy-MM-dd'/hour='HH";

    private DeadLetterSinkFactory() {}

    public static FileSink<DeadLetter> create(DeadLetterSinkConfig config) {
        return FileSink.forRowFormat(new Path(config.basePath()), new JsonLinesEncoder())
                .withBucketAssigner(new DateTimeBucketAssigner<>(BUCKET_FORMAT, ZoneOffset.UTC))
                .withRollingPolicy(
                        DefaultRollingPolicy.builder()
                                .withRolloverInterval(config.rolloverInterval())
                                .withInactivityInterval(config.rolloverInterval())
                                .withMaxPartSize(MemorySize.ofMebiBytes(128))
                                .build())
                .withOutputFileConfig(
                        OutputFileConfig.builder()
                                .withPartPrefix("dead-letters")
                                .withPartSuffix(".jsonl")
                                .build())
                .build();
    }

    /** One dead letter per line. */
    static final class JsonLinesEncoder implements Encoder<DeadLetter> {
        private static final long serialVersionUID = 1L;

        @Override
        public void encode(DeadLetter element, OutputStream stream) throws IOException {
            stream.write(DeadLetterJson.toJson(element));
            stream.write('\n');
        }
    }
}
