package io.flowcast.training.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.stream.parse.TelemetrySample;
import io.flowcast.stream.window.FeatureAccumulator;
import io.flowcast.stream.window.FeatureAggregateFunction;
import io.flowcast.stream.window.FeatureSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Simulated history: repeatable, and computed by the job's own window code. */
class SimulatedHistoryTest {

    private static final Duration WINDOW = Duration.ofSeconds(60);
    private static final double HALF_AN_HOUR = 0.5;

    private static HistoryConfig smallPlant(long seed) {
        return HistoryConfig.builder()
                .hours(HALF_AN_HOUR)
                .windowSize(WINDOW)
                .seed(seed)
                .plant(1, 1, 4)
                .build();
    }

    private static SimulatedHistory history(long seed) {
        return SimulatedHistory.forAssetTypes(smallPlant(seed), List.of("pump", "compressor"));
    }

    @Test
    void oneAssetTypeAloneGivesTheSameRowsAsWithTheOthers() {
        Map<String, FeatureTable> pumpOnly =
                SimulatedHistory.forAssetTypes(smallPlant(7), List.of("pump")).generate();

        assertThat(pumpOnly).containsOnlyKeys("pump");
        assertThat(pumpOnly.get("pump").rows())
                .isNotEmpty()
                .isEqualTo(history(7).generate().get("pump").rows());
    }

    @Test
    void sameSeedGivesTheSameRowsAndAnotherSeedDoesNot() {
        Map<String, FeatureTable> first = history(7).generate();
        Map<String, FeatureTable> second = history(7).generate();
        Map<String, FeatureTable> other = history(8).generate();

        assertThat(first.get("pump").rows()).isEqualTo(second.get("pump").rows());
        assertThat(first.get("compressor").rows()).isEqualTo(second.get("compressor").rows());
        assertThat(first.get("pump").rows()).isNotEqualTo(other.get("pump").rows());
    }

    @Test
    void driftRaisesThePumpTargetFromItsStartAndLeavesTheFeaturesAlone() {
        Duration after = Duration.ofMinutes(10);
        HistoryConfig drifting =
                HistoryConfig.builder()
                        .hours(HALF_AN_HOUR)
                        .windowSize(WINDOW)
                        .seed(7)
                        .plant(1, 1, 4)
                        .drift(after, 6.0)
                        .build();
        List<FeatureRow> plain = history(7).generate().get("pump").rows();
        List<FeatureRow> drifted =
                SimulatedHistory.forAssetTypes(drifting, List.of("pump", "compressor"))
                        .generate()
                        .get("pump")
                        .rows();

        long driftStart = HistoryConfig.DEFAULT_START.plus(after).toEpochMilli();
        assertThat(drifted).hasSameSizeAs(plain);
        for (int i = 0; i < plain.size(); i++) {
            FeatureRow p = plain.get(i);
            FeatureRow d = drifted.get(i);
            assertThat(d.features()).containsExactly(p.features());
            double offset = p.windowStart() >= driftStart ? 6.0 : 0.0;
            assertThat(d.target()).as(d.toString()).isCloseTo(p.target() + offset, within(1e-9));
        }
        assertThat(drifting.toString()).contains("drift +6.0 after PT10M");
    }

    @Test
    void everyCompleteWindowOfEveryAssetIsOneRowWithoutMissingFeatures() {
        FeatureTable pumps = history(7).generate().get("pump");

        // 1 site x 1 line x 4 assets: Pump-001, Compressor-002, Pump-003, Compressor-004.
        assertThat(pumps.size()).isEqualTo(2 * 30);
        assertThat(pumps.featureNames()).startsWith("Load.mean", "Load.max", "Load.slope");
        assertThat(pumps.targetName()).isEqualTo("BearingTemp.mean");
        for (FeatureRow row : pumps.rows()) {
            for (float v : row.features()) {
                assertThat(v).isNotNaN();
            }
        }
    }

    @Test
    void featuresEqualWhatTheJobsAggregateFunctionGivesForTheSameSamples() {
        SimulatedHistory history = history(7);
        FeatureTable pumps = history.generate().get("pump");
        FeatureRow row = pumps.rows().get(5);

        List<TelemetrySample> windowSamples = new ArrayList<>();
        history.forEachSample(
                s -> {
                    if (s.assetId.equals(row.assetId())
                            && s.eventTimeMillis >= row.windowStart()
                            && s.eventTimeMillis < row.windowStart() + WINDOW.toMillis()) {
                        windowSamples.add(s);
                    }
                });
        // A fresh job function, fed in two halves merged together, as Flink may do.
        FeatureAggregateFunction job = new FeatureAggregateFunction(history.windowConfig());
        FeatureAccumulator a = job.createAccumulator();
        FeatureAccumulator b = job.createAccumulator();
        for (int i = 0; i < windowSamples.size(); i++) {
            if (i % 2 == 0) {
                a = job.add(windowSamples.get(i), a);
            } else {
                b = job.add(windowSamples.get(i), b);
            }
        }
        FeatureSpec spec = pumps.spec();
        FeatureRow fromJob =
                WindowFeatures.toRow(spec, row.assetId(), row.windowStart(), job.merge(a, b))
                        .orElseThrow();

        for (int f = 0; f < spec.featureCount(); f++) {
            assertThat(row.feature(f))
                    .as(spec.featureNames().get(f))
                    .isCloseTo(fromJob.feature(f), within(1e-4f));
        }
        assertThat(row.target()).isCloseTo(fromJob.target(), within(1e-9));

        // And plain arithmetic agrees with the job's Load.mean at 1 Hz.
        double sum = 0;
        int n = 0;
        for (TelemetrySample s : windowSamples) {
            if (s.signal.equals("Load")) {
                sum += s.value;
                n++;
            }
        }
        assertThat(n).isEqualTo(60);
        assertThat((double) row.feature(spec.indexOf("Load.mean")))
                .isCloseTo(sum / n, within(1e-4));
    }
}
