package io.flowcast.training.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The KLL sketch keeps every value up to k and preserves the total weight beyond. */
class KllSketchTest {

    @Test
    void upToKValuesTheSketchIsExact() {
        KllSketch sketch = new KllSketch(1);
        for (int i = 100; i > 0; i--) {
            sketch.update(i);
        }
        sketch.update(Double.NaN);

        List<double[]> levels = sketch.levels();
        assertThat(levels).hasSize(1);
        assertThat(levels.get(0)).hasSize(100).startsWith(1.0, 2.0).endsWith(100.0);
    }

    @Test
    void compactionKeepsTheWeightAndBoundsTheSize() {
        KllSketch sketch = new KllSketch(64, 0.64, 3);
        for (int i = 0; i < 10_000; i++) {
            sketch.update(i);
        }

        assertThat(sketch.weight()).isEqualTo(10_000);
        int held = sketch.levels().stream().mapToInt(l -> l.length).sum();
        assertThat(held).isLessThan(400);
    }
}
