package io.flowcast.stream.enrich;

import io.flowcast.stream.SideOutputs;
import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.deadletter.DeadLetterMetrics;
import io.flowcast.stream.deadletter.DeadLetterReason;
import io.flowcast.stream.metrics.FlowcastMetrics;
import io.flowcast.stream.window.FeatureVectorJson;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Applies the configured actions to enriched windows: with {@code Enrichment/on.failure =
 * DEAD_LETTER}, {@link EnrichmentStatus#UNENRICHED} windows go to the dead-letter side output
 * ({@link SideOutputs#DEAD_LETTERS}, reason {@link DeadLetterReason#ENRICHMENT_FAILED}); with
 * {@code on.unknown.asset = DEAD_LETTER}, {@link EnrichmentStatus#UNKNOWN_ASSET} ones do (reason
 * {@link DeadLetterReason#UNKNOWN_ASSET}). The dead letter's payload is the feature vector as JSON,
 * its partition key the asset id. Everything else passes through unchanged.
 */
public class EnrichmentOutcomeFunction
        extends ProcessFunction<EnrichedFeatureVector, EnrichedFeatureVector> {
    private static final long serialVersionUID = 1L;

    /** The stage name written into dead letters. */
    public static final String STAGE = "enrich";

    private final EnrichConfig config;
    private final int maxPayloadBytes;

    private transient DeadLetterMetrics deadLetters;

    public EnrichmentOutcomeFunction(EnrichConfig config, int maxPayloadBytes) {
        this.config = Objects.requireNonNull(config, "config");
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        deadLetters =
                new DeadLetterMetrics(FlowcastMetrics.group(getRuntimeContext().getMetricGroup()));
    }

    @Override
    public void processElement(
            EnrichedFeatureVector value, Context ctx, Collector<EnrichedFeatureVector> out) {
        DeadLetterReason reason = null;
        if (value.enrichment == EnrichmentStatus.UNENRICHED
                && config.onFailure() == EnrichConfig.Action.DEAD_LETTER) {
            reason = DeadLetterReason.ENRICHMENT_FAILED;
        } else if (value.enrichment == EnrichmentStatus.UNKNOWN_ASSET
                && config.onUnknownAsset() == EnrichConfig.Action.DEAD_LETTER) {
            reason = DeadLetterReason.UNKNOWN_ASSET;
        }
        if (reason == null) {
            out.collect(value);
            return;
        }
        DeadLetter letter =
                DeadLetter.of(
                        reason,
                        value.enrichmentDetail,
                        STAGE,
                        FeatureVectorJson.toJsonBytes(value.vector),
                        maxPayloadBytes,
                        System.currentTimeMillis());
        letter.partitionKey = value.vector.assetId;
        ctx.output(SideOutputs.DEAD_LETTERS, deadLetters.count(letter));
    }
}
