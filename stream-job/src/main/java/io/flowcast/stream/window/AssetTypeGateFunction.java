package io.flowcast.stream.window;

import io.flowcast.stream.SideOutputs;
import io.flowcast.stream.deadletter.DeadLetterMetrics;
import io.flowcast.stream.deadletter.DeadLetterReason;
import io.flowcast.stream.metrics.FlowcastMetrics;
import io.flowcast.stream.parse.TelemetrySample;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets through samples of assets whose type is known (so a feature spec applies) and turns the
 * others into {@code UNKNOWN_ASSET_TYPE} dead letters on {@link SideOutputs#DEAD_LETTERS}, with the
 * sample as payload. Stateless.
 */
public class AssetTypeGateFunction extends ProcessFunction<TelemetrySample, TelemetrySample> {
    private static final long serialVersionUID = 1L;

    private final AssetTypeRules rules;
    private final int maxPayloadBytes;
    private transient DeadLetterMetrics deadLetters;

    public AssetTypeGateFunction(AssetTypeRules rules, int maxPayloadBytes) {
        this.rules = rules;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        deadLetters =
                new DeadLetterMetrics(FlowcastMetrics.group(getRuntimeContext().getMetricGroup()));
    }

    @Override
    public void processElement(
            TelemetrySample sample, Context ctx, Collector<TelemetrySample> out) {
        if (rules.typeOf(sample.assetId).isPresent()) {
            out.collect(sample);
        } else {
            ctx.output(
                    SideOutputs.DEAD_LETTERS,
                    deadLetters.count(
                            WindowDeadLetters.of(
                                    DeadLetterReason.UNKNOWN_ASSET_TYPE,
                                    "asset '"
                                            + sample.assetId
                                            + "' matches no rule of Windows/asset.type.rules ("
                                            + rules
                                            + ")",
                                    sample,
                                    maxPayloadBytes,
                                    ctx.timerService().currentProcessingTime())));
        }
    }
}
