package io.flowcast.stream.window;

import static io.flowcast.stream.testing.N3uronJson.message;
import static io.flowcast.stream.testing.N3uronJson.tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.flowcast.stream.FlowcastPipeline;
import io.flowcast.stream.config.RepoPaths;
import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.deadletter.DeadLetterReason;
import io.flowcast.stream.parse.ParseConfig;
import io.flowcast.stream.source.RawTelemetryRecord;
import io.flowcast.stream.testing.CollectingSink;
import io.flowcast.stream.testing.MiniClusters;
import io.flowcast.stream.testing.RawRecordsGenerator;
import io.flowcast.stream.testing.WindowConfigs;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole pipeline from raw records to feature vectors on a MiniCluster: gateway-style records
 * (one per asset and tick, all signals), some out of order within the watermark bound, one resent,
 * one late and one from an asset of unknown type, give exactly the expected vectors and dead
 * letters.
 */
class FeatureWindowsITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    private static final int ASSETS = 3;
    private static final int TICKS = 18; // every 10 s: three 60 s windows
    private static final long TICK_MILLIS = 10_000;

    @Test
    void simulatorStyleInputGivesExactlyTheExpectedVectors() throws Exception {
        long now = System.currentTimeMillis();
        long t0 = now - 3_600_000 - (now % 60_000); // a window start an hour ago

        List<String> records = new ArrayList<>();
        for (int tick = 0; tick < TICKS; tick++) {
            for (int asset = 0; asset < ASSETS; asset++) {
                records.add(record(asset, tick, t0));
            }
        }
        // Out of order within the 10 s bound: asset 0's tick 5 before its tick 4.
        Collections.swap(records, 4 * ASSETS, 5 * ASSETS);
        // A gateway resends asset 1's tick 2 record after a reconnect.
        records.add(3 * ASSETS + 1, record(1, 2, t0));
        // Arriving after tick 9 was seen: its window [t0, t0+60s) has closed.
        String late =
                "{\"SiteA/Line1/Pump-000/Load\":[{\"v\":999,\"q\":192,\"ts\":"
                        + (t0 + 30_000)
                        + "}]}";
        records.add(11 * ASSETS, late);
        // An asset no type rule knows.
        records.add(
                "{\"SiteA/Line1/Conveyor-9/Load\":[{\"v\":1,\"q\":192,\"ts\":"
                        + (t0 + 1000)
                        + "}]}");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // One parallel instance and a paced source make "late" deterministic: the periodic
        // watermark is emitted between records.
        env.setParallelism(1);
        env.getConfig().setAutoWatermarkInterval(10);
        CollectingSink<FeatureVector> vectors = new CollectingSink<>();
        CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();
        FlowcastPipeline.builder()
                .parseConfig(ParseConfig.defaults())
                .windowConfig(WindowConfigs.defaults())
                .source(
                        new DataGeneratorSource<>(
                                new RawRecordsGenerator(records),
                                records.size(),
                                RateLimiterStrategy.perSecond(40),
                                TypeInformation.of(RawTelemetryRecord.class)))
                .featureVectorSink(vectors)
                .deadLetterSink(deadLetters)
                .build()
                .build(env);
        env.execute("feature-windows-it");

        Map<String, FeatureVector> byAssetAndWindow = new TreeMap<>();
        for (FeatureVector v : vectors.values()) {
            assertThat(byAssetAndWindow.put(v.assetId + "@" + (v.windowStart - t0), v))
                    .as("one vector per asset and window")
                    .isNull();
        }
        assertThat(byAssetAndWindow).hasSize(ASSETS * 3);
        for (int asset = 0; asset < ASSETS; asset++) {
            for (int window = 0; window < 3; window++) {
                FeatureVector v = byAssetAndWindow.get(assetId(asset) + "@" + window * 60_000L);
                assertThat(v).as("asset %d window %d", asset, window).isNotNull();
                assertExpected(v, asset, window);
                assertThat(v.duplicateSamples).isEqualTo(asset == 1 && window == 0 ? 6 : 0);
            }
        }

        JsonSchema schema;
        try (InputStream in =
                Files.newInputStream(
                        RepoPaths.repoDir()
                                .resolve("schemas/records/feature-vector.schema.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        for (FeatureVector v : vectors.values()) {
            // As text: ITCases run against the shaded jar, whose Jackson is relocated.
            assertThat(
                            schema.validate(
                                    new ObjectMapper().readTree(FeatureVectorJson.toJsonString(v))))
                    .as("%s conforms to feature-vector.schema.json", v.assetId)
                    .isEmpty();
        }

        assertThat(deadLetters.values())
                .extracting(d -> d.reason)
                .containsExactlyInAnyOrder(
                        DeadLetterReason.LATE_SAMPLE, DeadLetterReason.UNKNOWN_ASSET_TYPE);
        assertThat(deadLetters.values())
                .filteredOn(d -> d.reason == DeadLetterReason.LATE_SAMPLE)
                .singleElement()
                .satisfies(d -> assertThat(d.payload).contains("999").contains("Pump-000"));
    }

    /** Features of one asset and window, computed the plain way from the generating formulas. */
    private static void assertExpected(FeatureVector v, int asset, int window) {
        double[] load = new double[6];
        double[] vibration = new double[6];
        double bearingSum = 0;
        for (int i = 0; i < 6; i++) {
            int tick = window * 6 + i;
            load[i] = load(asset, tick);
            vibration[i] = vibration(tick);
            bearingSum += 40 + 0.5 * load[i];
        }
        assertThat(v.sampleCount).isEqualTo(36);
        assertThat(v.feature("Load.mean")).isCloseTo(mean(load), within(1e-9));
        assertThat(v.feature("Load.max")).isEqualTo(load[5]);
        assertThat(v.feature("Load.slope")).isCloseTo(1.0 / 10, within(1e-9)); // +1 per 10 s tick
        assertThat(v.feature("Flow.mean")).isCloseTo(100.0 + asset, within(1e-9));
        assertThat(v.feature("Vibration.std")).isCloseTo(std(vibration), within(1e-9));
        assertThat(v.targetActual).isCloseTo(bearingSum / 6, within(1e-9));
        assertThat(v.missingSignals).isEmpty();
    }

    private static String record(int asset, int tick, long t0) {
        long ts = t0 + tick * TICK_MILLIS;
        String a = assetId(asset) + "/";
        double load = load(asset, tick);
        return message(
                tag(a + "Load", load, ts),
                tag(a + "AmbientTemp", 20 + tick * 0.1, ts),
                tag(a + "Flow", 100 + asset, ts),
                tag(a + "DischargePressure", 4 + 0.01 * tick, ts),
                tag(a + "Vibration", vibration(tick), ts),
                tag(a + "BearingTemp", 40 + 0.5 * load, ts));
    }

    private static String assetId(int asset) {
        return String.format("SiteA/Line1/Pump-%03d", asset);
    }

    private static double load(int asset, int tick) {
        return 50 + asset * 10 + tick;
    }

    private static double vibration(int tick) {
        return 1 + (tick % 2);
    }

    private static double mean(double[] xs) {
        double sum = 0;
        for (double x : xs) {
            sum += x;
        }
        return sum / xs.length;
    }

    private static double std(double[] xs) {
        double m = mean(xs);
        double ss = 0;
        for (double x : xs) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (xs.length - 1));
    }
}
