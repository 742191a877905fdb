package io.flowcast.stream.window;

import io.flowcast.stream.parse.TelemetrySample;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Event time of the window stage: samples carry the gateway's timestamp; the watermark trails the
 * newest one by the configured out-of-orderness; an input without samples for the idleness period
 * is marked idle so it does not hold the watermark back.
 *
 * <p>Watermarks are generated per parallel instance after parsing (parsing must stay downstream of
 * the source so bad records become dead letters with their Kinesis coordinates), so one instance's
 * watermark covers all the shards it reads; the out-of-orderness bound absorbs the skew between
 * them.
 */
public final class WindowWatermarks {

    private WindowWatermarks() {}

    public static WatermarkStrategy<TelemetrySample> strategy(WindowConfig config) {
        return WatermarkStrategy.<TelemetrySample>forBoundedOutOfOrderness(config.outOfOrderness())
                .withTimestampAssigner((sample, previous) -> sample.eventTimeMillis)
                .withIdleness(config.idleness());
    }

    public static WindowAssigner<Object, TimeWindow> assigner(WindowConfig config) {
        if (config.type() == WindowConfig.WindowType.SLIDING) {
            return SlidingEventTimeWindows.of(config.size(), config.slide());
        }
        return TumblingEventTimeWindows.of(config.size());
    }
}
