package io.flowcast.stream.local.simulator;

import java.util.Locale;
import java.util.Optional;

/**
 * One measured quantity of a simulated asset, named as the last segment of its N3uron tag path
 * ({@code SiteA/Line1/Pump-001/BearingTemp}).
 *
 * <p>Each constant carries the tag name the job sees, the engineering unit (documentation only:
 * N3uron does not send units), the number of decimals the gateway reports, and the standard
 * deviation of the gaussian sensor noise added to the true value.
 */
public enum Signal {
    /** Motor load in percent of rated power. */
    LOAD("Load", "%", 1, 0.3),
    /** Air temperature around the asset, following the site's daily cycle. */
    AMBIENT_TEMP("AmbientTemp", "°C", 2, 0.1),
    /** Pump bearing temperature: ambient plus load-driven heat, with thermal lag. */
    BEARING_TEMP("BearingTemp", "°C", 2, 0.15),
    /** RMS vibration velocity; rises with load. */
    VIBRATION("Vibration", "mm/s", 3, 0.05),
    /** Pump volumetric flow; proportional to load (speed). */
    FLOW("Flow", "m3/h", 1, 1.0),
    /** Pump discharge pressure; static head plus a term in load squared (affinity laws). */
    DISCHARGE_PRESSURE("DischargePressure", "bar", 3, 0.03),
    /** Compressor discharge air temperature: ambient plus load-driven heat, with thermal lag. */
    DISCHARGE_TEMP("DischargeTemp", "°C", 2, 0.2),
    /** Compressor motor current; linear in load above the no-load current. */
    MOTOR_CURRENT("MotorCurrent", "A", 2, 0.4);

    private final String tagName;
    private final String unit;
    private final int decimals;
    private final double noiseStdDev;

    Signal(String tagName, String unit, int decimals, double noiseStdDev) {
        this.tagName = tagName;
        this.unit = unit;
        this.decimals = decimals;
        this.noiseStdDev = noiseStdDev;
    }

    /** The last segment of the tag path, e.g. {@code BearingTemp}. */
    public String tagName() {
        return tagName;
    }

    /** The engineering unit, e.g. {@code °C}. */
    public String unit() {
        return unit;
    }

    /** Decimals the gateway reports for this signal. */
    public int decimals() {
        return decimals;
    }

    /** Standard deviation of the gaussian sensor noise, in the signal's unit. */
    double noiseStdDev() {
        return noiseStdDev;
    }

    /** The signal whose tag name matches, ignoring case; empty if none. */
    public static Optional<Signal> fromTagName(String tagName) {
        if (tagName == null) {
            return Optional.empty();
        }
        String wanted = tagName.trim().toLowerCase(Locale.ROOT);
        for (Signal s : values()) {
            if (s.tagName.toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
