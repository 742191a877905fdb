package io.flowcast.stream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.stream.drift.DriftConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code Drift} property group: defaults, overrides, and precise failures. */
class DriftOptionsTest {

    @Test
    void anAbsentGroupGivesTheDefaults() {
        DriftConfig config = DriftOptions.read(PropertyGroups.of(Map.of()));

        assertThat(config.samplePredictions()).isEqualTo(500);
        assertThat(config.minSamples()).isEqualTo(100);
        assertThat(config.psiMinSamples()).isEqualTo(400);
        assertThat(config.psiHorizon()).isEqualTo(Duration.ofHours(24));
        assertThat(config.consecutiveBreaches()).isEqualTo(2);
        assertThat(config.psiThreshold()).isEqualTo(0.2);
        assertThat(config.psiEpsilon()).isEqualTo(1e-4);
        assertThat(config.missingRateThreshold()).isEqualTo(0.1);
        assertThat(config.pageHinkleyDelta()).isEqualTo(0.5);
        assertThat(config.pageHinkleyLambda()).isEqualTo(25.0);
        assertThat(config.rmseRatioThreshold()).isEqualTo(1.5);
    }

    @Test
    void driftIsOnByDefaultAndCanBeSwitchedOff() {
        assertThat(DriftOptions.readIfEnabled(PropertyGroups.of(Map.of()))).isPresent();
        assertThat(DriftOptions.readIfEnabled(groups(Map.of("enabled", "false")))).isEmpty();
    }

    @Test
    void everyKeyCanBeSet() {
        Map<String, String> drift = new HashMap<>();
        drift.put("sample.predictions", "800");
        drift.put("min.samples", "250");
        drift.put("consecutive.breaches", "3");
        drift.put("psi.threshold", "0.25");
        drift.put("psi.epsilon", "0.001");
        drift.put("missing.rate.threshold", "0.2");
        drift.put("page.hinkley.delta", "0.25");
        drift.put("page.hinkley.lambda", "50");
        drift.put("rmse.ratio.threshold", "2");

        DriftConfig config = DriftOptions.read(groups(drift));

        assertThat(config.samplePredictions()).isEqualTo(800);
        assertThat(config.minSamples()).isEqualTo(250);
        assertThat(config.consecutiveBreaches()).isEqualTo(3);
        assertThat(config.psiThreshold()).isEqualTo(0.25);
        assertThat(config.psiEpsilon()).isEqualTo(0.001);
        assertThat(config.missingRateThreshold()).isEqualTo(0.2);
        assertThat(config.pageHinkleyDelta()).isEqualTo(0.25);
        assertThat(config.pageHinkleyLambda()).isEqualTo(50.0);
        assertThat(config.rmseRatioThreshold()).isEqualTo(2.0);
    }

    @Test
    void contradictionsAndBadValuesNameTheGroupAndKey() {
        assertThatThrownBy(
                        () ->
                                DriftOptions.read(
                                        groups(
                                                Map.of(
                                                        "sample.predictions", "50",
                                                        "min.samples", "100"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Property group 'Drift'")
                .hasMessageContaining("min.samples (100) must not exceed sample.predictions");
        assertThatThrownBy(() -> DriftOptions.read(groups(Map.of("missing.rate.threshold", "1.5"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("missing.rate.threshold must be above 0 and below 1");
        assertThatThrownBy(() -> DriftOptions.read(groups(Map.of("rmse.ratio.threshold", "0.9"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rmse.ratio.threshold must be above 1");
        assertThatThrownBy(() -> DriftOptions.read(groups(Map.of("psi.threshold", "-0.2"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("psi.threshold");
        assertThatThrownBy(() -> DriftOptions.read(groups(Map.of("consecutive.breaches", "two"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("consecutive.breaches");
    }

    @Test
    void everyOptionBelongsToTheGroupAndIsDescribed() {
        assertThat(DriftOptions.ALL)
                .hasSize(12)
                .doesNotHaveDuplicates()
                .allMatch(o -> o.group().equals("Drift"))
                .allMatch(o -> o.defaultValue().isPresent())
                .allMatch(o -> !o.description().isBlank());
    }

    private static PropertyGroups groups(Map<String, String> drift) {
        return PropertyGroups.of(Map.of(DriftOptions.GROUP, drift));
    }
}
