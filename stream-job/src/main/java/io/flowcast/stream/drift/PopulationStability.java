package io.flowcast.stream.drift;

/**
 * The population stability index of a live histogram against a baseline histogram over the same
 * bins: {@code PSI = sum_i (a_i - e_i) * ln(a_i / e_i)}, where {@code e_i} and {@code a_i} are the
 * baseline's and the live sample's shares of bin {@code i}.
 *
 * <p>An empty bin would make the logarithm infinite, so both shares are smoothed additively before
 * the sum: {@code p_i = (c_i / n + epsilon) / (1 + k * epsilon)} for {@code k} bins, which keeps
 * the shares summing to 1 and moves a share of 0 to about {@code epsilon}. With {@code epsilon =
 * 1e-4} a bin empty in training that holds 10% of the live sample adds about 0.1 * ln(1000) = 0.69,
 * a clear breach of the usual 0.2 threshold.
 *
 * <p>Reading the value (common practice): below 0.1 no change, 0.1-0.2 moderate, above 0.2 a
 * significant shift. With {@code k} bins and {@code n} live values the index of an unchanged
 * population is about {@code (k - 1) / n} from sampling noise alone, so {@code n} should be a few
 * hundred for a 0.2 threshold with 10 bins.
 */
public final class PopulationStability {

    private PopulationStability() {}

    /**
     * @param expected baseline counts per bin
     * @param actual live counts per bin (same length)
     * @param epsilon additive smoothing of the shares, in {@code (0, 1)}
     * @return the index, {@code >= 0}; 0 if the live sample is empty
     */
    public static double psi(long[] expected, long[] actual, double epsilon) {
        if (expected.length != actual.length || expected.length == 0) {
            throw new IllegalArgumentException(
                    "expected and actual need the same, non-zero number of bins but have "
                            + expected.length
                            + " and "
                            + actual.length);
        }
        if (!(epsilon > 0 && epsilon < 1)) {
            throw new IllegalArgumentException("epsilon must be in (0, 1) but is " + epsilon);
        }
        long e = sum(expected);
        long a = sum(actual);
        if (e == 0) {
            throw new IllegalArgumentException("the baseline histogram is empty");
        }
        if (a == 0) {
            return 0.0;
        }
        int k = expected.length;
        double norm = 1 + k * epsilon;
        double psi = 0;
        for (int i = 0; i < k; i++) {
            double pe = ((double) expected[i] / e + epsilon) / norm;
            double pa = ((double) actual[i] / a + epsilon) / norm;
            psi += (pa - pe) * Math.log(pa / pe);
        }
        return psi;
    }

    private static long sum(long[] counts) {
        long s = 0;
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("negative count " + c);
            }
            s += c;
        }
        return s;
    }
}
