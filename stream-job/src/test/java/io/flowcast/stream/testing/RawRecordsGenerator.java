package io.flowcast.stream.testing;

import io.flowcast.stream.source.RawTelemetryRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Serves the i-th payload as a raw Kinesis record, as the Kinesis source would, for bounded
 * MiniCluster tests ({@code DataGeneratorSource}). Payloads are kept as ISO-8859-1 text, which maps
 * bytes one to one, so any bytes (invalid UTF-8 too) survive.
 */
public final class RawRecordsGenerator implements GeneratorFunction<Long, RawTelemetryRecord> {
    private static final long serialVersionUID = 1L;

    private final ArrayList<String> payloads;

    /** Payloads as ISO-8859-1 text (ASCII JSON as it is). */
    public RawRecordsGenerator(List<String> payloads) {
        this.payloads = new ArrayList<>(payloads);
    }

    @Override
    public RawTelemetryRecord map(Long index) {
        return new RawTelemetryRecord(
                payloads.get(index.intValue()).getBytes(StandardCharsets.ISO_8859_1),
                Records.STREAM,
                "shardId-000000000000",
                String.valueOf(1000 + index),
                "key-" + index,
                System.currentTimeMillis());
    }
}
