package io.flowcast.stream.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.parse.OpcQuality;
import io.flowcast.stream.parse.TelemetrySample;
import io.flowcast.stream.testing.WindowConfigs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/** Duplicate detection and merging of window accumulators. */
class FeatureAccumulatorTest {

    private static final long T0 = 1_800_000_000_000L;
    private final FeatureAggregateFunction aggregate =
            new FeatureAggregateFunction(WindowConfigs.defaults());

    @Test
    void duplicatesAreDetectedExactlyWhateverTheArrivalOrder() {
        List<TelemetrySample> samples = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            samples.add(sample("Load", i, T0 + i * 1000));
            samples.add(sample("Flow", i, T0 + i * 1000));
        }
        List<TelemetrySample> withResends = new ArrayList<>(samples);
        withResends.addAll(samples.subList(10, 30)); // a burst of 20 resends
        Collections.shuffle(withResends, new Random(7));

        FeatureAccumulator acc = aggregate.createAccumulator();
        for (TelemetrySample s : withResends) {
            acc = aggregate.add(s, acc);
        }

        assertThat(acc.duplicateSamples).isEqualTo(20);
        assertThat(acc.sampleCount).isEqualTo(120);
        assertThat(acc.seen.size).isEqualTo(120);
    }

    @Test
    void mergingPartialAccumulatorsEqualsAccumulatingEverything() {
        FeatureAccumulator all = aggregate.createAccumulator();
        FeatureAccumulator first = aggregate.createAccumulator();
        FeatureAccumulator second = aggregate.createAccumulator();
        for (int i = 0; i < 40; i++) {
            TelemetrySample s = sample("Load", 10 + i % 7, T0 + i * 1000);
            all = aggregate.add(s, all);
            if (i < 25) {
                first = aggregate.add(s, first);
            } else {
                second = aggregate.add(s, second);
            }
        }
        FeatureAccumulator merged = aggregate.merge(first, second);

        int load = 0;
        StatsLayout layout = WindowConfigs.defaults().featureSpecs().forType("pump").statsLayout();
        assertThat(merged.sampleCount).isEqualTo(all.sampleCount);
        assertThat(merged.stats(layout, load).mean())
                .isEqualTo(
                        all.stats(layout, load).mean(),
                        org.assertj.core.api.Assertions.within(1e-12));
        assertThat(merged.stats(layout, load).slope())
                .isEqualTo(
                        all.stats(layout, load).slope(),
                        org.assertj.core.api.Assertions.within(1e-12));
        assertThat(merged.seen.size).isEqualTo(40);
    }

    @Test
    void theAccumulatorIsAPojoSoStateNeedsNoKryo() {
        TypeInformation<FeatureAccumulator> info = TypeInformation.of(FeatureAccumulator.class);
        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        ExecutionConfig config = new ExecutionConfig();
        config.disableGenericTypes();
        info.createSerializer(config.getSerializerConfig());
        TypeInformation.of(FeatureVector.class).createSerializer(config.getSerializerConfig());
        TypeInformation.of(CarriedFeatures.class).createSerializer(config.getSerializerConfig());
    }

    private static TelemetrySample sample(String signal, double value, long ts) {
        return new TelemetrySample("SiteA/Line1/Pump-001", signal, value, OpcQuality.GOOD, ts);
    }
}
