package io.flowcast.stream.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowcast.stream.config.ConfigException;
import io.flowcast.stream.local.simulator.AssetType;
import io.flowcast.stream.local.simulator.Signal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Loading feature specs: the shipped pump and compressor specs, every validation error a spec
 * author can meet, class path lookup, and Java serialization (specs are shipped to operators).
 */
class FeatureSpecsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String SOURCE = "test/pump.json";

    /** A small valid spec that every error case below breaks in exactly one way. */
    private static final String VALID =
            "{"
                    + "\"assetType\": \"pump\","
                    + "\"version\": 2,"
                    + "\"target\": {\"signal\": \"BearingTemp\", \"statistic\": \"mean\"},"
                    + "\"features\": ["
                    + "  {\"signal\": \"Load\", \"statistic\": \"mean\"},"
                    + "  {\"signal\": \"AmbientTemp\", \"statistic\": \"mean\"},"
                    + "  {\"signal\": \"Vibration\", \"statistic\": \"std\"}"
                    + "],"
                    + "\"missing\": {\"policy\": \"CARRY_FORWARD\", \"ttl\": \"10m\"},"
                    + "\"signals\": {\"Vibration\": {\"policy\": \"MARK_MISSING\"}}"
                    + "}";

    // ---------------------------------------------------------------- shipped specs

    @Test
    void thePumpSpecLoadsFromTheClassPathInModelColumnOrder() {
        FeatureSpec pump = FeatureSpecs.loadFromClasspath(List.of("pump")).forType("pump");

        assertThat(pump.assetType()).isEqualTo("pump");
        assertThat(pump.version()).isEqualTo(1);
        assertThat(pump.targetSignal()).isEqualTo("BearingTemp");
        assertThat(pump.targetStatistic()).isEqualTo(FeatureStatistic.MEAN);
        assertThat(pump.target().name()).isEqualTo("BearingTemp.mean");
        assertThat(pump.featureNames())
                .containsExactly(
                        "Load.mean",
                        "Load.max",
                        "Load.slope",
                        "AmbientTemp.mean",
                        "Flow.mean",
                        "DischargePressure.mean",
                        "Vibration.mean",
                        "Vibration.std");
        assertThat(pump.features().get(2)).isEqualTo(new Feature("Load", FeatureStatistic.SLOPE));
        assertThat(pump.featureCount()).isEqualTo(8);
        assertThat(pump.indexOf("Flow.mean")).isEqualTo(4);
        assertThat(pump.indexOf("BearingTemp.mean")).isEqualTo(-1);
        assertThat(pump.inputSignals())
                .containsExactly("Load", "AmbientTemp", "Flow", "DischargePressure", "Vibration");
        assertThat(pump.signals())
                .containsExactly(
                        "Load",
                        "AmbientTemp",
                        "Flow",
                        "DischargePressure",
                        "Vibration",
                        "BearingTemp");
        assertThat(pump.missingPolicy("Load"))
                .isEqualTo(MissingRule.carryForward(Duration.ofMinutes(10)));
        assertThat(pump.missingPolicy("Vibration")).isEqualTo(MissingRule.markMissing());
    }

    @Test
    void theCompressorSpecLoadsFromTheClassPathInModelColumnOrder() {
        FeatureSpec compressor =
                FeatureSpecs.loadFromClasspath(List.of("compressor")).forType("compressor");

        assertThat(compressor.version()).isEqualTo(1);
        assertThat(compressor.target().name()).isEqualTo("DischargeTemp.mean");
        assertThat(compressor.featureNames())
                .containsExactly(
                        "Load.mean",
                        "Load.max",
                        "Load.slope",
                        "AmbientTemp.mean",
                        "MotorCurrent.mean",
                        "MotorCurrent.max",
                        "Vibration.mean",
                        "Vibration.std");
        assertThat(compressor.signals())
                .containsExactly(
                        "Load", "AmbientTemp", "MotorCurrent", "Vibration", "DischargeTemp");
        assertThat(compressor.missingPolicy("MotorCurrent").ttl()).contains(Duration.ofMinutes(10));
        assertThat(compressor.missingPolicy("Vibration").policy())
                .isEqualTo(MissingPolicy.MARK_MISSING);
    }

    @Test
    void everySimulatedAssetTypeHasASpecThatUsesOnlySignalsItPublishes() {
        List<String> types =
                Arrays.stream(AssetType.values()).map(AssetType::code).collect(Collectors.toList());

        FeatureSpecs specs = FeatureSpecs.loadFromClasspath(types);

        assertThat(specs.assetTypes()).containsExactlyElementsOf(types);
        for (AssetType type : AssetType.values()) {
            List<String> published =
                    type.signals().stream().map(Signal::tagName).collect(Collectors.toList());
            assertThat(specs.forType(type.code()).signals()).isSubsetOf(published);
        }
    }

    @Test
    void loadingKeepsTheOrderIgnoresRepeatsAndAnswersLookups() {
        FeatureSpecs specs =
                FeatureSpecs.loadFromClasspath(Arrays.asList("compressor", "pump", "compressor"));

        assertThat(specs.assetTypes()).containsExactly("compressor", "pump");
        assertThat(specs.all())
                .extracting(FeatureSpec::assetType)
                .containsExactly("compressor", "pump");
        assertThat(specs.find("pump")).isPresent();
        assertThat(specs.find("valve")).isEmpty();
        assertThatThrownBy(() -> specs.forType("valve"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"valve\"")
                .hasMessageContaining("[compressor, pump]");
    }

    // ---------------------------------------------------------------- semantics

    @Test
    void aMinimalSpecParsesAndAppendsTheTargetToTheSignals() {
        FeatureSpec spec =
                FeatureSpecs.parse(
                        SOURCE,
                        bytes(
                                "{\"assetType\": \"fan\", \"version\": 1,"
                                        + " \"target\": {\"signal\": \"Temp\", \"statistic\": \"max\"},"
                                        + " \"features\": [{\"signal\": \"Speed\", \"statistic\": \"good_share\"},"
                                        + " {\"signal\": \"Power.PV\", \"statistic\": \"last\"}],"
                                        + " \"missing\": {\"policy\": \"MARK_MISSING\"}}"));

        assertThat(spec.featureNames()).containsExactly("Speed.good_share", "Power.PV.last");
        assertThat(spec.signals()).containsExactly("Speed", "Power.PV", "Temp");
        assertThat(spec.targetStatistic()).isEqualTo(FeatureStatistic.MAX);
        assertThat(spec.defaultMissingPolicy()).isEqualTo(MissingRule.markMissing());
        assertThat(spec.missingPolicyOverrides()).isEmpty();
        assertThat(spec.missingPolicy("Speed").ttl()).isEmpty();
    }

    @Test
    void theTargetIsNeverCarriedForwardAndUnknownSignalsHaveNoPolicy() {
        FeatureSpec spec = FeatureSpecs.parse(SOURCE, bytes(VALID));

        assertThat(spec.defaultMissingPolicy().carriesForward()).isTrue();
        assertThat(spec.missingPolicy("AmbientTemp").carriesForward()).isTrue();
        assertThat(spec.missingPolicy("BearingTemp")).isEqualTo(MissingRule.markMissing());
        assertThat(spec.usesSignal("BearingTemp")).isTrue();
        assertThat(spec.usesSignal("Flow")).isFalse();
        assertThatThrownBy(() -> spec.missingPolicy("Flow"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"Flow\"");
    }

    @Test
    void carryForwardIsAllowedUpToTheTtlBetweenWindowEnds() {
        MissingRule rule = MissingRule.carryForward(Duration.ofMinutes(10));
        long end = 1_732_230_600_000L;

        assertThat(rule.allowsCarryForward(end - 60_000L, end)).isTrue();
        assertThat(rule.allowsCarryForward(end - 600_000L, end)).isTrue();
        assertThat(rule.allowsCarryForward(end - 600_001L, end)).isFalse();
        assertThat(rule.allowsCarryForward(end, end)).isFalse();
        assertThat(rule.allowsCarryForward(end + 60_000L, end)).isFalse();
        assertThat(MissingRule.markMissing().allowsCarryForward(end - 60_000L, end)).isFalse();
        assertThat(rule).hasToString("CARRY_FORWARD(ttl 10m)");
        assertThatThrownBy(() -> MissingRule.carryForward(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statisticsHaveLowerCaseJsonNames() {
        assertThat(FeatureStatistic.GOOD_SHARE.jsonName()).isEqualTo("good_share");
        assertThat(FeatureStatistic.fromJsonName("slope")).contains(FeatureStatistic.SLOPE);
        assertThat(FeatureStatistic.fromJsonName("SLOPE")).isEmpty();
        assertThat(FeatureStatistic.allowedNames())
                .isEqualTo("count, mean, min, max, std, first, last, slope, good_share");
    }

    @Test
    void theReturnedCollectionsCannotBeModified() {
        FeatureSpec spec = FeatureSpecs.parse(SOURCE, bytes(VALID));

        assertThatThrownBy(() -> spec.features().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> spec.featureNames().add("x.mean"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> spec.signals().remove(0))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> spec.missingPolicyOverrides().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    // ---------------------------------------------------------------- validation

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void anInvalidSpecFailsWithAMessageNamingTheFileAndTheField(
            String name, String json, List<String> expectedInMessage) {
        assertThatThrownBy(() -> FeatureSpecs.parse(SOURCE, bytes(json)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Feature spec " + SOURCE + ": ")
                .hasMessageContainingAll(expectedInMessage.toArray(new String[0]));
    }

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                // Not JSON, or not a JSON object.
                raw("malformed JSON", "{\"assetType\": \"pump\",", "not valid JSON", "line 1"),
                raw("empty file", "", "the file is empty"),
                raw("blank file", " \n ", "the file is empty"),
                raw("top-level array", "[]", "(top level): expected a JSON object"),
                raw(
                        "duplicate key",
                        VALID.replace("\"version\": 2,", "\"version\": 2, \"version\": 3,"),
                        "not valid JSON",
                        "Duplicate field 'version'"),
                raw("trailing content", VALID + " {}", "not valid JSON"),
                // Unknown keys (typos).
                edit(
                        "unknown top-level key with a suggestion",
                        s -> s.set("featurs", s.remove("features")),
                        "featurs: unknown field (did you mean \"features\"?)",
                        "allowed fields: $schema, description, assetType, version, target,"
                                + " features, missing, signals"),
                edit(
                        "unknown top-level key",
                        s -> s.put("comment", "x"),
                        "comment: unknown field; allowed fields:"),
                edit(
                        "unknown key in the target",
                        s -> target(s).put("statistics", "mean"),
                        "target.statistics: unknown field (did you mean \"statistic\"?)",
                        "allowed fields of target: signal, statistic"),
                edit(
                        "unknown key in a feature",
                        s -> feature(s, 1).put("lag", 1),
                        "features[1].lag: unknown field"),
                edit(
                        "unknown key in the missing policy",
                        s -> missing(s).set("tll", missing(s).remove("ttl")),
                        "missing.tll: unknown field (did you mean \"ttl\"?)"),
                // Missing fields.
                edit(
                        "missing assetType",
                        s -> s.remove("assetType"),
                        "assetType: missing required field"),
                edit(
                        "missing version",
                        s -> s.remove("version"),
                        "version: missing required field"),
                edit("missing target", s -> s.remove("target"), "target: missing required field"),
                edit(
                        "missing features",
                        s -> s.remove("features"),
                        "features: missing required field"),
                edit(
                        "missing missing",
                        s -> s.remove("missing"),
                        "missing: missing required field"),
                edit(
                        "missing target signal",
                        s -> target(s).remove("signal"),
                        "target.signal: missing required field"),
                edit(
                        "missing feature statistic",
                        s -> feature(s, 1).remove("statistic"),
                        "features[1].statistic: missing required field"),
                edit(
                        "missing policy",
                        s -> missing(s).remove("policy"),
                        "missing.policy: missing required field"),
                // Wrong types and values.
                edit(
                        "upper-case asset type",
                        s -> s.put("assetType", "Pump"),
                        "assetType: must be lower case",
                        "\"Pump\""),
                edit(
                        "numeric asset type",
                        s -> s.put("assetType", 7),
                        "assetType: expected a string, got number 7"),
                edit("version 0", s -> s.put("version", 0), "version: must be an integer >= 1"),
                edit(
                        "version as a string",
                        s -> s.put("version", "1"),
                        "version: must be an integer >= 1, got string \"1\""),
                edit(
                        "fractional version",
                        s -> s.put("version", 1.5),
                        "version: must be an integer"),
                edit("version 1.0", s -> s.put("version", 1.0), "version: must be an integer"),
                edit(
                        "version beyond int",
                        s -> s.put("version", 3_000_000_000L),
                        "version: must be an integer"),
                edit(
                        "description not a string",
                        s -> s.put("description", 1),
                        "description: expected a string"),
                edit(
                        "target not an object",
                        s -> s.put("target", "BearingTemp.mean"),
                        "target: expected an object"),
                // Statistics.
                edit(
                        "unknown statistic",
                        s -> feature(s, 1).put("statistic", "avg"),
                        "features[1].statistic: unknown statistic \"avg\"; allowed: count, mean,"
                                + " min, max, std, first, last, slope, good_share"),
                edit(
                        "statistic in upper case",
                        s -> feature(s, 0).put("statistic", "Mean"),
                        "features[0].statistic: unknown statistic \"Mean\""),
                edit(
                        "unknown target statistic",
                        s -> target(s).put("statistic", "median"),
                        "target.statistic: unknown statistic \"median\"; allowed:"),
                edit(
                        "statistic not a string",
                        s -> feature(s, 0).put("statistic", 3),
                        "features[0].statistic: expected a string, got number 3"),
                // Signal names.
                edit(
                        "blank signal",
                        s -> feature(s, 0).put("signal", " "),
                        "features[0].signal: a signal name must not be blank"),
                edit(
                        "signal with a slash",
                        s -> feature(s, 0).put("signal", "Pump-001/Load"),
                        "features[0].signal: a signal name must not be blank, contain '/'"),
                edit(
                        "signal with a leading space",
                        s -> feature(s, 0).put("signal", " Load"),
                        "features[0].signal:"),
                edit(
                        "signals differing only in case",
                        s -> features(s).addObject().put("signal", "load").put("statistic", "max"),
                        "features[3].signal: \"load\" differs only in case from \"Load\""
                                + " (features[0].signal)"),
                // The feature list.
                edit(
                        "features empty",
                        s -> features(s).removeAll(),
                        "features: must list at least one model input"),
                edit(
                        "features not an array",
                        s -> s.put("features", "Load.mean"),
                        "features: expected an array"),
                edit(
                        "feature not an object",
                        s -> features(s).insert(0, "Load.mean"),
                        "features[0]: expected an object"),
                edit(
                        "duplicate feature",
                        s -> features(s).addObject().put("signal", "Load").put("statistic", "mean"),
                        "features[3]: duplicate feature Load.mean (already features[0])"),
                edit(
                        "target statistic among the inputs",
                        s ->
                                features(s)
                                        .insertObject(1)
                                        .put("signal", "BearingTemp")
                                        .put("statistic", "mean"),
                        "features[1]: BearingTemp.mean uses the target signal BearingTemp",
                        "(leakage)"),
                edit(
                        "another statistic of the target signal among the inputs",
                        s ->
                                features(s)
                                        .addObject()
                                        .put("signal", "BearingTemp")
                                        .put("statistic", "last"),
                        "features[3]: BearingTemp.last uses the target signal BearingTemp"),
                edit(
                        "target signal in another case among the inputs",
                        s ->
                                features(s)
                                        .addObject()
                                        .put("signal", "bearingTemp")
                                        .put("statistic", "max"),
                        "features[3].signal: \"bearingTemp\" differs only in case from"
                                + " \"BearingTemp\" (target.signal)"),
                // Missing policies.
                edit(
                        "unknown policy",
                        s -> missing(s).put("policy", "INTERPOLATE"),
                        "missing.policy: unknown policy \"INTERPOLATE\"; allowed: CARRY_FORWARD,"
                                + " MARK_MISSING"),
                edit(
                        "policy in lower case",
                        s -> missing(s).put("policy", "carry_forward"),
                        "missing.policy: unknown policy \"carry_forward\""),
                edit(
                        "CARRY_FORWARD without ttl",
                        s -> missing(s).remove("ttl"),
                        "missing.ttl: required for CARRY_FORWARD"),
                edit(
                        "ttl in words",
                        s -> missing(s).put("ttl", "10 minutes"),
                        "missing.ttl: expected a duration such as 250ms, 30s, 5m, 2h or 1d, got"
                                + " \"10 minutes\""),
                edit(
                        "ttl as a number",
                        s -> missing(s).put("ttl", 600),
                        "missing.ttl: expected a string, got number 600"),
                edit(
                        "zero ttl",
                        s -> missing(s).put("ttl", "0s"),
                        "missing.ttl: must be greater than 0"),
                edit(
                        "bare zero ttl",
                        s -> missing(s).put("ttl", "0"),
                        "missing.ttl: must be greater than 0"),
                edit(
                        "ttl too large for a duration",
                        s -> missing(s).put("ttl", "999999999999999d"),
                        "missing.ttl: expected a duration"),
                edit(
                        "MARK_MISSING with a ttl",
                        s -> missing(s).put("policy", "MARK_MISSING"),
                        "missing.ttl: not allowed for MARK_MISSING"),
                edit(
                        "missing not an object",
                        s -> s.put("missing", "CARRY_FORWARD"),
                        "missing: expected an object"),
                edit(
                        "unknown policy for one signal",
                        s -> override(s, "Vibration").put("policy", "DROP"),
                        "signals.Vibration.policy: unknown policy \"DROP\""),
                edit(
                        "CARRY_FORWARD without ttl for one signal",
                        s -> override(s, "Vibration").put("policy", "CARRY_FORWARD"),
                        "signals.Vibration.ttl: required for CARRY_FORWARD"),
                edit(
                        "policy for a signal the spec does not use",
                        s -> overrides(s).set("Vibraton", overrides(s).remove("Vibration")),
                        "signals.Vibraton: \"Vibraton\" is not the signal of any feature (did you"
                                + " mean \"Vibration\"?); input signals: Load, AmbientTemp,"
                                + " Vibration"),
                edit(
                        "policy for the target signal",
                        s -> overrides(s).putObject("BearingTemp").put("policy", "MARK_MISSING"),
                        "signals.BearingTemp: the target signal cannot have a missing policy"),
                edit(
                        "signals not an object",
                        s -> s.putArray("signals").add("Vibration"),
                        "signals: expected an object"));
    }

    @Test
    void aFileThatDeclaresAnotherAssetTypeIsRejected() {
        assertThatThrownBy(() -> FeatureSpecs.parse(SOURCE, bytes(VALID), "compressor"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "Feature spec test/pump.json: assetType: is \"pump\" but this file was"
                                + " loaded as the spec of asset type \"compressor\"; the file name"
                                + " and assetType must match");
        assertThat(FeatureSpecs.parse(SOURCE, bytes(VALID), "pump").version()).isEqualTo(2);
    }

    // ---------------------------------------------------------------- class path

    @Test
    void loadingReadsFlowcastFeaturesAndChecksTheDeclaredAssetType() {
        ClassLoader loader = loaderWith(Map.of("flowcast/features/compressor.json", bytes(VALID)));

        assertThatThrownBy(() -> FeatureSpecs.loadFromClasspath(List.of("compressor"), loader))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "Feature spec flowcast/features/compressor.json: assetType:")
                .hasMessageContaining("asset type \"compressor\"");
    }

    @Test
    void loadingNamesTheResourceOfAnInvalidSpec() {
        ClassLoader loader =
                loaderWith(
                        Map.of(
                                "flowcast/features/pump.json",
                                bytes(VALID.replace("\"std\"", "\"stdev\""))));

        assertThatThrownBy(() -> FeatureSpecs.loadFromClasspath(List.of("pump"), loader))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "Feature spec flowcast/features/pump.json: features[2].statistic: unknown"
                                + " statistic \"stdev\"");
    }

    @Test
    void loadingFailsForATypeWithoutASpecFile() {
        ClassLoader loader = loaderWith(Map.of("flowcast/features/pump.json", bytes(VALID)));

        assertThatThrownBy(() -> FeatureSpecs.loadFromClasspath(List.of("pump", "valve"), loader))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "No feature spec for asset type \"valve\": flowcast/features/valve.json is"
                                + " not on the class path (add schemas/features/valve.json and"
                                + " rebuild the jar)");
    }

    @Test
    void loadingFailsForNoTypesAndForTypesThatAreNotLowerCase() {
        assertThatThrownBy(() -> FeatureSpecs.loadFromClasspath(Collections.emptyList()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("No asset types given");
        assertThatThrownBy(() -> FeatureSpecs.loadFromClasspath(List.of("Pump")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Asset type \"Pump\" is not a valid asset type");
        assertThatThrownBy(() -> FeatureSpecs.loadFromClasspath(List.of("../pump")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Asset type \"../pump\" is not a valid asset type");
    }

    @Test
    void theContextClassLoaderComesFirstAndTheOwnLoaderIsTheFallback() {
        String fan = VALID.replace("\"pump\"", "\"fan\"");
        ClassLoader context = loaderWith(Map.of("flowcast/features/fan.json", bytes(fan)));
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(context);
        try {
            FeatureSpecs specs = FeatureSpecs.loadFromClasspath(List.of("fan", "pump"));

            assertThat(specs.forType("fan").version()).isEqualTo(2);
            assertThat(specs.forType("pump").featureCount()).isEqualTo(8);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    // ---------------------------------------------------------------- serialization

    @Test
    void aSpecSurvivesJavaSerialization() {
        FeatureSpec pump = FeatureSpecs.loadFromClasspath(List.of("pump")).forType("pump");

        FeatureSpec copy = roundTrip(pump);

        assertThat(copy).isNotSameAs(pump).isEqualTo(pump).hasSameHashCodeAs(pump);
        assertThat(copy.featureNames()).isEqualTo(pump.featureNames());
        assertThat(copy.signals()).isEqualTo(pump.signals());
        assertThat(copy.missingPolicy("Load")).isEqualTo(pump.missingPolicy("Load"));
        assertThat(copy.missingPolicy("Vibration").carriesForward()).isFalse();
        assertThat(copy.missingPolicy("BearingTemp")).isEqualTo(MissingRule.markMissing());
        assertThat(copy).hasToString(pump.toString());
    }

    @Test
    void allLoadedSpecsSurviveJavaSerialization() {
        FeatureSpecs specs = FeatureSpecs.loadFromClasspath(List.of("pump", "compressor"));

        FeatureSpecs copy = roundTrip(specs);

        assertThat(copy).isEqualTo(specs);
        assertThat(copy.assetTypes()).containsExactly("pump", "compressor");
        assertThat(copy.forType("compressor")).isEqualTo(specs.forType("compressor"));
    }

    // ---------------------------------------------------------------- helpers

    private static Arguments raw(String name, String json, String... expected) {
        return Arguments.of(name, json, Arrays.asList(expected));
    }

    private static Arguments edit(String name, Consumer<ObjectNode> change, String... expected) {
        try {
            ObjectNode spec = (ObjectNode) JSON.readTree(VALID);
            change.accept(spec);
            return Arguments.of(name, JSON.writeValueAsString(spec), Arrays.asList(expected));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode target(ObjectNode spec) {
        return (ObjectNode) spec.get("target");
    }

    private static ArrayNode features(ObjectNode spec) {
        return (ArrayNode) spec.get("features");
    }

    private static ObjectNode feature(ObjectNode spec, int index) {
        return (ObjectNode) features(spec).get(index);
    }

    private static ObjectNode missing(ObjectNode spec) {
        return (ObjectNode) spec.get("missing");
    }

    private static ObjectNode overrides(ObjectNode spec) {
        return (ObjectNode) spec.get("signals");
    }

    private static ObjectNode override(ObjectNode spec, String signal) {
        return (ObjectNode) overrides(spec).get(signal);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A class loader that knows only the given resources (no parent). */
    private static ClassLoader loaderWith(Map<String, byte[]> resources) {
        Map<String, byte[]> copy = new HashMap<>(resources);
        return new ClassLoader(null) {
            @Override
            public InputStream getResourceAsStream(String name) {
                byte[] content = copy.get(name);
                return content == null ? null : new ByteArrayInputStream(content);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
                out.writeObject(value);
            }
            try (ObjectInputStream in =
                    new ObjectInputStream(new ByteArrayInputStream(buffer.toByteArray()))) {
                return (T) in.readObject();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new AssertionError("Java serialization failed", e);
        }
    }
}
