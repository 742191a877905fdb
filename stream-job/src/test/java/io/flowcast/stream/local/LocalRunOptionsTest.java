package io.flowcast.stream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local run's flags: its own, and the ones it hands to the simulator. */
class LocalRunOptionsTest {

    @Test
    void defaultsRunUntilStoppedWithTheShippedConfiguration() {
        LocalRunOptions options = LocalRunOptions.parse();

        assertThat(options.config).isEqualTo(Paths.get("kda-config", "flowcast-local.json"));
        assertThat(options.duration).isZero();
        assertThat(options.uiPort).isEqualTo(8081);
        assertThat(options.parallelism).isEqualTo(2);
        assertThat(options.simulate).isTrue();
        assertThat(options.simulatorArgs).isEmpty();
    }

    @Test
    void theDriftScenarioSetsTheOnsetAndTheDurationUnlessGiven() {
        LocalRunOptions drift = LocalRunOptions.parse("--scenario", "drift");

        assertThat(drift.scenario).isEqualTo(LocalRunOptions.Scenario.DRIFT);
        assertThat(drift.duration).isEqualTo(Duration.ofMinutes(12));
        assertThat(drift.simulatorArgs).containsExactly("--drift-start", "3m");

        LocalRunOptions own =
                LocalRunOptions.parse(
                        "--scenario", "DRIFT", "--duration", "20m", "--drift-start", "8m");
        assertThat(own.duration).isEqualTo(Duration.ofMinutes(20));
        assertThat(own.simulatorArgs).containsExactly("--drift-start", "8m");

        assertThatThrownBy(() -> LocalRunOptions.parse("--scenario", "flood"))
                .isInstanceOf(LocalSetupException.class)
                .hasMessageContaining("expected steady or drift, got 'flood'");
    }

    @Test
    void retrainingSettingsAreKeyValuePairs() {
        LocalRunOptions options =
                LocalRunOptions.parse(
                        "--retraining",
                        "dataset.min.rows=300",
                        "--retraining",
                        "min.improvement=0");

        assertThat(options.retrainingSettings)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("dataset.min.rows", "300", "min.improvement", "0"));
        assertThatThrownBy(() -> LocalRunOptions.parse("--retraining", "rows"))
                .isInstanceOf(LocalSetupException.class)
                .hasMessageContaining("expected key=value");
    }

    @Test
    void unknownFlagsAndTheirValuesGoToTheSimulator() {
        LocalRunOptions options =
                LocalRunOptions.parse(
                        "--duration",
                        "90s",
                        "--sites",
                        "3",
                        "--drift-start=5m",
                        "--ui-port",
                        "9091");

        assertThat(options.duration).isEqualTo(Duration.ofSeconds(90));
        assertThat(options.uiPort).isEqualTo(9091);
        assertThat(options.simulatorArgs).containsExactly("--sites", "3", "--drift-start=5m");
    }

    @Test
    void malformedValuesNameTheFlag() {
        assertThatThrownBy(() -> LocalRunOptions.parse("--duration", "soon"))
                .isInstanceOf(LocalSetupException.class)
                .hasMessageStartingWith("--duration: expected a duration");
        assertThatThrownBy(() -> LocalRunOptions.parse("--ui-port", "70000"))
                .hasMessage("--ui-port: 70000 is not a port number");
        assertThatThrownBy(() -> LocalRunOptions.parse("--parallelism", "0"))
                .hasMessageContaining("--parallelism: expected a positive whole number");
        assertThatThrownBy(() -> LocalRunOptions.parse("--checkpoint-interval", "0"))
                .hasMessage("--checkpoint-interval: must be above zero");
        assertThatThrownBy(() -> LocalRunOptions.parse("--config"))
                .hasMessage("--config needs a value; see --help");
        assertThatThrownBy(() -> LocalRunOptions.parse("stray"))
                .hasMessageContaining("unexpected argument 'stray'");
    }

    @Test
    void progressLineShowsTotalsRatesAndOnlyTheReasonsThatOccurred() {
        JobProgress before =
                new JobProgress(
                        "RUNNING",
                        100,
                        500,
                        1,
                        Map.of("INVALID_JSON", 1L),
                        20,
                        "",
                        Map.of("enrichedVectors", 10L),
                        10,
                        "",
                        0,
                        0,
                        "");
        JobProgress now =
                new JobProgress(
                        "RUNNING",
                        150,
                        800,
                        3,
                        Map.of("INVALID_JSON", 2L, "WRONG_TYPE", 1L, "EMPTY_MESSAGE", 0L),
                        30,
                        "{}",
                        Map.of("enrichedVectors", 28L, "unenrichedVectors", 2L),
                        12,
                        "{}",
                        25,
                        2,
                        "{}");

        String line = JobProgress.line(75, now, before, 5.0, 160);

        assertThat(line)
                .startsWith("[01:15] RUNNING")
                .contains("records read 150 (10/s)")
                .contains("samples 800 (60/s)")
                .contains("windows 30 (2.0/s)")
                .contains("dead letters 3 (INVALID_JSON 2, WRONG_TYPE 1)")
                .contains("predictions 25 (anomalies 2)")
                .doesNotContain("EMPTY_MESSAGE")
                .endsWith("sent 160");
    }

    @Test
    void emulatorSetupProblemsSayWhatToDo(@TempDir java.nio.file.Path empty) {
        assertThatThrownBy(
                        () ->
                                KinesisLocalEmulator.start(
                                        empty, 4568, "telemetry:1", empty.resolve("log")))
                .isInstanceOf(LocalSetupException.class)
                .hasMessageContaining("not installed")
                .hasMessageContaining("npm ci --prefix " + empty);
    }
}
