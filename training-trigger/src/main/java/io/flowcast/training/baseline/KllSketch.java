package io.flowcast.training.baseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A KLL quantile sketch (Karnin, Lang, Liberty 2016) with the parameters SageMaker Model Monitor
 * writes into {@code statistics.json} ({@code k}, {@code c}), producing the {@code sketch.data}
 * array of levels that file holds.
 *
 * <p>Level {@code h} holds items of weight 2^h. When the sketch is over capacity, the lowest full
 * level is sorted and every other item (random offset) moves up one level. Level {@code h} of
 * {@code H} may hold {@code max(2, ceil(k * c^(H-1-h)))} items. With up to {@code k} values nothing
 * is compacted and the sketch is exact. Deterministic for a seed. Not thread-safe.
 */
public final class KllSketch {

    /** Model Monitor's default accuracy parameter. */
    public static final int DEFAULT_K = 2048;

    /** Model Monitor's default capacity decay between levels. */
    public static final double DEFAULT_C = 0.64;

    private final int k;
    private final double c;
    private final Random random;
    private final List<double[]> levels = new ArrayList<>();
    private final List<Integer> sizes = new ArrayList<>();

    /** A sketch with {@link #DEFAULT_K} and {@link #DEFAULT_C}. */
    public KllSketch(long seed) {
        this(DEFAULT_K, DEFAULT_C, seed);
    }

    /**
     * @throws IllegalArgumentException if k is below 8 or c is not in (0.5, 1]
     */
    public KllSketch(int k, double c, long seed) {
        if (k < 8) {
            throw new IllegalArgumentException("k must be at least 8, got " + k);
        }
        if (!(c > 0.5 && c <= 1)) {
            throw new IllegalArgumentException("c must be in (0.5, 1], got " + c);
        }
        this.k = k;
        this.c = c;
        this.random = new Random(seed);
        addLevel();
    }

    public int k() {
        return k;
    }

    public double c() {
        return c;
    }

    /** Adds a finite value; NaN is ignored (a missing value has no quantile). */
    public void update(double value) {
        if (Double.isNaN(value)) {
            return;
        }
        append(0, value);
        compactWhileFull();
    }

    /** The levels, lowest (weight 1) first, each sorted ascending. */
    public List<double[]> levels() {
        List<double[]> out = new ArrayList<>();
        for (int h = 0; h < levels.size(); h++) {
            double[] items = Arrays.copyOf(levels.get(h), sizes.get(h));
            Arrays.sort(items);
            out.add(items);
        }
        return out;
    }

    /** The total weight of the items held: the number of values seen. */
    public long weight() {
        long w = 0;
        for (int h = 0; h < sizes.size(); h++) {
            w += (long) sizes.get(h) << h;
        }
        return w;
    }

    private int capacity(int level) {
        int height = levels.size();
        return Math.max(2, (int) Math.ceil(k * Math.pow(c, height - 1 - level)));
    }

    private void compactWhileFull() {
        for (int h = 0; h < levels.size(); h++) {
            if (sizes.get(h) > capacity(h)) {
                compact(h);
            }
        }
    }

    private void compact(int h) {
        if (h + 1 == levels.size()) {
            addLevel();
        }
        int n = sizes.get(h);
        double[] items = Arrays.copyOf(levels.get(h), n);
        Arrays.sort(items);
        // An odd item stays behind so the weight is preserved exactly.
        int paired = n - (n % 2);
        int offset = random.nextBoolean() ? 1 : 0;
        for (int i = offset; i < paired; i += 2) {
            append(h + 1, items[i]);
        }
        double[] keep = new double[Math.max(2, levels.get(h).length)];
        int kept = 0;
        if (paired < n) {
            keep[kept++] = items[n - 1];
        }
        levels.set(h, keep);
        sizes.set(h, kept);
    }

    private void append(int h, double value) {
        double[] items = levels.get(h);
        int size = sizes.get(h);
        if (size == items.length) {
            items = Arrays.copyOf(items, Math.max(8, items.length * 2));
            levels.set(h, items);
        }
        items[size] = value;
        sizes.set(h, size + 1);
    }

    private void addLevel() {
        levels.add(new double[8]);
        sizes.add(0);
    }
}
