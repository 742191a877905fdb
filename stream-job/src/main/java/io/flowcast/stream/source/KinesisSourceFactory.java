package io.flowcast.stream.source;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kinesis.source.KinesisStreamsSource;

/**
 * Builds the production source: {@code KinesisStreamsSource} (FLIP-27) over the configured stream,
 * emitting {@link RawTelemetryRecord}s. The same code reads AWS and the local emulator; only {@code
 * aws.endpoint} differs.
 */
public final class KinesisSourceFactory {

    private KinesisSourceFactory() {}

    public static KinesisStreamsSource<RawTelemetryRecord> create(KinesisSourceConfig config) {
        Configuration sourceConfig = new Configuration();
        config.connectorProperties().forEach(sourceConfig::setString);
        return KinesisStreamsSource.<RawTelemetryRecord>builder()
                .setStreamArn(config.streamArn())
                .setSourceConfig(sourceConfig)
                .setDeserializationSchema(new RawRecordDeserializationSchema())
                .build();
    }
}
