package io.flowcast.stream.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.stream.testing.WindowConfigs;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The spec-driven layout of window statistics: same answers, fewer bytes. */
class StatsLayoutTest {

    private static final long T0 = 1_800_000_000_000L;

    private final FeatureSpec pump = WindowConfigs.defaults().featureSpecs().forType("pump");

    @Test
    void keptStatisticsEqualThoseOfAFullAccumulatorOnRandomData() {
        StatsLayout layout = pump.statsLayout();
        Random random = new Random(17);
        for (int round = 0; round < 200; round++) {
            FeatureAccumulator lean = new FeatureAccumulator();
            lean.initialise("pump", layout, false);
            SignalStats[] full = new SignalStats[layout.signalCount()];
            for (int s = 0; s < full.length; s++) {
                full[s] = new SignalStats();
            }
            SignalStats work = new SignalStats();
            double offset = random.nextBoolean() ? 1e9 : 0;
            int samples = 1 + random.nextInt(200);
            for (int i = 0; i < samples; i++) {
                int s = random.nextInt(full.length);
                long ts = T0 + random.nextInt(60_000); // any order
                double value = offset + random.nextGaussian() * 5;
                boolean good = random.nextInt(10) > 0;
                lean.addSample(layout, s, ts, value, good, good, work);
                full[s].add(ts, value, good, good);
            }
            for (int s = 0; s < full.length; s++) {
                SignalStats kept = lean.stats(layout, s);
                assertThat(kept.totalCount()).isEqualTo(full[s].totalCount());
                assertThat(kept.count()).isEqualTo(full[s].count());
                if (full[s].isEmpty()) {
                    continue;
                }
                String signal = pump.signals().get(s);
                for (Feature feature : pump.features()) {
                    if (feature.signal().equals(signal)) {
                        double scale = Math.max(1.0, Math.abs(feature.statistic().of(full[s])));
                        assertThat(feature.statistic().of(kept))
                                .as("%s round %d", feature, round)
                                .isCloseTo(feature.statistic().of(full[s]), within(1e-9 * scale));
                    }
                }
            }
        }
    }

    @Test
    void keepsOnlyTheFieldsTheSpecReads() {
        StatsLayout layout = pump.statsLayout();
        // pump: Load mean/max/slope, AmbientTemp/Flow/DischargePressure mean, Vibration mean/std,
        // target BearingTemp mean. Every signal: total and used count.
        assertThat(layout.intSlots()).isEqualTo(2 * 6);
        assertThat(layout.longSlots()).isEqualTo(1); // Load's time anchor for the slope
        // Load 6 (anchor, mean dev, max, 3 time moments), Vibration 3, the other four 2 each.
        assertThat(layout.doubleSlots()).isEqualTo(6 + 3 + 4 * 2);
        assertThat(StatsLayout.keepingEverything(6).doubleSlots()).isEqualTo(6 * 9);
    }

    @Test
    void aStatisticThatWasNotKeptCannotBeReadByMistake() {
        StatsLayout layout = pump.statsLayout();
        FeatureAccumulator acc = new FeatureAccumulator();
        acc.initialise("pump", layout, false);
        int flow = pump.signals().indexOf("Flow");
        acc.addSample(layout, flow, T0, 12.5, true, true, new SignalStats());
        SignalStats stats = acc.stats(layout, flow);

        assertThat(stats.mean()).isEqualTo(12.5);
        assertThatThrownBy(stats::std)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("std() was not kept");
        assertThatThrownBy(stats::last).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(stats::goodShare).isInstanceOf(IllegalStateException.class);
    }
}
