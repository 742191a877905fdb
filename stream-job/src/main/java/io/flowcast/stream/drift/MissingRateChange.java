package io.flowcast.stream.drift;

/**
 * How much more often a feature is missing live than in training: {@code live missing rate -
 * baseline missing rate}, in {@code [-1, 1]}. A dead or disconnected sensor shows as a positive
 * change; a sensor that was usually absent in training and now reports shows as a negative one. The
 * detector breaches on the absolute value.
 */
public final class MissingRateChange {

    private MissingRateChange() {}

    /**
     * @param missing live records whose feature was null
     * @param total live records, {@code > 0}
     * @param baselineRate the training missing rate, in {@code [0, 1]}
     */
    public static double change(long missing, long total, double baselineRate) {
        if (total <= 0 || missing < 0 || missing > total) {
            throw new IllegalArgumentException(
                    "expected 0 <= missing <= total and total > 0 but got "
                            + missing
                            + " of "
                            + total);
        }
        if (!(baselineRate >= 0 && baselineRate <= 1)) {
            throw new IllegalArgumentException("baseline rate " + baselineRate + " not in [0, 1]");
        }
        return (double) missing / total - baselineRate;
    }
}
