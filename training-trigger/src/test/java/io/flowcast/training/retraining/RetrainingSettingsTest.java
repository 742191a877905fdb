package io.flowcast.training.retraining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pipeline's settings: the SPI's three paths, defaults, and errors that name the key. */
class RetrainingSettingsTest {

    private static Map<String, String> paths() {
        Map<String, String> s = new HashMap<>();
        s.put("lake.path", "data/lake");
        s.put("model.registry", "data/model-registry");
        s.put("runs.path", "data/retraining-runs");
        return s;
    }

    @Test
    void defaultsApplyToAbsentKeysAndUnknownKeysAreIgnored() {
        Map<String, String> s = paths();
        s.put("something.else", "x");

        RetrainingSettings settings = RetrainingSettings.from(s);

        assertThat(settings.lakePath()).isEqualTo(Paths.get("data/lake"));
        assertThat(settings.registryPath()).isEqualTo(Paths.get("data/model-registry"));
        assertThat(settings.runsPath()).isEqualTo(Paths.get("data/retraining-runs"));
        assertThat(settings.minRows()).isEqualTo(200);
        assertThat(settings.waitTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.holdOutFraction()).isEqualTo(0.2);
        assertThat(settings.minImprovement()).isEqualTo(0.05);
        assertThat(settings.seed()).isEqualTo(42);
        assertThat(settings.trainingMode()).isEqualTo(RetrainingSettings.TrainingMode.FRESH);
        // The local trainer's hyperparameters.
        assertThat(settings.hyperparameters().asMap())
                .containsEntry("num_round", "200")
                .containsEntry("eta", "0.1")
                .containsEntry("seed", "42");
    }

    @Test
    void everyOptionalKeyCanBeSet() {
        Map<String, String> s = paths();
        s.put("dataset.min.rows", "500");
        s.put("dataset.wait.timeout", "1h");
        s.put("dataset.poll.interval", "250ms");
        s.put("holdout.fraction", "0.25");
        s.put("min.improvement", "0");
        s.put("seed", "7");
        s.put("hyperparameters", "num_round=50,nthread=1");
        s.put("training.mode", "Continue");

        RetrainingSettings settings = RetrainingSettings.from(s);

        assertThat(settings.minRows()).isEqualTo(500);
        assertThat(settings.waitTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.holdOutFraction()).isEqualTo(0.25);
        assertThat(settings.minImprovement()).isZero();
        assertThat(settings.hyperparameters().numRound()).isEqualTo(50);
        assertThat(settings.trainingMode()).isEqualTo(RetrainingSettings.TrainingMode.CONTINUE);
        assertThat(settings.hyperparameters().asMap())
                .containsEntry("nthread", "1")
                .containsEntry("seed", "7");
    }

    @Test
    void aMissingPathOrABadValueNamesItsKey() {
        Map<String, String> noRuns = paths();
        noRuns.remove("runs.path");
        assertThatThrownBy(() -> RetrainingSettings.from(noRuns))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("runs.path: required");

        assertBad("dataset.min.rows", "many", "dataset.min.rows: not an integer");
        assertBad("dataset.min.rows", "5", "dataset.min.rows: at least 10");
        assertBad("dataset.wait.timeout", "soon", "dataset.wait.timeout: ");
        assertBad("dataset.poll.interval", "0", "dataset.poll.interval: must be above 0");
        assertBad("holdout.fraction", "1", "holdout.fraction: must be between 0 and 1");
        assertBad("min.improvement", "-0.1", "min.improvement: must be in [0, 1)");
        assertBad("hyperparameters", "depth=3", "hyperparameters: unknown hyperparameter");
        assertBad("training.mode", "warm", "training.mode: fresh, continue or best");
    }

    private static void assertBad(String key, String value, String message) {
        Map<String, String> s = paths();
        s.put(key, value);
        assertThatThrownBy(() -> RetrainingSettings.from(s))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }
}
