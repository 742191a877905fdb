package io.flowcast.stream.local.simulator;

import java.util.Random;

/**
 * The fixed physical parameters of one asset and the equations that turn its load and the ambient
 * temperature into signal values.
 *
 * <p>In: parameters drawn once per asset from the run seed ({@link #draw(AssetType, Random)}). Out:
 * pure functions of (state, inputs) with no randomness of their own; the caller supplies the
 * gaussian draws, so the same draws always give the same trajectory.
 *
 * <p>The model, in the signal's units:
 *
 * <ul>
 *   <li>load: an Ornstein-Uhlenbeck random walk around a set-point, reflected into [min, max] %;
 *   <li>temperature (bearing or discharge): first-order lag towards {@code ambient + baseRise +
 *       heatGain * load} with time constant tau;
 *   <li>vibration: {@code base + perLoad * (load/100)^2} (unbalance forces grow with speed);
 *   <li>flow: proportional to load; discharge pressure: static head plus dynamic head in
 *       (load/100)^2 (pump affinity laws);
 *   <li>motor current: no-load current plus a part linear in load.
 * </ul>
 */
final class AssetPhysics {

    // Nameplate assumptions behind rated(): a 400 V, 50 Hz three-phase induction motor.
    private static final double RATED_VOLTAGE = 400;
    private static final double POWER_FACTOR = 0.85;
    private static final double EFFICIENCY = 0.93;
    private static final double FOUR_POLE_RPM = 1480;
    private static final double TWO_POLE_RPM = 2980;

    final double loadSetpoint;
    final double loadVolatility;
    final double loadReversionPerSecond;
    final double minLoad;
    final double maxLoad;
    final double baseRise;
    final double heatGainPerLoad;
    final double thermalTimeConstantSeconds;
    final double vibrationBase;
    final double vibrationAtFullLoad;
    final double ratedFlow;
    final double staticPressure;
    final double dynamicPressure;
    final double noLoadCurrent;
    final double fullLoadCurrent;
    final double ambientSensorOffset;

    private AssetPhysics(AssetType type, Random r) {
        // Every draw happens for every type, in a fixed order, so adding a parameter to one type
        // never shifts the others' values.
        loadSetpoint = uniform(r, 45, 80);
        loadVolatility = uniform(r, 0.4, 0.9);
        loadReversionPerSecond = 1.0 / uniform(r, 300, 1200);
        minLoad = uniform(r, 15, 30);
        maxLoad = 100.0;
        double pumpBaseRise = uniform(r, 4, 10);
        double compressorBaseRise = uniform(r, 18, 30);
        double pumpHeatGain = uniform(r, 0.30, 0.50);
        double compressorHeatGain = uniform(r, 0.40, 0.70);
        double pumpTau = uniform(r, 120, 300);
        double compressorTau = uniform(r, 60, 180);
        vibrationBase = uniform(r, 0.8, 1.8);
        vibrationAtFullLoad = uniform(r, 1.5, 3.5);
        ratedFlow = uniform(r, 80, 250);
        staticPressure = uniform(r, 1.5, 3.0);
        dynamicPressure = uniform(r, 3.0, 6.0);
        noLoadCurrent = uniform(r, 8, 20);
        fullLoadCurrent = uniform(r, 60, 180);
        ambientSensorOffset = 0.3 * r.nextGaussian();
        boolean pump = type == AssetType.PUMP;
        baseRise = pump ? pumpBaseRise : compressorBaseRise;
        heatGainPerLoad = pump ? pumpHeatGain : compressorHeatGain;
        thermalTimeConstantSeconds = pump ? pumpTau : compressorTau;
    }

    /** Draws the parameters of one asset of the given type. */
    static AssetPhysics draw(AssetType type, Random random) {
        return new AssetPhysics(type, random);
    }

    /**
     * The load after {@code dtSeconds}, using the exact OU transition so any tick interval gives
     * the same statistics; {@code gaussian} is a standard normal draw.
     */
    double nextLoad(double load, double dtSeconds, double gaussian) {
        double decay = Math.exp(-loadReversionPerSecond * dtSeconds);
        double spread =
                loadVolatility * Math.sqrt((1 - decay * decay) / (2 * loadReversionPerSecond));
        double next = loadSetpoint + (load - loadSetpoint) * decay + spread * gaussian;
        // Reflect rather than clamp so the walk does not stick to a bound.
        if (next > maxLoad) {
            next = maxLoad - (next - maxLoad);
        }
        if (next < minLoad) {
            next = minLoad + (minLoad - next);
        }
        return Math.max(minLoad, Math.min(maxLoad, next));
    }

    /** The temperature the asset settles at for a constant ambient and load. */
    double thermalTarget(double ambient, double load) {
        return ambient + baseRise + heatGainPerLoad * load;
    }

    /** The temperature after {@code dtSeconds} of first-order lag towards the target. */
    double nextTemperature(double temperature, double target, double dtSeconds) {
        double alpha = 1 - Math.exp(-dtSeconds / thermalTimeConstantSeconds);
        return temperature + alpha * (target - temperature);
    }

    double vibration(double load) {
        double f = load / 100.0;
        return vibrationBase + vibrationAtFullLoad * f * f;
    }

    double flow(double load) {
        return ratedFlow * load / 100.0;
    }

    double dischargePressure(double load) {
        double f = load / 100.0;
        return staticPressure + dynamicPressure * f * f;
    }

    double motorCurrent(double load) {
        return noLoadCurrent + (fullLoadCurrent - noLoadCurrent) * load / 100.0;
    }

    /** The nameplate ratings these parameters imply (see {@link RatedValues} for how). */
    RatedValues rated(AssetType type) {
        double fullLoadKw =
                Math.sqrt(3) * RATED_VOLTAGE * motorCurrent(100) * POWER_FACTOR * EFFICIENCY / 1000;
        Double flowM3h = type == AssetType.PUMP ? round(flow(100), 10) : null;
        double speedRpm = type == AssetType.PUMP ? FOUR_POLE_RPM : TWO_POLE_RPM;
        return new RatedValues(
                round(fullLoadKw, 10), flowM3h, round(dischargePressure(100), 100), speedRpm);
    }

    private static double round(double value, double scale) {
        return Math.round(value * scale) / scale;
    }

    private static double uniform(Random r, double min, double max) {
        return min + (max - min) * r.nextDouble();
    }
}
