package io.flowcast.stream.bench;

import io.flowcast.stream.parse.TelemetrySample;
import io.flowcast.stream.window.CarriedFeatures;
import io.flowcast.stream.window.FeatureAccumulator;
import io.flowcast.stream.window.FeatureAggregateFunction;
import io.flowcast.stream.window.FeatureSpec;
import io.flowcast.stream.window.SeenSamples;
import io.flowcast.stream.window.StatsLayout;
import io.flowcast.stream.window.WindowConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.operators.TimerHeapInternalTimer;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * How many bytes of state one asset keeps per open window: the {@link FeatureAccumulator} of one
 * asset-window, built exactly as the job builds it (every sample through {@link
 * FeatureAggregateFunction#add}, in arrival order: second by second, all signals per second), then
 * sized two ways.
 *
 * <ul>
 *   <li><b>Serialized</b>: bytes written by the serializer Flink picks for the accumulator type
 *       ({@code TypeInformation.of(FeatureAccumulator.class)}, a POJO serializer); what a
 *       checkpoint or savepoint holds and what RocksDB would store.
 *   <li><b>Heap</b>: retained size on this JVM, measured with JOL ({@code
 *       org.openjdk.jol:jol-core}) when it is on the class path; what the heap state backend
 *       ({@code hashmap}) holds.
 * </ul>
 *
 * <p>Both are broken down into the per-signal statistics (the accumulator's three primitive arrays,
 * laid out by the spec's {@link StatsLayout}), duplicate detection ({@link SeenSamples}) and the
 * rest (the accumulator object and its counters). Timestamps are either exactly on the sampling
 * grid or jittered (uniformly within ±jitter, per sample and signal, seeded), since the packed
 * duplicate-detection set is smaller for steady sampling. The asset type string is shared by every
 * accumulator of the type, so the heap figure leaves it out.
 *
 * <p>Two more figures put the accumulator in context: the per-asset {@link CarriedFeatures} that
 * {@code FeatureVectorFunction} keeps across windows (written after every window whatever the
 * missing policy, so present even with {@code MARK_MISSING}), and an estimate of the heap backend's
 * own bookkeeping per asset-window (state map entry, key, window, timer), from JOL class layouts of
 * the Flink internals involved.
 *
 * <p>JOL is called reflectively, so this compiles and runs without it (heap figures are then
 * skipped); {@code scripts/bench-window.sh} puts it on the class path.
 */
final class WindowStateSize {

    /** The target: heap state per asset-window. */
    static final long TARGET_BYTES = 2048;

    private WindowStateSize() {}

    /** The sizes of one asset-window's accumulator at one sampling interval. */
    static final class Result {
        long intervalMillis;
        boolean deduplicate;
        int samples;
        long jitterMillis;
        int seenSize;
        int seenPackedBytes;

        String serializer;
        int serialized;
        int serializedSignals;
        int serializedSeen;

        /** -1 when JOL is not available. */
        long heap = -1;

        long heapShell;
        long heapSignals;
        long heapSeen;

        int serializedRest() {
            return serialized - serializedSignals - serializedSeen;
        }
    }

    /** Per-asset state outside the window state, and the heap backend's bookkeeping. */
    static final class Context {
        int carriedSerialized;

        /** -1 when JOL is not available. */
        long carriedHeap = -1;

        /** Estimated heap bookkeeping per asset-window; -1 when JOL is not available. */
        long bookkeeping = -1;

        String bookkeepingDetail = "";
    }

    /**
     * Builds one asset-window's accumulator from samples every {@code intervalMillis} (each moved
     * by up to ±{@code jitterMillis}) over a window of {@code windowMillis}, all signals of {@code
     * spec}, and sizes it.
     */
    static Result measure(
            WindowConfig windows,
            FeatureSpec spec,
            long intervalMillis,
            long jitterMillis,
            long windowMillis) {
        if (2 * jitterMillis >= intervalMillis) {
            throw new IllegalArgumentException("jitter must stay below half the interval");
        }
        Random random = new Random(42);
        FeatureAggregateFunction aggregate = new FeatureAggregateFunction(windows);
        FeatureAccumulator acc = aggregate.createAccumulator();
        String assetId = WindowBenchRecords.assetId(0);
        long start = 1_732_230_000_000L;
        int samples = 0;
        for (long t = 0; t < windowMillis; t += intervalMillis) {
            for (int s = 0; s < spec.signals().size(); s++) {
                double value = 20 + 3 * s + Math.sin(t / 7_000.0 + s);
                acc =
                        aggregate.add(
                                new TelemetrySample(
                                        assetId,
                                        spec.signals().get(s),
                                        value,
                                        192,
                                        start + t + jitter(random, jitterMillis)),
                                acc);
                samples++;
            }
        }
        if (acc.sampleCount != samples || acc.duplicateSamples != 0) {
            throw new IllegalStateException(
                    "accumulator counted "
                            + acc.sampleCount
                            + " samples and "
                            + acc.duplicateSamples
                            + " duplicates; expected "
                            + samples
                            + " and 0");
        }

        Result r = new Result();
        r.intervalMillis = intervalMillis;
        r.deduplicate = windows.deduplicate();
        r.samples = samples;
        r.jitterMillis = jitterMillis;
        r.seenSize = acc.seen == null ? 0 : acc.seen.size;
        r.seenPackedBytes = acc.seen == null ? 0 : acc.seen.packed.length;

        TypeSerializer<FeatureAccumulator> serializer =
                TypeInformation.of(FeatureAccumulator.class)
                        .createSerializer(new SerializerConfigImpl());
        r.serializer = serializer.getClass().getSimpleName();
        r.serialized = serializedSize(serializer, acc);
        // A null field costs the POJO serializer one marker byte; the difference is the field.
        FeatureAccumulator withoutSeen = shallowCopy(acc);
        withoutSeen.seen = null;
        r.serializedSeen = r.serialized - serializedSize(serializer, withoutSeen);
        FeatureAccumulator withoutSignals = shallowCopy(acc);
        withoutSignals.ints = null;
        withoutSignals.longs = null;
        withoutSignals.doubles = null;
        r.serializedSignals = r.serialized - serializedSize(serializer, withoutSignals);

        Jol jol = Jol.load();
        if (jol != null) {
            r.heapShell = jol.shallow(FeatureAccumulator.class);
            r.heapSignals = jol.deep(acc.ints) + jol.deep(acc.longs) + jol.deep(acc.doubles);
            r.heapSeen = acc.seen == null ? 0 : jol.deep(acc.seen);
            r.heap = r.heapShell + r.heapSignals + r.heapSeen;
            long whole = jol.deep(acc) - jol.deep(acc.assetType);
            if (whole != r.heap) {
                throw new IllegalStateException(
                        "heap parts " + r.heap + " do not add up to the whole " + whole);
            }
        }
        return r;
    }

    /** The per-asset carry-forward state and the heap backend's per-window bookkeeping. */
    static Context context(FeatureSpec spec, long windowMillis) {
        Context c = new Context();
        // As FeatureVectorFunction leaves it after a window in which every input had samples.
        CarriedFeatures carried = new CarriedFeatures();
        carried.specVersion = spec.version();
        carried.features = new Double[spec.featureCount()];
        for (int f = 0; f < carried.features.length; f++) {
            carried.features[f] = 20.0 + f / 3.0;
        }
        carried.signalWindowEnd = new long[spec.signals().size()];
        Arrays.fill(carried.signalWindowEnd, 1_732_230_060_000L);
        c.carriedSerialized =
                serializedSize(
                        TypeInformation.of(CarriedFeatures.class)
                                .createSerializer(new SerializerConfigImpl()),
                        carried);

        Jol jol = Jol.load();
        if (jol == null) {
            return c;
        }
        c.carriedHeap = jol.deep(carried);

        // Per asset-window the heap backend holds: a state map entry (key, namespace, state),
        // the key (the asset id String of the window's first sample after the network shuffle),
        // the namespace (a TimeWindow), one event-time timer (the trigger's and the clean-up
        // timer coincide with zero allowed lateness) in a heap with a per-key-group dedup HashMap.
        // Key and window are shared between entry and timer.
        long reference = (jol.deep(new Object[8]) - jol.deep(new Object[0])) / 8;
        long entry =
                jol.shallow(
                        "org.apache.flink.runtime.state.heap.CopyOnWriteStateMap$StateMapEntry");
        long key = jol.deep(WindowBenchRecords.assetId(0));
        TimeWindow window = new TimeWindow(1_732_230_000_000L, 1_732_230_000_000L + windowMillis);
        long namespace = jol.deep(window);
        long timer = jol.shallow(TimerHeapInternalTimer.class);
        long node = jol.shallow("java.util.HashMap$Node");
        // Hash tables at their 0.75 load factor; the timer heap's array is full up to doubling.
        long slots = Math.round(2 * reference / 0.75 + reference);
        c.bookkeeping = entry + key + namespace + timer + node + slots;
        c.bookkeepingDetail =
                String.format(
                        Locale.ROOT,
                        "state map entry %d + key String %d + TimeWindow %d + timer %d + timer"
                                + " dedup node %d + table/heap slots ~%d",
                        entry,
                        key,
                        namespace,
                        timer,
                        node,
                        slots);
        return c;
    }

    /** Whether JOL is on the class path, i.e. heap sizes can be measured. */
    static boolean heapMeasurable() {
        return Jol.load() != null;
    }

    private static FeatureAccumulator shallowCopy(FeatureAccumulator acc) {
        FeatureAccumulator copy = new FeatureAccumulator();
        copy.assetType = acc.assetType;
        copy.ints = acc.ints;
        copy.longs = acc.longs;
        copy.doubles = acc.doubles;
        copy.seen = acc.seen;
        copy.sampleCount = acc.sampleCount;
        copy.duplicateSamples = acc.duplicateSamples;
        return copy;
    }

    private static long jitter(Random random, long jitterMillis) {
        return jitterMillis == 0 ? 0 : random.nextInt((int) (2 * jitterMillis + 1)) - jitterMillis;
    }

    private static <T> int serializedSize(TypeSerializer<T> serializer, T value) {
        DataOutputSerializer out = new DataOutputSerializer(4096);
        try {
            serializer.serialize(value, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.length();
    }

    /**
     * The few JOL calls needed, made reflectively so the benchmark compiles without JOL: {@code
     * GraphLayout.parseInstance(..).totalSize()} (retained size of an object graph) and {@code
     * ClassLayout.parseClass(..).instanceSize()} (size of one instance, fields only).
     */
    private static final class Jol {
        private static volatile Jol instance;
        private static volatile boolean looked;

        private final Method parseInstance;
        private final Method totalSize;
        private final Method parseClass;
        private final Method instanceSize;

        private Jol() throws ReflectiveOperationException {
            Class<?> graphLayout = Class.forName("org.openjdk.jol.info.GraphLayout");
            Class<?> classLayout = Class.forName("org.openjdk.jol.info.ClassLayout");
            parseInstance = graphLayout.getMethod("parseInstance", Object[].class);
            totalSize = graphLayout.getMethod("totalSize");
            parseClass = classLayout.getMethod("parseClass", Class.class);
            instanceSize = classLayout.getMethod("instanceSize");
        }

        /** JOL, or null when it is not on the class path. */
        static Jol load() {
            if (!looked) {
                synchronized (Jol.class) {
                    if (!looked) {
                        try {
                            instance = new Jol();
                        } catch (ReflectiveOperationException | LinkageError e) {
                            instance = null;
                        }
                        looked = true;
                    }
                }
            }
            return instance;
        }

        /** Retained size of everything reachable from {@code root}, root included. */
        long deep(Object root) {
            return (Long) call(totalSize, call(parseInstance, null, (Object) new Object[] {root}));
        }

        long shallow(Class<?> type) {
            return (Long) call(instanceSize, call(parseClass, null, type));
        }

        long shallow(String className) {
            try {
                return shallow(Class.forName(className));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("class not found: " + className, e);
            }
        }

        private static Object call(Method method, Object target, Object... args) {
            try {
                return method.invoke(target, args);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("JOL failed: " + e.getCause(), e.getCause());
            }
        }
    }
}
