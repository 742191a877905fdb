package io.flowcast.stream.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@link SignalStats} against an exact two-pass reference (BigDecimal), on random data, data with
 * large offsets, split-and-merge, edge cases, and as a Flink POJO.
 */
class SignalStatsTest {

    private static final long EPOCH = 1_700_000_000_000L;
    private static final double REL = 1e-9;
    private static final MathContext MC = MathContext.DECIMAL128;

    // ---------------------------------------------------------------- random vs reference

    @Test
    void randomDataMatchesExactTwoPassReference() {
        Random random = new Random(4711L);
        for (int trial = 0; trial < 400; trial++) {
            List<Sample> samples = randomSamples(random, 1 + random.nextInt(500), false);
            SignalStats stats = addAll(new SignalStats(), samples);
            assertMatchesReference(stats, samples, "trial " + trial);
        }
    }

    // ---------------------------------------------------------------- large offsets

    @Test
    void largeValueOffsetAndEpochTimestampsKeepFullPrecision() {
        Random random = new Random(99L);
        double[][] offsetAndNoise = {{1e9, 1.0}, {1e12, 0.01}, {-3e11, 0.5}};
        for (double[] on : offsetAndNoise) {
            List<Sample> samples = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                long ts = EPOCH + 123_456_789L + i * 100L + random.nextInt(7) - 3;
                double v = on[0] + 0.02 * (ts - EPOCH) / 1000.0 + on[1] * random.nextGaussian();
                samples.add(new Sample(ts, v, true, true));
            }
            Collections.shuffle(samples.subList(100, 300), random); // some disorder
            SignalStats stats = addAll(new SignalStats(), samples);
            Reference ref = Reference.of(samples);

            assertMatchesReference(stats, samples, "offset " + on[0]);
            assertThat(stats.std()).isCloseTo(ref.std, within(1e-12 * ref.std));
            assertThat(stats.slope()).isCloseTo(ref.slope, within(1e-10 * ref.slopeScale()));

            // The textbook one-pass formulas on raw values and epoch seconds fail here.
            Naive naive = new Naive();
            samples.forEach(naive::add);
            assertThat(relativeError(naive.std(), ref.std)).isGreaterThan(1e-3);
            assertThat(relativeError(naive.slope(), ref.slope)).isGreaterThan(1e-3);
        }
    }

    /** Sum-of-squares formulas, as they must not be written. */
    private static final class Naive {
        double n;
        double sumV;
        double sumVV;
        double sumT;
        double sumTT;
        double sumTV;

        void add(Sample s) {
            double t = s.ts / 1000.0;
            n++;
            sumV += s.value;
            sumVV += s.value * s.value;
            sumT += t;
            sumTT += t * t;
            sumTV += t * s.value;
        }

        double std() {
            return Math.sqrt((sumVV - sumV * sumV / n) / (n - 1));
        }

        double slope() {
            return (sumTV - sumT * sumV / n) / (sumTT - sumT * sumT / n);
        }
    }

    private static double relativeError(double actual, double expected) {
        return Double.isFinite(actual)
                ? Math.abs(actual - expected) / Math.abs(expected)
                : Double.POSITIVE_INFINITY;
    }

    // ---------------------------------------------------------------- merge

    @Test
    void mergingRandomPartsInRandomOrderEqualsSequential() {
        Random random = new Random(1234L);
        for (int trial = 0; trial < 300; trial++) {
            List<Sample> samples = randomSamples(random, 1 + random.nextInt(500), true);
            SignalStats sequential = addAll(new SignalStats(), samples);

            int parts = 1 + random.nextInt(8);
            List<Integer> cuts = new ArrayList<>();
            for (int i = 0; i < parts - 1; i++) {
                cuts.add(random.nextInt(samples.size() + 1)); // duplicates give empty parts
            }
            cuts.add(0);
            cuts.add(samples.size());
            Collections.sort(cuts);
            List<SignalStats> pool = new ArrayList<>();
            for (int i = 0; i + 1 < cuts.size(); i++) {
                pool.add(addAll(new SignalStats(), samples.subList(cuts.get(i), cuts.get(i + 1))));
            }
            for (int i = random.nextInt(3); i > 0; i--) {
                pool.add(random.nextInt(pool.size() + 1), new SignalStats());
            }
            while (pool.size() > 1) {
                int a = random.nextInt(pool.size());
                int b = random.nextInt(pool.size() - 1);
                b = b >= a ? b + 1 : b;
                pool.get(a).merge(pool.get(b));
                pool.remove(b);
            }
            SignalStats merged = pool.get(0);

            String what = "trial " + trial + " in " + parts + " parts";
            assertMatchesReference(merged, samples, what);
            assertSameStats(merged, sequential, what);
        }
    }

    @Test
    void mergeWithEmptyOnEitherSide() {
        List<Sample> samples = linear(10, 2.0, 0.25);
        SignalStats full = addAll(new SignalStats(), samples);
        SignalStats onlyExcluded = new SignalStats();
        onlyExcluded.add(EPOCH, 1e6, false, false);

        SignalStats left = new SignalStats();
        left.merge(full);
        assertSameStats(left, full, "empty.merge(full)");

        SignalStats right = full.copy();
        right.merge(new SignalStats());
        assertSameStats(right, full, "full.merge(empty)");

        SignalStats excludedLeft = onlyExcluded.copy();
        excludedLeft.merge(full);
        SignalStats excludedRight = full.copy();
        excludedRight.merge(onlyExcluded);
        for (SignalStats s : List.of(excludedLeft, excludedRight)) {
            assertThat(s.count()).isEqualTo(10);
            assertThat(s.totalCount()).isEqualTo(11);
            assertThat(s.goodShare()).isCloseTo(10.0 / 11, within(1e-15));
            assertThat(s.mean()).isEqualTo(full.mean());
            assertThat(s.std()).isEqualTo(full.std());
            assertThat(s.slope()).isEqualTo(full.slope());
        }

        SignalStats bothEmpty = new SignalStats();
        bothEmpty.merge(new SignalStats());
        assertThat(bothEmpty.isEmpty()).isTrue();
        assertThat(bothEmpty.totalCount()).isZero();
    }

    @Test
    void mergeWithItselfDoublesTheSamples() {
        List<Sample> samples = linear(5, 1.0, 2.0);
        SignalStats stats = addAll(new SignalStats(), samples);
        stats.merge(stats);
        List<Sample> twice = new ArrayList<>(samples);
        twice.addAll(samples);
        assertMatchesReference(stats, twice, "self merge");
        assertThat(stats.count()).isEqualTo(10);
    }

    @Test
    void mergeMovesTheAnchorOfTheLaterSide() {
        // b starts earlier than a; values with a large offset; the result must not care.
        SignalStats a = new SignalStats();
        SignalStats b = new SignalStats();
        List<Sample> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Sample s = new Sample(EPOCH + 60_000 - i * 1000L, 1e9 + 0.5 * i + (i % 3), true, true);
            all.add(s);
            add(i < 10 ? a : b, s);
        }
        a.merge(b);
        assertMatchesReference(a, all, "anchor moved by merge");
        assertThat(a.firstTimestamp()).isEqualTo(EPOCH + 60_000 - 19_000L);
        assertThat(a.first()).isEqualTo(1e9 + 0.5 * 19 + 1);
    }

    // ---------------------------------------------------------------- edge cases

    @Test
    void emptyAccumulatorCountsZeroAndRefusesValueReadOuts() {
        SignalStats stats = new SignalStats();
        assertThat(stats.isEmpty()).isTrue();
        assertThat(stats.count()).isZero();
        assertThat(stats.totalCount()).isZero();
        assertThat(stats.goodShare()).isZero();
        assertEveryValueReadOutThrows(stats);
        assertThat(stats.toString()).contains("count=0");
    }

    @Test
    void onlyExcludedSamplesCountButLeaveTheAccumulatorEmpty() {
        SignalStats stats = new SignalStats();
        stats.add(EPOCH, 5.0, false, false);
        stats.add(EPOCH + 1, Double.NaN, false, false); // value of an excluded sample is ignored
        stats.add(EPOCH + 2, 7.0, true, false);
        assertThat(stats.isEmpty()).isTrue();
        assertThat(stats.totalCount()).isEqualTo(3);
        assertThat(stats.goodShare()).isCloseTo(1.0 / 3, within(1e-15));
        assertEveryValueReadOutThrows(stats);
    }

    @Test
    void singleSample() {
        SignalStats stats = new SignalStats();
        stats.add(EPOCH + 42, -12.5, true, true);
        assertThat(stats.count()).isEqualTo(1);
        assertThat(stats.isEmpty()).isFalse();
        assertThat(stats.mean()).isEqualTo(-12.5);
        assertThat(stats.min()).isEqualTo(-12.5);
        assertThat(stats.max()).isEqualTo(-12.5);
        assertThat(stats.first()).isEqualTo(-12.5);
        assertThat(stats.last()).isEqualTo(-12.5);
        assertThat(stats.std()).isZero();
        assertThat(stats.slope()).isZero();
        assertThat(stats.firstTimestamp()).isEqualTo(EPOCH + 42);
        assertThat(stats.lastTimestamp()).isEqualTo(EPOCH + 42);
        assertThat(stats.goodShare()).isEqualTo(1.0);
    }

    @Test
    void allTimestampsEqualGiveSlopeZero() {
        SignalStats a = new SignalStats();
        SignalStats b = new SignalStats();
        for (int i = 0; i < 10; i++) {
            a.add(EPOCH, i * i, true, true);
            b.add(EPOCH, -i, true, true);
        }
        assertThat(a.slope()).isZero();
        assertThat(a.std()).isPositive();
        a.merge(b);
        assertThat(a.slope()).isZero();
        assertThat(a.firstTimestamp()).isEqualTo(a.lastTimestamp());
    }

    @Test
    void outOfOrderSamplesFollowEventTimeNotArrival() {
        SignalStats stats = new SignalStats();
        long[] seconds = {3, 1, 5, 2, 4};
        for (long s : seconds) {
            stats.add(EPOCH + s * 1000, 10.0 * s, true, true);
        }
        assertThat(stats.first()).isEqualTo(10.0);
        assertThat(stats.last()).isEqualTo(50.0);
        assertThat(stats.firstTimestamp()).isEqualTo(EPOCH + 1000);
        assertThat(stats.lastTimestamp()).isEqualTo(EPOCH + 5000);
        assertThat(stats.min()).isEqualTo(10.0);
        assertThat(stats.max()).isEqualTo(50.0);
        assertThat(stats.mean()).isCloseTo(30.0, within(1e-12));
        assertThat(stats.slope()).isCloseTo(10.0, within(1e-12));
    }

    @Test
    void tiesOnFirstAndLastFollowAdditionOrder() {
        SignalStats stats = new SignalStats();
        stats.add(EPOCH + 1000, 10, true, true);
        stats.add(EPOCH + 1000, 11, true, true);
        stats.add(EPOCH + 2000, 20, true, true);
        stats.add(EPOCH + 2000, 21, true, true);
        assertThat(stats.first()).isEqualTo(10.0);
        assertThat(stats.last()).isEqualTo(21.0);

        SignalStats a = new SignalStats();
        a.add(EPOCH + 1000, 10, true, true);
        a.add(EPOCH + 2000, 20, true, true);
        SignalStats b = new SignalStats();
        b.add(EPOCH + 1000, 11, true, true);
        b.add(EPOCH + 2000, 21, true, true);

        SignalStats ab = a.copy();
        ab.merge(b);
        assertThat(ab.first()).isEqualTo(10.0);
        assertThat(ab.last()).isEqualTo(21.0);
        SignalStats ba = b.copy();
        ba.merge(a);
        assertThat(ba.first()).isEqualTo(11.0);
        assertThat(ba.last()).isEqualTo(20.0);
    }

    @Test
    void excludedSamplesAffectOnlyTotalCountAndGoodShare() {
        List<Sample> good = linear(30, 7.0, -0.2);
        SignalStats clean = addAll(new SignalStats(), good);
        SignalStats mixed = new SignalStats();
        for (int i = 0; i < good.size(); i++) {
            add(mixed, good.get(i));
            if (i % 3 == 0) {
                // bad quality, wild value, earliest and latest timestamps: all ignored
                mixed.add(EPOCH - 1_000_000 + i, 1e300, false, false);
                mixed.add(EPOCH + 10_000_000 + i, -1e300, false, false);
            }
        }
        assertThat(mixed.count()).isEqualTo(30);
        assertThat(mixed.totalCount()).isEqualTo(50);
        assertThat(mixed.goodShare()).isCloseTo(30.0 / 50, within(1e-15));
        assertSameValueStats(mixed, clean, "excluded samples");
        assertThat(mixed.std()).isEqualTo(clean.std());
        assertThat(mixed.slope()).isEqualTo(clean.slope());

        // The caller may also use non-good samples; then they count like good ones.
        SignalStats used = new SignalStats();
        used.add(EPOCH, 1.0, false, true);
        used.add(EPOCH + 1000, 3.0, true, true);
        assertThat(used.count()).isEqualTo(2);
        assertThat(used.goodShare()).isEqualTo(0.5);
        assertThat(used.mean()).isEqualTo(2.0);
    }

    @Test
    void exactlyLinearDataGivesTheExactSlope() {
        // v = 3 + 0.5 * seconds since the start, at whole seconds of an epoch timestamp
        List<Sample> samples = linear(61, 3.0, 0.5);
        SignalStats inOrder = addAll(new SignalStats(), samples);
        assertThat(inOrder.slope()).isCloseTo(0.5, within(1e-14));
        assertThat(inOrder.first()).isEqualTo(3.0);
        assertThat(inOrder.last()).isEqualTo(33.0);
        assertThat(inOrder.mean()).isCloseTo(18.0, within(1e-13));
        // values 3, 3.5, ..., 33: std = 0.5 * std(0..60) = 0.5 * sqrt(61 * 62 / 12)
        assertThat(inOrder.std()).isCloseTo(0.5 * Math.sqrt(61 * 62 / 12.0), within(1e-13));

        List<Sample> shuffled = new ArrayList<>(samples);
        Collections.shuffle(shuffled, new Random(5L));
        SignalStats left = addAll(new SignalStats(), shuffled.subList(0, 20));
        SignalStats right = addAll(new SignalStats(), shuffled.subList(20, 61));
        right.merge(left);
        assertThat(right.slope()).isCloseTo(0.5, within(1e-14));
        assertThat(right.first()).isEqualTo(3.0);
        assertThat(right.last()).isEqualTo(33.0);

        // millisecond spacing: slope is still per second
        SignalStats fast = new SignalStats();
        for (int i = 0; i < 100; i++) {
            fast.add(EPOCH + i * 10L, 2.0 * (i * 10L) / 1000.0, true, true);
        }
        assertThat(fast.slope()).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void nonFiniteUsedValueIsRejectedWithoutChangingState() {
        SignalStats stats = new SignalStats();
        stats.add(EPOCH, 1.0, true, true);
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> stats.add(EPOCH + 1, bad, true, true))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("finite");
        }
        assertThat(stats.count()).isEqualTo(1);
        assertThat(stats.totalCount()).isEqualTo(1);
        assertThat(stats.mean()).isEqualTo(1.0);
    }

    @Test
    void countOverflowThrowsInsteadOfWrapping() {
        SignalStats stats = new SignalStats();
        stats.totalSamples = Integer.MAX_VALUE;
        assertThatThrownBy(() -> stats.add(EPOCH, 1.0, true, true))
                .isInstanceOf(ArithmeticException.class);
        assertThat(stats.totalSamples).isEqualTo(Integer.MAX_VALUE);
        SignalStats one = new SignalStats();
        one.add(EPOCH, 1.0, true, true);
        assertThatThrownBy(() -> stats.merge(one)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void copyIsIndependentAndToStringShowsTheReadOuts() {
        SignalStats original = addAll(new SignalStats(), linear(5, 1.0, 1.0));
        SignalStats copy = original.copy();
        assertSameStats(copy, original, "copy");
        copy.add(EPOCH + 100_000, 1000.0, true, true);
        assertThat(original.count()).isEqualTo(5);
        assertThat(original.max()).isEqualTo(5.0);
        assertThat(copy.max()).isEqualTo(1000.0);
        assertThat(original.toString())
                .startsWith("SignalStats{count=5")
                .contains("mean=3.0", "first=1.0@" + EPOCH, "slope=");
    }

    // ---------------------------------------------------------------- Flink POJO

    @Test
    void isFlinkPojoWithPrimitiveFieldsWithinSizeBudget() throws Exception {
        TypeInformation<SignalStats> info = TypeInformation.of(SignalStats.class);
        assertThat(info).isInstanceOf(PojoTypeInfo.class);

        int fieldBytes = 0;
        int fields = 0;
        for (Field field : SignalStats.class.getDeclaredFields()) {
            int mod = field.getModifiers();
            if (Modifier.isStatic(mod) || Modifier.isTransient(mod)) {
                continue; // the transient kept-fields mask is working information, not state
            }
            fields++;
            assertThat(Modifier.isPublic(mod) && !Modifier.isFinal(mod))
                    .as(field.getName())
                    .isTrue();
            assertThat(field.getType().isPrimitive()).as(field.getName()).isTrue();
            fieldBytes += primitiveBytes(field.getType());
        }
        assertThat(info.getArity()).isEqualTo(fields);
        assertThat(fieldBytes).isLessThanOrEqualTo(100);
    }

    @Test
    void serializesWithPojoSerializerWithoutKryo() throws IOException {
        ExecutionConfig config = new ExecutionConfig();
        config.disableGenericTypes(); // fails on any field that would need Kryo
        TypeSerializer<SignalStats> serializer =
                TypeInformation.of(SignalStats.class)
                        .createSerializer(config.getSerializerConfig());
        assertThat(serializer).isInstanceOf(PojoSerializer.class);

        List<Sample> samples = randomSamples(new Random(8L), 200, false);
        SignalStats stats = addAll(new SignalStats(), samples);
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(stats, out);
        int size = out.length();
        SignalStats back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertSameStats(back, stats, "round trip");
        assertThat(back.std()).isEqualTo(stats.std());
        assertThat(back.slope()).isEqualTo(stats.slope());
        assertThat(back.mean()).isEqualTo(stats.mean());
        // 1 header byte + 1 null flag per field + 100 bytes of field data
        assertThat(size).isEqualTo(115);
        System.out.println("SignalStats serialized size (PojoSerializer): " + size + " bytes");

        SignalStats copied = serializer.copy(stats);
        assertSameStats(copied, stats, "serializer copy");

        // an empty accumulator round-trips too
        DataOutputSerializer emptyOut = new DataOutputSerializer(256);
        serializer.serialize(new SignalStats(), emptyOut);
        SignalStats emptyBack =
                serializer.deserialize(new DataInputDeserializer(emptyOut.getCopyOfBuffer()));
        assertThat(emptyBack.isEmpty()).isTrue();
        assertThat(emptyBack.totalCount()).isZero();
    }

    private static int primitiveBytes(Class<?> type) {
        if (type == long.class || type == double.class) {
            return 8;
        }
        if (type == int.class || type == float.class) {
            return 4;
        }
        if (type == short.class || type == char.class) {
            return 2;
        }
        return 1;
    }

    // ---------------------------------------------------------------- helpers

    private static final class Sample {
        final long ts;
        final double value;
        final boolean good;
        final boolean used;

        Sample(long ts, double value, boolean good, boolean used) {
            this.ts = ts;
            this.value = value;
            this.good = good;
            this.used = used;
        }
    }

    private static void add(SignalStats stats, Sample s) {
        stats.add(s.ts, s.value, s.good, s.used);
    }

    private static SignalStats addAll(SignalStats stats, List<Sample> samples) {
        for (Sample s : samples) {
            add(stats, s);
        }
        return stats;
    }

    /** {@code n} good samples one second apart, {@code v = intercept + perSecond * seconds}. */
    private static List<Sample> linear(int n, double intercept, double perSecond) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            samples.add(new Sample(EPOCH + i * 1000L, intercept + perSecond * i, true, true));
        }
        return samples;
    }

    /**
     * Random samples of varied shape: offsets, scales, trends, digital 0/1 values, regular or
     * random or coarse (tied) or constant timestamps, in or out of order, some excluded.
     */
    private static List<Sample> randomSamples(Random random, int n, boolean distinctTimestamps) {
        double[] offsets = {0, 1e3, -50, 1e6, 1e9, -1e12};
        double[] scales = {1e-3, 1, 100, 0};
        double[] trends = {0, 0.5, -3, 1e3, 1e-4};
        double offset = offsets[random.nextInt(offsets.length)];
        double scale = scales[random.nextInt(scales.length)];
        double trend = trends[random.nextInt(trends.length)];
        boolean digital = random.nextInt(8) == 0;
        int timeMode = distinctTimestamps ? 1 + random.nextInt(2) : random.nextInt(5);
        int orderMode = random.nextInt(3);
        int exclusionMode = random.nextInt(3);
        long start = EPOCH + random.nextInt(1_000_000_000);

        List<Long> times = new ArrayList<>();
        if (timeMode == 1) {
            for (int i = 0; i < n; i++) {
                times.add(start + i * 120L + random.nextInt(60)); // regular, jittered, distinct
            }
        } else if (timeMode == 2) {
            List<Long> slots = new ArrayList<>();
            for (long t = 0; t < 60_000; t += 1 + random.nextInt(200)) {
                slots.add(start + t);
            }
            while (slots.size() < n) {
                slots.add(slots.get(slots.size() - 1) + 1);
            }
            Collections.shuffle(slots, random);
            times.addAll(slots.subList(0, n)); // random and distinct
        } else {
            for (int i = 0; i < n; i++) {
                if (timeMode == 0) {
                    times.add(start + random.nextInt(60_000));
                } else if (timeMode == 3) {
                    times.add(start + 5_000L * random.nextInt(4)); // many ties
                } else {
                    times.add(start); // all equal
                }
            }
        }
        if (orderMode == 1) {
            Collections.sort(times);
        } else if (orderMode == 2) {
            Collections.sort(times);
            for (int i = 0; i < n / 10; i++) {
                Collections.swap(times, random.nextInt(n), random.nextInt(n));
            }
        }

        List<Sample> samples = new ArrayList<>();
        for (long ts : times) {
            double seconds = (ts - start) / 1000.0;
            double value =
                    digital
                            ? random.nextInt(2)
                            : offset + trend * seconds + scale * random.nextGaussian();
            boolean good = exclusionMode == 0 || random.nextInt(5) != 0;
            boolean used = exclusionMode == 2 ? random.nextInt(4) != 0 : good;
            samples.add(new Sample(ts, value, good, used));
        }
        return samples;
    }

    /** Exact read-outs of the used samples, by two passes in 34-digit decimal arithmetic. */
    private static final class Reference {
        int count;
        double mean;
        double std;
        double slope;
        double timeStd;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double first;
        double last;
        long firstTs = Long.MAX_VALUE;
        long lastTs = Long.MIN_VALUE;

        static Reference of(List<Sample> samples) {
            Reference r = new Reference();
            BigDecimal sumV = BigDecimal.ZERO;
            BigDecimal sumT = BigDecimal.ZERO;
            for (Sample s : samples) {
                if (!s.used) {
                    continue;
                }
                r.count++;
                sumV = sumV.add(new BigDecimal(s.value));
                sumT = sumT.add(BigDecimal.valueOf(s.ts));
                r.min = Math.min(r.min, s.value);
                r.max = Math.max(r.max, s.value);
                if (s.ts < r.firstTs) {
                    r.firstTs = s.ts;
                    r.first = s.value;
                }
                if (s.ts >= r.lastTs) {
                    r.lastTs = s.ts;
                    r.last = s.value;
                }
            }
            if (r.count == 0) {
                return r;
            }
            BigDecimal n = BigDecimal.valueOf(r.count);
            BigDecimal meanV = sumV.divide(n, MC);
            BigDecimal meanT = sumT.divide(n, MC);
            BigDecimal svv = BigDecimal.ZERO;
            BigDecimal stt = BigDecimal.ZERO;
            BigDecimal stv = BigDecimal.ZERO;
            for (Sample s : samples) {
                if (!s.used) {
                    continue;
                }
                BigDecimal dv = new BigDecimal(s.value).subtract(meanV, MC);
                BigDecimal dt = BigDecimal.valueOf(s.ts).subtract(meanT, MC); // ms
                svv = svv.add(dv.multiply(dv, MC), MC);
                stt = stt.add(dt.multiply(dt, MC), MC);
                stv = stv.add(dt.multiply(dv, MC), MC);
            }
            r.mean = meanV.doubleValue();
            if (r.count > 1) {
                BigDecimal nm1 = BigDecimal.valueOf(r.count - 1L);
                r.std = svv.divide(nm1, MC).sqrt(MC).doubleValue();
                r.timeStd = stt.divide(nm1, MC).sqrt(MC).doubleValue() / 1000.0;
                if (stt.signum() > 0) {
                    // per ms -> per second
                    r.slope = stv.divide(stt, MC).multiply(BigDecimal.valueOf(1000)).doubleValue();
                }
            }
            return r;
        }

        /** The natural size of slope errors: |slope| plus value spread over time spread. */
        double slopeScale() {
            return timeStd > 0 ? Math.abs(slope) + std / timeStd : 0.0;
        }
    }

    private static void assertMatchesReference(
            SignalStats stats, List<Sample> samples, String what) {
        Reference ref = Reference.of(samples);
        int good = 0;
        for (Sample s : samples) {
            good += s.good ? 1 : 0;
        }
        assertThat(stats.totalCount()).as(what).isEqualTo(samples.size());
        assertThat(stats.goodShare())
                .as(what)
                .isEqualTo(samples.isEmpty() ? 0.0 : (double) good / samples.size());
        assertThat(stats.count()).as(what).isEqualTo(ref.count);
        if (ref.count == 0) {
            assertThat(stats.isEmpty()).as(what).isTrue();
            assertEveryValueReadOutThrows(stats);
            return;
        }
        assertThat(stats.min()).as(what).isEqualTo(ref.min);
        assertThat(stats.max()).as(what).isEqualTo(ref.max);
        assertThat(stats.first()).as(what).isEqualTo(ref.first);
        assertThat(stats.last()).as(what).isEqualTo(ref.last);
        assertThat(stats.firstTimestamp()).as(what).isEqualTo(ref.firstTs);
        assertThat(stats.lastTimestamp()).as(what).isEqualTo(ref.lastTs);
        assertThat(stats.mean())
                .as(what + " mean")
                .isCloseTo(ref.mean, within(1e-12 * (Math.abs(ref.mean) + ref.std)));
        assertThat(stats.std()).as(what + " std").isCloseTo(ref.std, within(REL * ref.std));
        assertThat(stats.slope())
                .as(what + " slope")
                .isCloseTo(ref.slope, within(REL * ref.slopeScale()));
    }

    /** Same samples seen two ways (e.g. merged vs sequential): equal up to rounding. */
    private static void assertSameStats(SignalStats actual, SignalStats expected, String what) {
        assertThat(actual.count()).as(what).isEqualTo(expected.count());
        assertThat(actual.totalCount()).as(what).isEqualTo(expected.totalCount());
        assertThat(actual.goodShare()).as(what).isEqualTo(expected.goodShare());
        assertSameValueStats(actual, expected, what);
    }

    /** Same used samples, whatever the excluded ones: value read-outs equal up to rounding. */
    private static void assertSameValueStats(
            SignalStats actual, SignalStats expected, String what) {
        assertThat(actual.count()).as(what).isEqualTo(expected.count());
        assertThat(actual.isEmpty()).as(what).isEqualTo(expected.isEmpty());
        if (expected.isEmpty()) {
            return;
        }
        assertThat(actual.min()).as(what).isEqualTo(expected.min());
        assertThat(actual.max()).as(what).isEqualTo(expected.max());
        assertThat(actual.first()).as(what).isEqualTo(expected.first());
        assertThat(actual.last()).as(what).isEqualTo(expected.last());
        assertThat(actual.firstTimestamp()).as(what).isEqualTo(expected.firstTimestamp());
        assertThat(actual.lastTimestamp()).as(what).isEqualTo(expected.lastTimestamp());
        double std = expected.std();
        assertThat(actual.mean())
                .as(what + " mean")
                .isCloseTo(expected.mean(), within(1e-12 * (Math.abs(expected.mean()) + std)));
        assertThat(actual.std()).as(what + " std").isCloseTo(std, within(REL * std));
        double timeStd =
                expected.count() > 1 ? Math.sqrt(expected.m2Seconds / (expected.count() - 1)) : 0;
        double slopeScale = timeStd > 0 ? Math.abs(expected.slope()) + std / timeStd : 0.0;
        assertThat(actual.slope())
                .as(what + " slope")
                .isCloseTo(expected.slope(), within(REL * slopeScale));
    }

    private static void assertEveryValueReadOutThrows(SignalStats stats) {
        List<Consumer<SignalStats>> readOuts =
                List.of(
                        SignalStats::mean,
                        SignalStats::min,
                        SignalStats::max,
                        SignalStats::std,
                        SignalStats::slope,
                        SignalStats::first,
                        SignalStats::last,
                        SignalStats::firstTimestamp,
                        SignalStats::lastTimestamp);
        for (Consumer<SignalStats> readOut : readOuts) {
            assertThatThrownBy(() -> readOut.accept(stats))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("isEmpty()");
        }
    }
}
