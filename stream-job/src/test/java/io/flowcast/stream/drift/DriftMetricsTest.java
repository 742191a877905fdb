package io.flowcast.stream.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The four drift metrics on hand-checked numbers. */
class DriftMetricsTest {

    @Test
    void psiIsZeroForTheSameSharesAndMatchesAHandComputedValue() {
        long[] baseline = {100, 300, 600};
        assertThat(PopulationStability.psi(baseline, new long[] {10, 30, 60}, 1e-4))
                .isCloseTo(0.0, within(1e-12));

        // shares 0.1/0.3/0.6 -> 0.3/0.3/0.4 (epsilon small enough not to matter at 1e-6)
        double expected = (0.3 - 0.1) * Math.log(3) + (0.4 - 0.6) * Math.log(0.4 / 0.6);
        assertThat(PopulationStability.psi(baseline, new long[] {30, 30, 40}, 1e-9))
                .isCloseTo(expected, within(1e-6));
    }

    @Test
    void anEmptyBinGivesAFiniteButLargeIndexAndAnEmptySampleZero() {
        double psi = PopulationStability.psi(new long[] {50, 50, 0}, new long[] {45, 45, 10}, 1e-4);
        assertThat(psi).isFinite().isGreaterThan(0.5);
        assertThat(PopulationStability.psi(new long[] {1, 2}, new long[] {0, 0}, 1e-4)).isZero();
        assertThatThrownBy(() -> PopulationStability.psi(new long[] {1, 2}, new long[] {1}, 1e-4))
                .hasMessageContaining("same, non-zero number of bins");
        assertThatThrownBy(
                        () -> PopulationStability.psi(new long[] {0, 0}, new long[] {1, 1}, 1e-4))
                .hasMessageContaining("baseline histogram is empty");
    }

    @Test
    void missingRateChangeIsLiveMinusBaseline() {
        assertThat(MissingRateChange.change(30, 200, 0.05)).isCloseTo(0.1, within(1e-12));
        assertThat(MissingRateChange.change(0, 200, 0.2)).isCloseTo(-0.2, within(1e-12));
        assertThatThrownBy(() -> MissingRateChange.change(3, 2, 0)).hasMessageContaining("3 of 2");
    }

    @Test
    void rmseRatioIsLiveRmseOverBaselineRmse() {
        assertThat(ResidualRmseRatio.ratio(4 * 100, 100, 2.0)).isCloseTo(1.0, within(1e-12));
        assertThat(ResidualRmseRatio.ratio(9 * 50, 50, 2.0)).isCloseTo(1.5, within(1e-12));
    }

    @Test
    void pageHinkleyStaysQuietOnNoiseAndSignalsAShiftInEitherDirection() {
        Random random = new Random(3);
        PageHinkley quiet = new PageHinkley(0.5, 25);
        double max = 0;
        for (int i = 0; i < 100_000; i++) {
            quiet.add(random.nextGaussian());
            max = Math.max(max, quiet.statistic());
        }
        assertThat(max).isLessThan(25);

        for (double shift : new double[] {1.5, -1.5}) {
            PageHinkley ph = new PageHinkley(0.5, 25);
            int n = 0;
            while (!ph.signals()) {
                ph.add(random.nextGaussian() + shift);
                n++;
            }
            // about lambda / (|shift| - delta) = 25 samples
            assertThat(n).isBetween(10, 60);
            assertThat(shift > 0 ? ph.up() : ph.down()).isGreaterThan(25);
        }
    }

    @Test
    void pageHinkleyIsCappedSoItRearmsAfterALongDrift() {
        PageHinkley ph = new PageHinkley(0.5, 25);
        for (int i = 0; i < 100_000; i++) {
            ph.add(3.0);
        }
        assertThat(ph.statistic()).isEqualTo(50.0);
        int n = 0;
        while (ph.signals()) {
            ph.add(0.0);
            n++;
        }
        assertThat(n).isEqualTo(50); // (50 - 25) / 0.5
        assertThat(new PageHinkley(0.5, 25, ph.up(), ph.down()).statistic())
                .isEqualTo(ph.statistic());
    }
}
