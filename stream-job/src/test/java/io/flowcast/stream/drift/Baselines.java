package io.flowcast.stream.drift;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Test data for the drift detector: the registry's real baselines (sketches stripped, under {@code
 * src/test/resources/drift/}) and predictions drawn from a baseline's own distribution.
 */
final class Baselines {

    static final long T0 = 1_732_240_000_000L;
    static final long STEP_MS = 1_000L;

    private Baselines() {}

    static Path dir(String name) {
        try {
            return Path.of(Baselines.class.getResource("/drift/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The pump model v0001 baseline as the trainer wrote it. */
    static DriftBaseline pump() {
        return DriftBaseline.read(dir("pump-v0001"), "pump", "v0001");
    }

    static DriftBaseline compressor() {
        return DriftBaseline.read(dir("compressor-v0001"), "compressor", "v0001");
    }

    /** The same baseline under another version, every feature's bins moved by {@code shift}. */
    static DriftBaseline shifted(DriftBaseline b, String version, double shiftInBinWidths) {
        List<BaselineBins> bins = new ArrayList<>();
        double[] missing = new double[b.featureCount()];
        for (int f = 0; f < b.featureCount(); f++) {
            BaselineBins src = b.bins(f);
            double[] cuts = src.cuts();
            double width = cuts[1] - cuts[0];
            int n = src.size();
            double[] lower = new double[n];
            double[] upper = new double[n];
            for (int i = 0; i < n; i++) {
                lower[i] = (i == 0 ? cuts[0] - width : cuts[i - 1]) + shiftInBinWidths * width;
                upper[i] = (i == n - 1 ? cuts[n - 2] + width : cuts[i]) + shiftInBinWidths * width;
            }
            bins.add(BaselineBins.of(lower, upper, src.counts()));
            missing[f] = b.missingRate(f);
        }
        return new DriftBaseline(
                b.assetType(),
                version,
                b.featureNames(),
                bins,
                missing,
                b.residualMean(),
                b.residualStd());
    }

    /** Draws feature values and residuals from a baseline's own distribution. */
    static final class Draws {
        private final DriftBaseline baseline;
        private final Random random;

        Draws(DriftBaseline baseline, long seed) {
            this.baseline = baseline;
            this.random = new Random(seed);
        }

        /** One value of feature {@code f}: a bin by its training share, uniform inside it. */
        double feature(int f) {
            BaselineBins bins = baseline.bins(f);
            long[] counts = bins.counts();
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            long pick = (long) (random.nextDouble() * total);
            int bin = 0;
            while (pick >= counts[bin]) {
                pick -= counts[bin];
                bin++;
            }
            double[] cuts = bins.cuts();
            double width = cuts[1] - cuts[0];
            double lo = bin == 0 ? cuts[0] - width : cuts[bin - 1];
            double hi = bin == cuts.length ? cuts[cuts.length - 1] + width : cuts[bin];
            return lo + random.nextDouble() * (hi - lo);
        }

        Double[] features() {
            Double[] out = new Double[baseline.featureCount()];
            for (int f = 0; f < out.length; f++) {
                out[f] = feature(f);
            }
            return out;
        }

        /** A residual from N(baseline mean, baseline std), plus {@code offsetInStd} std. */
        double residual(double offsetInStd) {
            return baseline.residualMean()
                    + (random.nextGaussian() + offsetInStd) * baseline.residualStd();
        }
    }
}
