package io.flowcast.stream.inference;

import io.flowcast.stream.SideOutputs;
import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.deadletter.DeadLetterMetrics;
import io.flowcast.stream.deadletter.DeadLetterReason;
import io.flowcast.stream.enrich.EnrichedFeatureVectorJson;
import io.flowcast.stream.inference.InferenceException.Kind;
import io.flowcast.stream.metrics.FlowcastMetrics;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Splits the inference stage's results: predictions go on; failures become dead letters on {@link
 * SideOutputs#DEAD_LETTERS} ({@link DeadLetterReason#MODEL_ERROR}, {@link
 * DeadLetterReason#INFERENCE_TIMEOUT}, or {@link DeadLetterReason#INFERENCE_FAILED} with the kind
 * in the detail), with the enriched vector as payload and the asset id as partition key. Nothing is
 * dropped.
 */
public class InferenceOutcomeFunction extends ProcessFunction<InferenceResult, Prediction> {
    private static final long serialVersionUID = 1L;

    /** The stage name written into dead letters. */
    public static final String STAGE = "inference";

    private final int maxPayloadBytes;
    private transient DeadLetterMetrics deadLetters;

    public InferenceOutcomeFunction(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        deadLetters =
                new DeadLetterMetrics(FlowcastMetrics.group(getRuntimeContext().getMetricGroup()));
    }

    @Override
    public void processElement(InferenceResult result, Context ctx, Collector<Prediction> out) {
        if (result.succeeded()) {
            out.collect(result.prediction);
            return;
        }
        DeadLetterReason reason;
        if (Kind.MODEL_ERROR.name().equals(result.failure)) {
            reason = DeadLetterReason.MODEL_ERROR;
        } else if (InferenceFunction.TIMEOUT.equals(result.failure)) {
            reason = DeadLetterReason.INFERENCE_TIMEOUT;
        } else {
            reason = DeadLetterReason.INFERENCE_FAILED;
        }
        byte[] payload =
                EnrichedFeatureVectorJson.toJsonString(result.input)
                        .getBytes(StandardCharsets.UTF_8);
        DeadLetter letter =
                DeadLetter.of(
                        reason,
                        result.failure + ": " + result.failureDetail,
                        STAGE,
                        payload,
                        maxPayloadBytes,
                        System.currentTimeMillis());
        letter.partitionKey = result.input.vector.assetId;
        ctx.output(SideOutputs.DEAD_LETTERS, deadLetters.count(letter));
    }
}
