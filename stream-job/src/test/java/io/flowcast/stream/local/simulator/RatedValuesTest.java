package io.flowcast.stream.local.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Nameplate ratings follow from each asset's physics. */
class RatedValuesTest {

    private static final PlantModel PLANT = new PlantModel(3, 2, 4, 7);

    @Test
    void pumpRatingsAreTheirFullLoadFlowPressureAndMotorPower() {
        for (SimulatedAsset asset : PLANT.assets()) {
            AssetPhysics physics = asset.physics();
            RatedValues rated = asset.rated();
            assertThat(rated.pressureBar())
                    .isCloseTo(physics.dischargePressure(100), within(0.005));
            double electricalKw =
                    Math.sqrt(3) * 400 * physics.motorCurrent(100) * 0.85 * 0.93 / 1000;
            assertThat(rated.powerKw()).isCloseTo(electricalKw, within(0.05));
            if (asset.type() == AssetType.PUMP) {
                assertThat(rated.flowM3h())
                        .hasValueSatisfying(
                                f -> assertThat(f).isCloseTo(physics.flow(100), within(0.05)));
                assertThat(rated.speedRpm()).isEqualTo(1480);
            } else {
                assertThat(rated.flowM3h()).isEmpty();
                assertThat(rated.speedRpm()).isEqualTo(2980);
            }
        }
    }

    @Test
    void ratingsArePlausibleAndPositive() {
        for (SimulatedAsset asset : PLANT.assets()) {
            RatedValues rated = asset.rated();
            // 60-180 A at 400 V: roughly 30-100 kW motors; 4.5-9 bar discharge.
            assertThat(rated.powerKw()).isBetween(25.0, 110.0);
            assertThat(rated.pressureBar()).isBetween(4.5, 9.0);
            rated.flowM3h().ifPresent(f -> assertThat(f).isBetween(80.0, 250.0));
        }
    }

    @Test
    void ratingsDependOnlyOnSeedAndAssetId() {
        SimulatedAsset a = PLANT.asset("SiteB/Line2/Pump-003").orElseThrow();
        SimulatedAsset b = new PlantModel(5, 3, 4, 7).asset("SiteB/Line2/Pump-003").orElseThrow();
        assertThat(a.rated().toString()).isEqualTo(b.rated().toString());
    }
}
