package io.flowcast.stream.window;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.deadletter.DeadLetterMetrics;
import io.flowcast.stream.deadletter.DeadLetterReason;
import io.flowcast.stream.metrics.FlowcastMetrics;
import io.flowcast.stream.parse.TelemetrySample;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Dead letters of the window stage: the payload is the rejected sample as JSON. Samples no longer
 * carry their Kinesis coordinates (that would cost memory per sample), so those fields are null.
 */
public final class WindowDeadLetters {

    /** The stage name written into dead letters. */
    public static final String STAGE = "window";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private WindowDeadLetters() {}

    static DeadLetter of(
            DeadLetterReason reason,
            String detail,
            TelemetrySample sample,
            int maxPayloadBytes,
            long detectedAtMillis) {
        byte[] json;
        try {
            json = MAPPER.writeValueAsBytes(sample);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize sample " + sample, e);
        }
        DeadLetter letter =
                DeadLetter.of(reason, detail, STAGE, json, maxPayloadBytes, detectedAtMillis);
        letter.partitionKey = sample.assetId;
        return letter;
    }

    /** Maps samples that arrived after their window closed to {@code LATE_SAMPLE} dead letters. */
    public static final class LateSamples extends RichMapFunction<TelemetrySample, DeadLetter> {
        private static final long serialVersionUID = 1L;
        private final long allowedLatenessMillis;
        private final int maxPayloadBytes;
        private transient DeadLetterMetrics deadLetters;

        public LateSamples(WindowConfig config, int maxPayloadBytes) {
            this.allowedLatenessMillis = config.allowedLateness().toMillis();
            this.maxPayloadBytes = maxPayloadBytes;
        }

        @Override
        public void open(OpenContext openContext) {
            deadLetters =
                    new DeadLetterMetrics(
                            FlowcastMetrics.group(getRuntimeContext().getMetricGroup()));
        }

        @Override
        public DeadLetter map(TelemetrySample sample) {
            return deadLetters.count(
                    of(
                            DeadLetterReason.LATE_SAMPLE,
                            "event time "
                                    + sample.eventTimeMillis
                                    + " arrived after its window closed (watermark passed the window end plus "
                                    + allowedLatenessMillis
                                    + " ms allowed lateness)",
                            sample,
                            maxPayloadBytes,
                            System.currentTimeMillis()));
        }
    }
}
