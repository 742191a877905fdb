package io.flowcast.stream.local.simulator;

import java.util.Optional;

/**
 * The nameplate ratings of a simulated asset, derived from its {@link AssetPhysics} so the asset
 * register the local run seeds describes the same machines the simulator drives.
 *
 * <p>How each value follows from the physics (at 100 % load):
 *
 * <ul>
 *   <li>power, kW: a 400 V three-phase motor drawing the full-load current, {@code √3 · 400 V · I ·
 *       cos φ 0.85 · η 0.93};
 *   <li>flow, m³/h: the pump's flow at full load; none for compressors, whose flow the simulator
 *       does not model;
 *   <li>pressure, bar: the discharge pressure at full load (static plus dynamic head);
 *   <li>speed, rpm: the synchronous speed less slip of a 50 Hz motor, 4-pole for pumps (1480),
 *       2-pole for screw compressors (2980).
 * </ul>
 *
 * <p>Values are rounded to one decimal (pressure to two), as a nameplate would be. Immutable.
 */
public final class RatedValues {

    private final double powerKw;
    private final Double flowM3h;
    private final double pressureBar;
    private final double speedRpm;

    RatedValues(double powerKw, Double flowM3h, double pressureBar, double speedRpm) {
        this.powerKw = powerKw;
        this.flowM3h = flowM3h;
        this.pressureBar = pressureBar;
        this.speedRpm = speedRpm;
    }

    public double powerKw() {
        return powerKw;
    }

    /** Empty for asset types without a modelled flow (compressors). */
    public Optional<Double> flowM3h() {
        return Optional.ofNullable(flowM3h);
    }

    public double pressureBar() {
        return pressureBar;
    }

    public double speedRpm() {
        return speedRpm;
    }

    @Override
    public String toString() {
        return "RatedValues{powerKw="
                + powerKw
                + ", flowM3h="
                + flowM3h
                + ", pressureBar="
                + pressureBar
                + ", speedRpm="
                + speedRpm
                + '}';
    }
}
