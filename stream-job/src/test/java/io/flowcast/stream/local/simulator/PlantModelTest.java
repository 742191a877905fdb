package io.flowcast.stream.local.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plant inventory, naming, and per-asset parameters of {@link PlantModel}. */
class PlantModelTest {

    @Test
    void inventoryFollowsTheCountsAndNamingScheme() {
        PlantModel plant = new PlantModel(2, 2, 3, 42);

        List<String> ids = new ArrayList<>();
        plant.assets().forEach(a -> ids.add(a.id()));
        assertThat(ids)
                .containsExactly(
                        "SiteA/Line1/Pump-001",
                        "SiteA/Line1/Compressor-002",
                        "SiteA/Line1/Pump-003",
                        "SiteA/Line2/Pump-001",
                        "SiteA/Line2/Compressor-002",
                        "SiteA/Line2/Pump-003",
                        "SiteB/Line1/Pump-001",
                        "SiteB/Line1/Compressor-002",
                        "SiteB/Line1/Pump-003",
                        "SiteB/Line2/Pump-001",
                        "SiteB/Line2/Compressor-002",
                        "SiteB/Line2/Pump-003");
        assertThat(plant.sites()).containsExactly("SiteA", "SiteB");
        SimulatedAsset compressor = plant.asset("SiteB/Line2/Compressor-002").orElseThrow();
        assertThat(compressor.site()).isEqualTo("SiteB");
        assertThat(compressor.line()).isEqualTo("Line2");
        assertThat(compressor.name()).isEqualTo("Compressor-002");
        assertThat(compressor.type()).isEqualTo(AssetType.COMPRESSOR);
        assertThat(compressor.tagPath(Signal.MOTOR_CURRENT))
                .isEqualTo("SiteB/Line2/Compressor-002/MotorCurrent");
        assertThat(plant.asset("SiteC/Line1/Pump-001")).isEmpty();
    }

    @Test
    void typeCanBeReadBackFromTheAssetName() {
        for (SimulatedAsset asset : new PlantModel(1, 3, 7, 1).assets()) {
            assertThat(AssetType.fromAssetName(asset.name())).contains(asset.type());
            assertThat(AssetType.fromAssetName(asset.id())).contains(asset.type());
        }
        assertThat(AssetType.fromAssetName("pump-9")).contains(AssetType.PUMP);
        assertThat(AssetType.fromAssetName("SiteA/Line1/Valve-001")).isEmpty();
    }

    @Test
    void bothTypesPublishTheirOwnSignals() {
        assertThat(AssetType.PUMP.signals())
                .containsExactly(
                        Signal.LOAD,
                        Signal.AMBIENT_TEMP,
                        Signal.BEARING_TEMP,
                        Signal.VIBRATION,
                        Signal.FLOW,
                        Signal.DISCHARGE_PRESSURE);
        assertThat(AssetType.COMPRESSOR.signals())
                .containsExactly(
                        Signal.LOAD,
                        Signal.AMBIENT_TEMP,
                        Signal.DISCHARGE_TEMP,
                        Signal.VIBRATION,
                        Signal.MOTOR_CURRENT);
    }

    @Test
    void sitesBeyondZGetTwoLetters() {
        assertThat(PlantModel.siteName(0)).isEqualTo("SiteA");
        assertThat(PlantModel.siteName(25)).isEqualTo("SiteZ");
        assertThat(PlantModel.siteName(26)).isEqualTo("SiteAA");
        assertThat(PlantModel.siteName(27)).isEqualTo("SiteAB");
        assertThat(PlantModel.siteName(26 + 26 * 26)).isEqualTo("SiteAAA");
    }

    @Test
    void anAssetBehavesTheSameWhateverThePlantSize() {
        long start = 1_732_230_000_000L;
        SimulatorOptions small =
                SimulatorOptions.builder().linesPerSite(1).assetsPerLine(1).build();
        SimulatorOptions large =
                small.toBuilder().sites(3).linesPerSite(4).assetsPerLine(5).build();

        TelemetryGenerator a = new TelemetryGenerator(small, start);
        TelemetryGenerator b = new TelemetryGenerator(large, start);
        for (int t = 0; t < 20; t++) {
            assertThat(b.recordsForTick(t).get(0).json())
                    .isEqualTo(a.recordsForTick(t).get(0).json());
        }
    }

    @Test
    void seedChangesParametersButNotTheInventory() {
        PlantModel one = new PlantModel(1, 2, 3, 1);
        PlantModel two = new PlantModel(1, 2, 3, 2);
        assertThat(one.assets()).isEqualTo(two.assets());
        assertThat(one.assets().get(0).physics().loadSetpoint)
                .isNotEqualTo(two.assets().get(0).physics().loadSetpoint);
        assertThat(one.ambientTemperature("SiteA", 0))
                .isNotEqualTo(two.ambientTemperature("SiteA", 0));
    }

    @Test
    void ambientFollowsADailyCycle() {
        PlantModel plant = new PlantModel(1, 1, 1, 42);
        long day = 86_400_000L;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (long t = 0; t < day; t += 600_000) {
            double a = plant.ambientTemperature("SiteA", t);
            assertThat(plant.ambientTemperature("SiteA", t + day)).isEqualTo(a);
            min = Math.min(min, a);
            max = Math.max(max, a);
        }
        assertThat(max - min).isBetween(6.0, 16.0);
        assertThatThrownBy(() -> plant.ambientTemperature("Nowhere", 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsEmptyPlants() {
        assertThatThrownBy(() -> new PlantModel(0, 1, 1, 42))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sites");
    }
}
