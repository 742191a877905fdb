package io.flowcast.stream.source;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable settings of the Kinesis source: the stream ARN and the connector properties ({@code
 * aws.*} and {@code flink.*} keys of {@code flink-connector-kinesis}) handed to {@code
 * KinesisStreamsSource} unchanged. Pointing the job at a local emulator is a change of {@code
 * aws.endpoint} here, not a different code path.
 */
public final class KinesisSourceConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String streamArn;
    private final Map<String, String> connectorProperties;

    public KinesisSourceConfig(String streamArn, Map<String, String> connectorProperties) {
        this.streamArn = Objects.requireNonNull(streamArn, "streamArn");
        this.connectorProperties =
                Collections.unmodifiableMap(
                        new LinkedHashMap<>(
                                Objects.requireNonNull(
                                        connectorProperties, "connectorProperties")));
    }

    public String streamArn() {
        return streamArn;
    }

    /** Connector keys and values, e.g. {@code aws.region}, {@code flink.stream.initpos}. */
    public Map<String, String> connectorProperties() {
        return connectorProperties;
    }
}
