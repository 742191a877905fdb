package io.flowcast.stream.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.parse.OpcQuality;
import io.flowcast.stream.parse.TelemetrySample;
import io.flowcast.stream.testing.WindowConfigs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.clock.ManualClock;
import org.apache.flink.util.clock.RelativeClock;
import org.junit.jupiter.api.Test;

/** Watermarks trail the newest event time by the out-of-orderness and go idle on quiet inputs. */
class WindowWatermarksTest {

    // Not at 0: Flink's idleness timer reads a start time of 0 as "not started".
    private final ManualClock clock = new ManualClock(1_000_000_000L);
    private final Output output = new Output();

    @Test
    void theWatermarkTrailsTheNewestEventTimeByTheOutOfOrderness() {
        WatermarkGenerator<TelemetrySample> generator =
                generator(Map.of("watermark.out.of.orderness", "10s"));

        generator.onEvent(sample(100_000), 100_000, output);
        generator.onEvent(sample(90_000), 90_000, output); // out of order: does not move it back
        generator.onPeriodicEmit(output);

        assertThat(output.watermarks).containsExactly(100_000L - 10_000 - 1);
        assertThat(output.idle).isFalse();
    }

    @Test
    void aQuietInputIsMarkedIdleSoItDoesNotHoldBackTheOthers() {
        WatermarkGenerator<TelemetrySample> generator =
                generator(Map.of("watermark.idleness", "30s"));
        generator.onEvent(sample(100_000), 100_000, output);
        generator.onPeriodicEmit(output);
        generator.onPeriodicEmit(output); // no new sample since the last check: quiet from now

        clock.advanceTime(java.time.Duration.ofSeconds(29));
        generator.onPeriodicEmit(output);
        assertThat(output.idle).as("quiet for less than the idleness").isFalse();

        clock.advanceTime(java.time.Duration.ofSeconds(2));
        generator.onPeriodicEmit(output);
        assertThat(output.idle).isTrue();
    }

    @Test
    void anInputThatGetsSamplesAgainIsActiveAgain() {
        WatermarkGenerator<TelemetrySample> generator =
                generator(Map.of("watermark.idleness", "30s"));
        generator.onEvent(sample(100_000), 100_000, output);
        generator.onPeriodicEmit(output);
        generator.onPeriodicEmit(output);
        clock.advanceTime(java.time.Duration.ofSeconds(31));
        generator.onPeriodicEmit(output);
        assertThat(output.idle).isTrue();

        generator.onEvent(sample(200_000), 200_000, output);
        generator.onPeriodicEmit(output);

        assertThat(output.idle).isFalse();
        assertThat(output.watermarks).last().isEqualTo(200_000L - 10_000 - 1);
    }

    private WatermarkGenerator<TelemetrySample> generator(Map<String, String> windows) {
        return WindowWatermarks.strategy(WindowConfigs.with(windows))
                .createWatermarkGenerator(
                        new WatermarkGeneratorSupplier.Context() {
                            @Override
                            public MetricGroup getMetricGroup() {
                                return new UnregisteredMetricsGroup();
                            }

                            @Override
                            public RelativeClock getInputActivityClock() {
                                return clock;
                            }
                        });
    }

    private static TelemetrySample sample(long ts) {
        return new TelemetrySample("SiteA/Line1/Pump-001", "Load", 1, OpcQuality.GOOD, ts);
    }

    /** Records what the generator emits. */
    private static final class Output implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();
        boolean idle;

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
            idle = false;
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    }
}
