package io.flowcast.stream.window;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Where each signal's statistics live in a {@link FeatureAccumulator}: three flat primitive arrays
 * ({@code int[]}, {@code long[]}, {@code double[]}) holding, per signal, only the {@link
 * SignalStats} fields that the feature spec's statistics of that signal need.
 *
 * <p>Why: window state is held per asset and per open window, so its size is what limits how many
 * assets a task manager can serve. A {@link SignalStats} object per signal costs 112 bytes of heap
 * whatever the spec reads; a spec that uses mean and standard deviation of a signal needs 3 counts
 * and 3 doubles of it (36 bytes), and no per-signal object headers. The same {@link SignalStats}
 * code computes every update ({@link #load} a signal into a working instance, update it, {@link
 * #store} it back), so the numerical method is the one tested in one place.
 *
 * <p>Which fields a statistic needs:
 *
 * <ul>
 *   <li>every signal: the total and used sample counts (sample counts, emptiness);
 *   <li>{@code good_share}: the good-quality count;
 *   <li>{@code mean}: the value anchor and the mean deviation ({@code min} and {@code max} clamp it
 *       when kept as well);
 *   <li>{@code std}: as mean, plus the second moment;
 *   <li>{@code min}, {@code max}: the extreme;
 *   <li>{@code first}: the earliest timestamp and its value; {@code last}: the latest and its
 *       value;
 *   <li>{@code slope}: the time and value anchors, both means, the time second moment and the
 *       co-moment.
 * </ul>
 *
 * <p>Built once per feature spec ({@link #of(FeatureSpec)}); immutable and serializable.
 */
public final class StatsLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final int NONE = -1;

    /** Per signal, the kept field bits ({@link SignalStats#TOTAL} ...). */
    private final int[] kept;

    /** Per signal, 14 offsets (one per field bit, in bit order); {@link #NONE} if not kept. */
    private final int[][] offsets;

    private final int intSlots;
    private final int longSlots;
    private final int doubleSlots;

    private StatsLayout(int[] kept) {
        this.kept = kept;
        this.offsets = new int[kept.length][];
        int ints = 0;
        int longs = 0;
        int doubles = 0;
        for (int s = 0; s < kept.length; s++) {
            int[] signalOffsets = new int[FIELD_COUNT];
            Arrays.fill(signalOffsets, NONE);
            for (int f = 0; f < FIELD_COUNT; f++) {
                int bit = 1 << f;
                if ((kept[s] & bit) == 0) {
                    continue;
                }
                if ((INT_FIELDS & bit) != 0) {
                    signalOffsets[f] = ints++;
                } else if ((LONG_FIELDS & bit) != 0) {
                    signalOffsets[f] = longs++;
                } else {
                    signalOffsets[f] = doubles++;
                }
            }
            offsets[s] = signalOffsets;
        }
        this.intSlots = ints;
        this.longSlots = longs;
        this.doubleSlots = doubles;
    }

    private static final int FIELD_COUNT = 14;
    private static final int INT_FIELDS = SignalStats.TOTAL | SignalStats.GOOD | SignalStats.USED;
    private static final int LONG_FIELDS = SignalStats.FIRST_MILLIS | SignalStats.LAST_MILLIS;

    /**
     * The layout for {@code spec}: its signals in order, each with the fields its statistics use.
     */
    public static StatsLayout of(FeatureSpec spec) {
        List<String> signals = spec.signals();
        int[] kept = new int[signals.size()];
        for (int s = 0; s < kept.length; s++) {
            kept[s] = SignalStats.TOTAL | SignalStats.USED;
        }
        for (Feature feature : spec.features()) {
            int s = signals.indexOf(feature.signal());
            kept[s] |= fieldsFor(feature.statistic());
        }
        kept[signals.indexOf(spec.targetSignal())] |= fieldsFor(spec.targetStatistic());
        return new StatsLayout(kept);
    }

    /** A layout keeping every field of {@code signalCount} signals (for tests and comparison). */
    static StatsLayout keepingEverything(int signalCount) {
        int[] kept = new int[signalCount];
        Arrays.fill(kept, SignalStats.ALL_FIELDS);
        return new StatsLayout(kept);
    }

    /** The {@link SignalStats} fields a statistic reads or needs to be updated correctly. */
    static int fieldsFor(FeatureStatistic statistic) {
        switch (statistic) {
            case COUNT:
                return SignalStats.USED;
            case GOOD_SHARE:
                return SignalStats.GOOD | SignalStats.TOTAL;
            case MEAN:
                return SignalStats.FIRST_VALUE | SignalStats.MEAN_DEV;
            case STD:
                return SignalStats.FIRST_VALUE | SignalStats.MEAN_DEV | SignalStats.M2_VALUE;
            case MIN:
                return SignalStats.MIN;
            case MAX:
                return SignalStats.MAX;
            case FIRST:
                return SignalStats.FIRST_MILLIS | SignalStats.FIRST_VALUE;
            case LAST:
                return SignalStats.LAST_MILLIS | SignalStats.LAST_VALUE;
            case SLOPE:
            default:
                return SignalStats.FIRST_MILLIS
                        | SignalStats.FIRST_VALUE
                        | SignalStats.MEAN_DEV
                        | SignalStats.MEAN_SECONDS
                        | SignalStats.M2_SECONDS
                        | SignalStats.CO_MOMENT;
        }
    }

    /** Number of signals. */
    public int signalCount() {
        return kept.length;
    }

    /** Length of the {@code int[]} of one accumulator. */
    public int intSlots() {
        return intSlots;
    }

    /** Length of the {@code long[]} of one accumulator. */
    public int longSlots() {
        return longSlots;
    }

    /** Length of the {@code double[]} of one accumulator. */
    public int doubleSlots() {
        return doubleSlots;
    }

    /** The kept field bits of signal {@code s}. */
    int keptFields(int s) {
        return kept[s];
    }

    /**
     * Loads signal {@code s} from the arrays into {@code into}, resetting the fields that are not
     * kept to zero, and marks which fields are real.
     */
    void load(int s, int[] ints, long[] longs, double[] doubles, SignalStats into) {
        int[] o = offsets[s];
        into.totalSamples = intAt(ints, o[0]);
        into.goodSamples = intAt(ints, o[1]);
        into.usedCount = intAt(ints, o[2]);
        into.firstMillis = longAt(longs, o[3]);
        into.firstValue = doubleAt(doubles, o[4]);
        into.lastMillis = longAt(longs, o[5]);
        into.lastValue = doubleAt(doubles, o[6]);
        into.minValue = doubleAt(doubles, o[7]);
        into.maxValue = doubleAt(doubles, o[8]);
        into.meanDev = doubleAt(doubles, o[9]);
        into.m2Value = doubleAt(doubles, o[10]);
        into.meanSeconds = doubleAt(doubles, o[11]);
        into.m2Seconds = doubleAt(doubles, o[12]);
        into.coMoment = doubleAt(doubles, o[13]);
        into.keep(kept[s]);
    }

    /** Stores the kept fields of signal {@code s} from {@code from} into the arrays. */
    void store(int s, SignalStats from, int[] ints, long[] longs, double[] doubles) {
        int[] o = offsets[s];
        setInt(ints, o[0], from.totalSamples);
        setInt(ints, o[1], from.goodSamples);
        setInt(ints, o[2], from.usedCount);
        setLong(longs, o[3], from.firstMillis);
        setDouble(doubles, o[4], from.firstValue);
        setLong(longs, o[5], from.lastMillis);
        setDouble(doubles, o[6], from.lastValue);
        setDouble(doubles, o[7], from.minValue);
        setDouble(doubles, o[8], from.maxValue);
        setDouble(doubles, o[9], from.meanDev);
        setDouble(doubles, o[10], from.m2Value);
        setDouble(doubles, o[11], from.meanSeconds);
        setDouble(doubles, o[12], from.m2Seconds);
        setDouble(doubles, o[13], from.coMoment);
    }

    /** Total samples of signal {@code s}, without loading the rest. */
    int totalSamples(int s, int[] ints) {
        return ints[offsets[s][0]];
    }

    private static int intAt(int[] a, int at) {
        return at == NONE ? 0 : a[at];
    }

    private static long longAt(long[] a, int at) {
        return at == NONE ? 0L : a[at];
    }

    private static double doubleAt(double[] a, int at) {
        return at == NONE ? 0.0 : a[at];
    }

    private static void setInt(int[] a, int at, int value) {
        if (at != NONE) {
            a[at] = value;
        }
    }

    private static void setLong(long[] a, int at, long value) {
        if (at != NONE) {
            a[at] = value;
        }
    }

    private static void setDouble(double[] a, int at, double value) {
        if (at != NONE) {
            a[at] = value;
        }
    }
}
