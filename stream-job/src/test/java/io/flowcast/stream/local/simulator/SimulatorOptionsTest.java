package io.flowcast.stream.local.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flowcast.stream.config.Durations;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Flag parsing, defaults and one-line errors naming the flag, for {@link SimulatorOptions}. */
class SimulatorOptionsTest {

    private static final Map<String, String> NO_ENV = Collections.emptyMap();

    private static SimulatorOptions parse(String... args) {
        return SimulatorOptions.parse(Arrays.asList(args), NO_ENV);
    }

    @Test
    void defaults() {
        SimulatorOptions o = parse();

        assertThat(o.sites()).isEqualTo(1);
        assertThat(o.linesPerSite()).isEqualTo(2);
        assertThat(o.assetsPerLine()).isEqualTo(3);
        assertThat(o.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.seed()).isEqualTo(42);
        assertThat(o.duration()).isEqualTo(Duration.ZERO);
        assertThat(o.endpoint()).isEmpty();
        assertThat(o.region()).isEqualTo("us-east-1");
        assertThat(o.stream()).isEqualTo("telemetry");
        assertThat(o.maxRecords()).isZero();
        assertThat(o.missingFraction()).isZero();
        assertThat(o.duplicateFraction()).isZero();
        assertThat(o.outOfOrderFraction()).isZero();
        assertThat(o.lateFraction()).isZero();
        assertThat(o.lateBy()).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.malformedFraction()).isZero();
        assertThat(o.badQualityFraction()).isZero();
        assertThat(o.flatFraction()).isZero();
        assertThat(o.driftStart()).isEmpty();
        assertThat(o.driftSignal()).isEqualTo(Signal.BEARING_TEMP);
        assertThat(o.driftOffset()).isEqualTo(6.0);
        assertThat(o.driftAssetFraction()).isEqualTo(1.0);
        assertThat(o.help()).isFalse();
    }

    @Test
    void regionDefaultsToAwsRegionFromTheEnvironment() {
        SimulatorOptions o =
                SimulatorOptions.parse(
                        Collections.<String>emptyList(), Map.of("AWS_REGION", "eu-west-1"));
        assertThat(o.region()).isEqualTo("eu-west-1");
        assertThat(
                        SimulatorOptions.parse(
                                        List.of("--region", "ap-south-1"),
                                        Map.of("AWS_REGION", "eu-west-1"))
                                .region())
                .isEqualTo("ap-south-1");
    }

    @Test
    void everyFlagIsRead() {
        SimulatorOptions o =
                parse(
                        "--sites",
                        "3",
                        "--lines-per-site",
                        "4",
                        "--assets-per-line=5",
                        "--interval",
                        "250ms",
                        "--seed",
                        "-9",
                        "--duration",
                        "2h",
                        "--endpoint",
                        "http://127.0.0.1:4568",
                        "--region",
                        "eu-central-1",
                        "--stream",
                        "plant.telemetry-2",
                        "--max-records",
                        "1000",
                        "--missing-fraction",
                        "0.1",
                        "--duplicate-fraction",
                        "0.2",
                        "--out-of-order-fraction",
                        "0.3",
                        "--late-fraction",
                        "0.4",
                        "--late-by",
                        "1d",
                        "--malformed-fraction",
                        "0.5",
                        "--bad-quality-fraction",
                        "0.6",
                        "--flat-fraction",
                        "0.7",
                        "--drift-start",
                        "10m",
                        "--drift-signal",
                        "dischargetemp",
                        "--drift-offset",
                        "-2.5",
                        "--drift-asset-fraction",
                        "0.8");

        assertThat(o.sites()).isEqualTo(3);
        assertThat(o.linesPerSite()).isEqualTo(4);
        assertThat(o.assetsPerLine()).isEqualTo(5);
        assertThat(o.assetCount()).isEqualTo(60);
        assertThat(o.interval()).isEqualTo(Duration.ofMillis(250));
        assertThat(o.seed()).isEqualTo(-9);
        assertThat(o.duration()).isEqualTo(Duration.ofHours(2));
        assertThat(o.endpoint()).contains(URI.create("http://127.0.0.1:4568"));
        assertThat(o.region()).isEqualTo("eu-central-1");
        assertThat(o.stream()).isEqualTo("plant.telemetry-2");
        assertThat(o.maxRecords()).isEqualTo(1000);
        assertThat(o.missingFraction()).isEqualTo(0.1);
        assertThat(o.duplicateFraction()).isEqualTo(0.2);
        assertThat(o.outOfOrderFraction()).isEqualTo(0.3);
        assertThat(o.lateFraction()).isEqualTo(0.4);
        assertThat(o.lateBy()).isEqualTo(Duration.ofDays(1));
        assertThat(o.malformedFraction()).isEqualTo(0.5);
        assertThat(o.badQualityFraction()).isEqualTo(0.6);
        assertThat(o.flatFraction()).isEqualTo(0.7);
        assertThat(o.driftStart()).contains(Duration.ofMinutes(10));
        assertThat(o.driftSignal()).isEqualTo(Signal.DISCHARGE_TEMP);
        assertThat(o.driftOffset()).isEqualTo(-2.5);
        assertThat(o.driftAssetFraction()).isEqualTo(0.8);
        assertThat(o.toBuilder().build().toString()).isEqualTo(o.toString());
    }

    @Test
    void helpWinsOverOtherFlags() {
        assertThat(parse("--sites", "nope", "--help").help()).isTrue();
        assertThat(parse("-h").help()).isTrue();
        assertThat(SimulatorOptions.usage())
                .contains("--malformed-fraction", "--drift-start", "--endpoint");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--sites|0|--sites",
                "--sites|two|--sites",
                "--lines-per-site|1001|--lines-per-site",
                "--assets-per-line|1000|--assets-per-line",
                "--interval|0|--interval",
                "--interval|5 minutes|--interval",
                "--interval|-1s|--interval",
                "--duration|1w|--duration",
                "--seed|4.2|--seed",
                "--endpoint|localhost:4568|--endpoint",
                "--endpoint|ftp://host/|--endpoint",
                "--region|EU West|--region",
                "--stream|no spaces|--stream",
                "--max-records|-1|--max-records",
                "--missing-fraction|1.5|--missing-fraction",
                "--duplicate-fraction|-0.1|--duplicate-fraction",
                "--out-of-order-fraction|NaN|--out-of-order-fraction",
                "--late-fraction|x|--late-fraction",
                "--late-by|soon|--late-by",
                "--malformed-fraction|2|--malformed-fraction",
                "--bad-quality-fraction|Infinity|--bad-quality-fraction",
                "--flat-fraction|1.01|--flat-fraction",
                "--drift-start|later|--drift-start",
                "--drift-signal|Pressure|--drift-signal",
                "--drift-offset|abc|--drift-offset",
                "--drift-asset-fraction|3|--drift-asset-fraction",
            })
    void badValuesNameTheirFlag(String flag, String value, String named) {
        SimulatorOptions.InvalidOptionException e =
                catchThrowableOfType(
                        SimulatorOptions.InvalidOptionException.class, () -> parse(flag, value));

        assertThat(e).isNotNull();
        assertThat(e.flag()).isEqualTo(named);
        assertThat(e.getMessage()).startsWith(named + ":").doesNotContain("\n");
    }

    @Test
    void structuralErrorsNameTheFlag() {
        assertThatThrownBy(() -> parse("--speed", "3"))
                .isInstanceOf(SimulatorOptions.InvalidOptionException.class)
                .hasMessage("unknown flag --speed (see --help)");
        assertThatThrownBy(() -> parse("--sites")).hasMessage("--sites: missing value");
        assertThatThrownBy(() -> parse("--sites", "--seed", "1"))
                .hasMessage("--sites: missing value");
        assertThatThrownBy(() -> parse("--seed", "1", "--seed=2"))
                .hasMessage("--seed: given more than once");
        assertThatThrownBy(() -> parse("sites", "2"))
                .hasMessageContaining("unexpected argument \"sites\"");
        assertThatThrownBy(() -> parse("--late-fraction", "0.1", "--late-by", "0"))
                .hasMessageStartingWith("--late-by:");
        assertThatThrownBy(() -> parse("--sites", "1000", "--lines-per-site", "1000"))
                .hasMessageContaining("exceed the limit");
    }

    @Test
    void negativeNumbersAreValuesNotFlags() {
        assertThat(parse("--drift-offset", "-3").driftOffset()).isEqualTo(-3.0);
    }

    @Test
    void durationsParseAndFormatBothWays() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
        for (String text : new String[] {"0", "250ms", "1500ms", "30s", "5m", "90m", "2h", "3d"}) {
            assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
        }
        assertThatThrownBy(() -> Durations.parse("1.5s")).hasMessageContaining("250ms, 30s");
        assertThatThrownBy(() -> Durations.parse("5")).isInstanceOf(IllegalArgumentException.class);
    }
}
