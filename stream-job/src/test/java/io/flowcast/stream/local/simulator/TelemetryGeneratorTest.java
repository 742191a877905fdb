package io.flowcast.stream.local.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Determinism, message shape, physics and every scenario knob of {@link TelemetryGenerator}. */
class TelemetryGeneratorTest {

    private static final long START = 1_732_230_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every fault knob on, so determinism covers the fault paths too. */
    private static SimulatorOptions.Builder everythingOn() {
        return SimulatorOptions.builder()
                .sites(2)
                .linesPerSite(2)
                .assetsPerLine(3)
                .missingFraction(0.05)
                .duplicateFraction(0.05)
                .outOfOrderFraction(0.05)
                .lateFraction(0.05)
                .malformedFraction(0.05)
                .badQualityFraction(0.05)
                .flatFraction(0.2)
                .driftStart(Duration.ofSeconds(30));
    }

    private static List<TelemetryRecord> ticks(TelemetryGenerator generator, int count) {
        List<TelemetryRecord> all = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            all.addAll(generator.recordsForTick(t));
        }
        return all;
    }

    @Test
    void sameSeedGivesByteIdenticalRecords() {
        SimulatorOptions options = everythingOn().seed(7).build();
        List<TelemetryRecord> first = ticks(new TelemetryGenerator(options, START), 120);
        List<TelemetryRecord> second = ticks(new TelemetryGenerator(options, START), 120);

        assertThat(first).hasSameSizeAs(second).hasSizeGreaterThan(1000);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i).partitionKey()).isEqualTo(first.get(i).partitionKey());
            assertThat(second.get(i).data()).isEqualTo(first.get(i).data());
        }
    }

    @Test
    void differentSeedGivesDifferentRecords() {
        List<TelemetryRecord> seed7 =
                ticks(new TelemetryGenerator(everythingOn().seed(7).build(), START), 20);
        List<TelemetryRecord> seed8 =
                ticks(new TelemetryGenerator(everythingOn().seed(8).build(), START), 20);

        List<String> a = new ArrayList<>();
        seed7.forEach(r -> a.add(r.json()));
        List<String> b = new ArrayList<>();
        seed8.forEach(r -> b.add(r.json()));
        assertThat(a).isNotEqualTo(b);
        assertThat(a.get(0)).isNotEqualTo(b.get(0));
    }

    @Test
    void anyTickCanBeAskedForAgainAndGivesTheSameRecords() {
        TelemetryGenerator inOrder = new TelemetryGenerator(everythingOn().build(), START);
        List<List<TelemetryRecord>> expected = new ArrayList<>();
        for (int t = 0; t < 30; t++) {
            expected.add(inOrder.recordsForTick(t));
        }

        TelemetryGenerator jumping = new TelemetryGenerator(everythingOn().build(), START);
        assertSameBytes(jumping.recordsForTick(25), expected.get(25));
        assertSameBytes(jumping.recordsForTick(3), expected.get(3));
        assertSameBytes(jumping.recordsForTick(4), expected.get(4));
    }

    @Test
    void negativeTickIsRejected() {
        TelemetryGenerator generator = new TelemetryGenerator(SimulatorOptions.defaults(), START);
        assertThatThrownBy(() -> generator.recordsForTick(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyWellFormedRecordHasTheDocumentedShape() throws Exception {
        SimulatorOptions options = everythingOn().flatFraction(0.3).build();
        TelemetryGenerator generator = new TelemetryGenerator(options, START);
        int tagMaps = 0;
        int flats = 0;
        for (TelemetryRecord record : ticks(generator, 200)) {
            if (record.malformedKind().isPresent()) {
                continue;
            }
            JsonNode root = JSON.readTree(record.data());
            assertThat(root.isObject()).as(record.json()).isTrue();
            if (root.has("tag")) {
                flats++;
                assertThat(record.isFlat()).isTrue();
                assertThat(fieldNames(root)).containsExactly("tag", "v", "q", "ts");
                assertTag(root.get("tag").asText(), record, generator);
                assertSampleValues(root, record);
            } else {
                tagMaps++;
                assertThat(record.isFlat()).isFalse();
                assertThat(root.size()).isEqualTo(record.sampleCount()).isPositive();
                for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> tag = it.next();
                    assertTag(tag.getKey(), record, generator);
                    assertThat(tag.getValue().isArray()).isTrue();
                    assertThat(tag.getValue()).hasSize(1);
                    JsonNode sample = tag.getValue().get(0);
                    assertThat(fieldNames(sample)).containsExactly("v", "q", "ts");
                    assertSampleValues(sample, record);
                }
            }
        }
        assertThat(tagMaps).isGreaterThan(1000);
        assertThat(flats).isGreaterThan(1000);
    }

    @Test
    void tagMapRecordHoldsAllSignalsOfOneAssetWhenNoKnobIsSet() throws Exception {
        TelemetryGenerator generator = new TelemetryGenerator(SimulatorOptions.defaults(), START);
        List<TelemetryRecord> tick0 = generator.recordsForTick(0);

        assertThat(tick0).hasSize(generator.plant().assets().size());
        SimulatedAsset pump = generator.plant().assets().get(0);
        JsonNode root = JSON.readTree(tick0.get(0).data());
        assertThat(tick0.get(0).partitionKey()).isEqualTo("SiteA/Line1/Pump-001");
        assertThat(fieldNames(root))
                .containsExactly(
                        "SiteA/Line1/Pump-001/Load",
                        "SiteA/Line1/Pump-001/AmbientTemp",
                        "SiteA/Line1/Pump-001/BearingTemp",
                        "SiteA/Line1/Pump-001/Vibration",
                        "SiteA/Line1/Pump-001/Flow",
                        "SiteA/Line1/Pump-001/DischargePressure");
        assertThat(pump.signals()).hasSize(6);
        assertThat(root.get("SiteA/Line1/Pump-001/Load").get(0).get("ts").asLong())
                .isEqualTo(START);
        assertThat(generator.recordsForTick(1).get(0).json()).contains("\"ts\":" + (START + 1000));
    }

    @ParameterizedTest
    @ValueSource(longs = {42, 1, 2, 3, 4, 5})
    void bearingTemperatureFollowsLoadAfterWarmUp(long seed) {
        // 10 s ticks over ~14 h so the load walk covers its range many times.
        SimulatorOptions options =
                SimulatorOptions.builder()
                        .seed(seed)
                        .linesPerSite(1)
                        .assetsPerLine(2)
                        .interval(Duration.ofSeconds(10))
                        .build();
        TelemetryGenerator generator = new TelemetryGenerator(options, START);
        List<Double> load = new ArrayList<>();
        List<Double> bearing = new ArrayList<>();
        List<Double> bearingRise = new ArrayList<>();
        List<Double> vibration = new ArrayList<>();
        List<Double> current = new ArrayList<>();
        List<Double> compressorLoad = new ArrayList<>();
        for (int t = 0; t < 5000; t++) {
            List<TelemetryRecord> records = generator.recordsForTick(t);
            if (t < 100) {
                continue;
            }
            Map<String, Double> pump = values(records.get(0));
            Map<String, Double> compressor = values(records.get(1));
            load.add(pump.get("Load"));
            bearing.add(pump.get("BearingTemp"));
            bearingRise.add(pump.get("BearingTemp") - pump.get("AmbientTemp"));
            vibration.add(pump.get("Vibration"));
            compressorLoad.add(compressor.get("Load"));
            current.add(compressor.get("MotorCurrent"));
        }

        // The daily ambient swing also moves the bearing temperature, so the rise above ambient
        // tracks load more closely than the raw temperature does.
        assertThat(correlation(load, bearing)).isGreaterThan(0.4);
        assertThat(correlation(load, bearingRise)).isGreaterThan(0.7);
        assertThat(correlation(load, vibration)).isGreaterThan(0.9);
        assertThat(correlation(compressorLoad, current)).isGreaterThan(0.95);
        // Load stays in its bounds and actually moves.
        assertThat(load).allSatisfy(l -> assertThat(l).isBetween(0.0, 100.0));
        assertThat(max(load) - min(load)).isGreaterThan(20);
    }

    @Test
    void temperatureLagsBehindLoad() {
        // A first-order lag: the temperature matches the load of a few minutes ago better than
        // the current load, and the bearing is always hotter than ambient.
        SimulatorOptions options =
                SimulatorOptions.builder()
                        .linesPerSite(1)
                        .assetsPerLine(1)
                        .interval(Duration.ofSeconds(10))
                        .build();
        TelemetryGenerator generator = new TelemetryGenerator(options, START);
        List<Double> load = new ArrayList<>();
        List<Double> bearing = new ArrayList<>();
        int hotterThanAmbient = 0;
        int ticks = 4000;
        for (int t = 0; t < ticks; t++) {
            Map<String, Double> pump = values(generator.recordsForTick(t).get(0));
            load.add(pump.get("Load"));
            bearing.add(pump.get("BearingTemp"));
            hotterThanAmbient += pump.get("BearingTemp") > pump.get("AmbientTemp") ? 1 : 0;
        }
        assertThat(hotterThanAmbient).isEqualTo(ticks);
        int lagTicks = 12;
        List<Double> earlierLoad = load.subList(0, load.size() - lagTicks);
        List<Double> laterBearing = bearing.subList(lagTicks, bearing.size());
        assertThat(correlation(earlierLoad, laterBearing))
                .isGreaterThan(correlation(load, bearing));
    }

    @Test
    void faultKnobsDoNotChangeThePhysicalValues() {
        TelemetryGenerator clean = new TelemetryGenerator(SimulatorOptions.defaults(), START);
        TelemetryGenerator noisy =
                new TelemetryGenerator(
                        SimulatorOptions.builder().missingFraction(0.3).flatFraction(0.5).build(),
                        START);
        for (int t = 0; t < 50; t++) {
            Map<String, Double> expected = allValues(clean.recordsForTick(t));
            Map<String, Double> actual = allValues(noisy.recordsForTick(t));
            assertThat(expected).containsAllEntriesOf(actual);
        }
    }

    @Test
    void malformedShareMatchesTheFractionAndKindsTakeTurns() throws Exception {
        SimulatorOptions options = everythingOn().malformedFraction(0.1).build();
        List<TelemetryRecord> records = ticks(new TelemetryGenerator(options, START), 500);

        List<MalformedKind> kinds = new ArrayList<>();
        for (TelemetryRecord r : records) {
            r.malformedKind().ifPresent(kinds::add);
        }
        // Duplicates of good records dilute the share a little; 10% +- 1.5 points over ~10k.
        double share = kinds.size() / (double) records.size();
        assertThat(records.size()).isGreaterThan(8000);
        assertThat(share).isCloseTo(0.1, within(0.015));
        MalformedKind[] all = MalformedKind.values();
        for (int i = 0; i < kinds.size(); i++) {
            assertThat(kinds.get(i)).isEqualTo(all[i % all.length]);
        }
    }

    @Test
    void eachMalformedKindIsBrokenTheWayItsNameSays() throws Exception {
        SimulatorOptions options = SimulatorOptions.builder().malformedFraction(1.0).build();
        TelemetryGenerator generator = new TelemetryGenerator(options, START);
        Map<MalformedKind, TelemetryRecord> byKind = new HashMap<>();
        for (TelemetryRecord r : ticks(generator, 3)) {
            byKind.putIfAbsent(r.malformedKind().get(), r);
        }
        assertThat(byKind).containsOnlyKeys(MalformedKind.values());

        assertThat(parses(byKind.get(MalformedKind.TRUNCATED_JSON))).isFalse();
        assertThat(parses(byKind.get(MalformedKind.NAN_LITERAL))).isFalse();
        assertThat(byKind.get(MalformedKind.NAN_LITERAL).json()).contains("\"v\":NaN");
        assertThat(firstSample(byKind.get(MalformedKind.STRING_VALUE)).get("v").isTextual())
                .isTrue();
        assertThat(firstSample(byKind.get(MalformedKind.MISSING_TS)).has("ts")).isFalse();
        JsonNode noSlash = JSON.readTree(byKind.get(MalformedKind.TAG_WITHOUT_SEPARATOR).data());
        assertThat(noSlash.fieldNames().next()).doesNotContain("/");
        TelemetryRecord future = byKind.get(MalformedKind.FUTURE_TIMESTAMP);
        assertThat(firstSample(future).get("ts").asLong())
                .isEqualTo(generator.tickTimestamp(future.tick()) + Duration.ofDays(2).toMillis());
        assertThat(byKind.get(MalformedKind.NESTED_ARRAY_GARBAGE).json())
                .contains("[[[[[[[[[[[[[[[[");
        assertThat(JSON.readTree(byKind.get(MalformedKind.TOP_LEVEL_ARRAY).data()).isArray())
                .isTrue();
        for (TelemetryRecord r : byKind.values()) {
            assertThat(r.sampleCount()).isZero();
            assertThat(r.partitionKey()).contains("/");
        }
    }

    @Test
    void duplicatesAreByteIdenticalToAnEarlierRecord() {
        SimulatorOptions options = everythingOn().duplicateFraction(0.2).build();
        List<TelemetryRecord> records = ticks(new TelemetryGenerator(options, START), 100);

        int duplicates = 0;
        for (int i = 0; i < records.size(); i++) {
            TelemetryRecord r = records.get(i);
            if (!r.isDuplicate()) {
                continue;
            }
            duplicates++;
            boolean earlierTwin = false;
            for (int j = 0; j < i && !earlierTwin; j++) {
                earlierTwin = !records.get(j).isDuplicate() && records.get(j).sameBytesAs(r);
            }
            assertThat(earlierTwin).as("duplicate at %d has an earlier original", i).isTrue();
            assertThat(r.malformedKind()).isEmpty();
        }
        assertThat(duplicates / (double) records.size()).isBetween(0.13, 0.2);
    }

    @Test
    void lateRecordsAreStampedLateByTheConfiguredAmount() throws Exception {
        Duration lateBy = Duration.ofMinutes(7);
        SimulatorOptions options =
                everythingOn().lateFraction(0.2).lateBy(lateBy).malformedFraction(0).build();
        TelemetryGenerator generator = new TelemetryGenerator(options, START);
        int late = 0;
        for (TelemetryRecord r : ticks(generator, 100)) {
            long expected =
                    generator.tickTimestamp(r.tick()) - (r.isLate() ? lateBy.toMillis() : 0);
            for (long ts : timestamps(r)) {
                assertThat(ts).isEqualTo(expected);
            }
            late += r.isLate() ? 1 : 0;
        }
        assertThat(late).isGreaterThan(100);
    }

    @Test
    void heldBackRecordsArriveAfterTheNextTicksRecords() {
        SimulatorOptions options = SimulatorOptions.builder().outOfOrderFraction(0.3).build();
        TelemetryGenerator generator = new TelemetryGenerator(options, START);
        int heldBack = 0;
        for (int t = 1; t < 100; t++) {
            List<TelemetryRecord> records = generator.recordsForTick(t);
            boolean seenHeld = false;
            for (TelemetryRecord r : records) {
                if (r.isOutOfOrder()) {
                    seenHeld = true;
                    heldBack++;
                    assertThat(r.tick()).isEqualTo(t - 1);
                } else {
                    assertThat(seenHeld).as("own records come before held-back ones").isFalse();
                    assertThat(r.tick()).isEqualTo(t);
                }
            }
        }
        assertThat(heldBack).isGreaterThan(100);
        assertThat(generator.heldBackAfterTick(99)).allMatch(TelemetryRecord::isOutOfOrder);
    }

    @Test
    void driftOffsetAppearsFromTheDriftStartOnly() {
        Duration driftStart = Duration.ofSeconds(60);
        SimulatorOptions clean = SimulatorOptions.builder().build();
        SimulatorOptions drifting =
                clean.toBuilder().driftStart(driftStart).driftOffset(6.0).build();
        TelemetryGenerator reference = new TelemetryGenerator(clean, START);
        TelemetryGenerator generator = new TelemetryGenerator(drifting, START);

        assertThat(generator.driftingAssetIds())
                .containsExactlyInAnyOrder(
                        "SiteA/Line1/Pump-001", "SiteA/Line1/Pump-003",
                        "SiteA/Line2/Pump-001", "SiteA/Line2/Pump-003");
        for (int t = 0; t < 120; t++) {
            Map<String, Double> expected = allValues(reference.recordsForTick(t));
            Map<String, Double> actual = allValues(generator.recordsForTick(t));
            boolean afterStart = generator.tickTimestamp(t) >= START + driftStart.toMillis();
            for (Map.Entry<String, Double> e : actual.entrySet()) {
                double shift = e.getValue() - expected.get(e.getKey());
                boolean driftTag = e.getKey().endsWith("/BearingTemp");
                assertThat(shift)
                        .as("%s at tick %d", e.getKey(), t)
                        .isCloseTo(driftTag && afterStart ? 6.0 : 0.0, within(0.011));
            }
        }
    }

    @Test
    void driftAssetFractionPicksThatShareOfTheAssetsWithTheSignal() {
        SimulatorOptions options =
                SimulatorOptions.builder()
                        .sites(2)
                        .linesPerSite(5)
                        .assetsPerLine(4)
                        .driftStart(Duration.ZERO)
                        .driftSignal(Signal.MOTOR_CURRENT)
                        .driftAssetFraction(0.25)
                        .build();
        TelemetryGenerator generator = new TelemetryGenerator(options, START);

        // 20 compressors have MotorCurrent; a quarter of them drift.
        assertThat(generator.driftingAssetIds())
                .hasSize(5)
                .allMatch(id -> id.contains("Compressor-"));
        assertThat(new TelemetryGenerator(options, START).driftingAssetIds())
                .isEqualTo(generator.driftingAssetIds());
        assertThat(new TelemetryGenerator(SimulatorOptions.defaults(), START).driftingAssetIds())
                .isEmpty();
    }

    @Test
    void badQualityMissingAndFlatSharesFollowTheirFractions() throws Exception {
        SimulatorOptions options =
                SimulatorOptions.builder()
                        .badQualityFraction(0.1)
                        .missingFraction(0.2)
                        .flatFraction(0.25)
                        .build();
        TelemetryGenerator generator = new TelemetryGenerator(options, START);
        int samples = 0;
        int bad = 0;
        int flat = 0;
        int ticks = 1000;
        for (TelemetryRecord r : ticks(generator, ticks)) {
            for (JsonNode sample : samples(r)) {
                samples++;
                int q = sample.get("q").asInt();
                assertThat(q).isIn(0, 24, 64, 192);
                bad += q == 192 ? 0 : 1;
            }
            flat += r.isFlat() ? 1 : 0;
            assertThat(r.badQualitySamples()).isBetween(0, r.sampleCount());
        }
        // Default plant: 2 lines of Pump (6 signals), Compressor (5), Pump (6).
        int possible = ticks * 2 * (6 + 5 + 6);
        assertThat(samples / (double) possible).isCloseTo(0.8, within(0.02));
        assertThat(bad / (double) samples).isCloseTo(0.1, within(0.02));
        assertThat(flat / (double) samples).isCloseTo(0.25, within(0.02));
    }

    // ---- helpers ----

    private static void assertSameBytes(
            List<TelemetryRecord> actual, List<TelemetryRecord> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.get(i).data()).isEqualTo(expected.get(i).data());
        }
    }

    private static void assertTag(
            String tag, TelemetryRecord record, TelemetryGenerator generator) {
        int lastSlash = tag.lastIndexOf('/');
        String assetId = tag.substring(0, lastSlash);
        String signal = tag.substring(lastSlash + 1);
        assertThat(assetId).isEqualTo(record.partitionKey());
        assertThat(assetId.split("/")).hasSize(3);
        SimulatedAsset asset = generator.plant().asset(assetId).orElseThrow();
        assertThat(Signal.fromTagName(signal))
                .hasValueSatisfying(s -> assertThat(asset.signals()).contains(s));
    }

    private static void assertSampleValues(JsonNode sample, TelemetryRecord record) {
        assertThat(sample.get("v").isNumber()).as(record.json()).isTrue();
        assertThat(sample.get("q").isInt()).isTrue();
        assertThat(sample.get("ts").isIntegralNumber()).isTrue();
        assertThat(sample.get("ts").asLong()).isGreaterThan(START - Duration.ofDays(1).toMillis());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static boolean parses(TelemetryRecord r) {
        try {
            JSON.readTree(r.data());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static JsonNode firstSample(TelemetryRecord r) throws Exception {
        JsonNode root = JSON.readTree(r.data());
        return root.elements().next().get(0);
    }

    /** The samples of a well-formed record, in either form. */
    private static List<JsonNode> samples(TelemetryRecord r) throws JsonProcessingException {
        List<JsonNode> out = new ArrayList<>();
        JsonNode root;
        try {
            root = JSON.readTree(r.data());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        if (root.has("tag")) {
            out.add(root);
        } else {
            root.elements().forEachRemaining(list -> list.forEach(out::add));
        }
        return out;
    }

    private static List<Long> timestamps(TelemetryRecord r) throws Exception {
        List<Long> out = new ArrayList<>();
        for (JsonNode s : samples(r)) {
            out.add(s.get("ts").asLong());
        }
        return out;
    }

    /** Signal name -> value of a well-formed record of one asset. */
    private static Map<String, Double> values(TelemetryRecord r) {
        Map<String, Double> out = new HashMap<>();
        for (Map.Entry<String, Double> e : tagValues(r).entrySet()) {
            out.put(e.getKey().substring(e.getKey().lastIndexOf('/') + 1), e.getValue());
        }
        return out;
    }

    /** Full tag -> value over all well-formed records. */
    private static Map<String, Double> allValues(List<TelemetryRecord> records) {
        Map<String, Double> out = new HashMap<>();
        for (TelemetryRecord r : records) {
            if (r.malformedKind().isEmpty()) {
                out.putAll(tagValues(r));
            }
        }
        return out;
    }

    private static Map<String, Double> tagValues(TelemetryRecord r) {
        try {
            JsonNode root = JSON.readTree(r.data());
            Map<String, Double> out = new HashMap<>();
            if (root.has("tag")) {
                out.put(root.get("tag").asText(), root.get("v").asDouble());
            } else {
                root.fields()
                        .forEachRemaining(
                                e -> out.put(e.getKey(), e.getValue().get(0).get("v").asDouble()));
            }
            return out;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double correlation(List<Double> x, List<Double> y) {
        int n = x.size();
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x.get(i);
            my += y.get(i);
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x.get(i) - mx;
            double dy = y.get(i) - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }
}
