package io.flowcast.stream.window;

import java.util.Arrays;

/**
 * The exact set of (signal, timestamp) pairs seen in one asset-window, kept small enough to sit in
 * window state: gateways resend samples after a reconnect, and a resent sample must count once.
 *
 * <p><b>In:</b> {@link #add(int, long)} per sample of a spec signal. <b>Out:</b> whether the pair
 * is new. Exact: no false positives (a distinct sample is never dropped) and no false negatives.
 *
 * <p><b>How it stays small:</b> timestamps are stored per signal, sorted, as delta-of-delta
 * variable-length integers in one {@code byte[]} ({@link #packed}), with runs of equal spacing
 * written as a single run length. A signal sampled at a steady rate costs a few bytes per window
 * whatever the number of samples; irregular (jittered) timestamps cost about one byte per sample
 * while the jitter stays within ±30 ms, two up to ±4 s. New pairs go to a small unsorted buffer
 * ({@link #pending}, {@value #PENDING_CAPACITY} entries) that is merged into {@link #packed} when
 * full.
 *
 * <p><b>How it stays fast:</b> {@link #latest} holds each signal's latest timestamp, so a sample
 * newer than every earlier one of its signal (the usual, in-order case) is new without looking at
 * anything else. Only a sample at or before its signal's latest (out of order, or a resend) scans
 * the buffer and that signal's section of {@link #packed}.
 *
 * <p>A Flink POJO (public fields, no-arg constructor) so it serializes without Kryo; the fields are
 * public only for that. Timestamps must lie within ±2^46 ms (about 2,200 years) of the first one
 * added, which holds for any window.
 */
public class SeenSamples {

    /** Buffer entries before a merge into {@link #packed}. */
    static final int PENDING_CAPACITY = 16;

    /** Signals are stored in 8 bits ({@code signal < 256}). */
    static final int MAX_SIGNALS = 256;

    private static final int OFFSET_BITS = 48;
    private static final long OFFSET_BIAS = 1L << (OFFSET_BITS - 1);
    private static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;

    /** Per signal, the latest timestamp seen; {@link Long#MIN_VALUE} if none. */
    public long[] latest;

    /** Timestamp all stored offsets are relative to: the first one added. */
    public long base;

    /** Buffered pairs as {@link #key(int, long)}s, unsorted; first {@link #pendingCount}. */
    public long[] pending;

    public int pendingCount;

    /** Sections per signal, ascending: signal, byte length, then the encoded timestamps. */
    public byte[] packed;

    /** Number of distinct pairs held. */
    public int size;

    public SeenSamples() {}

    /** An empty set for {@code signalCount} signals. */
    static SeenSamples forSignals(int signalCount) {
        if (signalCount < 1 || signalCount > MAX_SIGNALS) {
            throw new IllegalArgumentException(
                    "signalCount must be 1.." + MAX_SIGNALS + ", got " + signalCount);
        }
        SeenSamples seen = new SeenSamples();
        seen.latest = new long[signalCount];
        Arrays.fill(seen.latest, Long.MIN_VALUE);
        seen.pending = new long[PENDING_CAPACITY];
        seen.packed = new byte[0];
        return seen;
    }

    /**
     * Adds the pair if it is new.
     *
     * @return true if the pair was not in the set before
     */
    boolean add(int signal, long timestamp) {
        long last = latest[signal];
        if (timestamp > last) {
            latest[signal] = timestamp;
            insert(signal, timestamp);
            return true;
        }
        if (timestamp == last || contains(signal, timestamp)) {
            return false;
        }
        insert(signal, timestamp);
        return true;
    }

    /** Whether the pair is in the set. */
    boolean contains(int signal, long timestamp) {
        if (size == 0 || timestamp > latest[signal]) {
            return false;
        }
        long key = key(signal, timestamp);
        for (int i = 0; i < pendingCount; i++) {
            if (pending[i] == key) {
                return true;
            }
        }
        return packedContains(signal, timestamp - base);
    }

    /** Adds every pair of {@code other} that is not in this set yet. */
    void addAll(SeenSamples other) {
        for (long key : other.keys()) {
            add(signalOf(key), other.base + offsetOf(key));
        }
    }

    /**
     * All pairs as sorted {@link #key(int, long)}s relative to {@link #base}; for tests and merge.
     */
    long[] keys() {
        long[] all = new long[size];
        int n = decodeInto(all);
        System.arraycopy(pending, 0, all, n, pendingCount);
        Arrays.sort(all);
        return all;
    }

    private void insert(int signal, long timestamp) {
        if (size == 0) {
            base = timestamp;
        }
        long offset = timestamp - base;
        if (offset <= -OFFSET_BIAS || offset >= OFFSET_BIAS) {
            throw new IllegalArgumentException(
                    "timestamp " + timestamp + " is too far from the window's first, " + base);
        }
        pending[pendingCount++] = key(signal, timestamp);
        size++;
        if (pendingCount == pending.length) {
            flush();
        }
    }

    /** Merges the buffer into {@link #packed}. */
    private void flush() {
        long[] stored = new long[size - pendingCount];
        decodeInto(stored);
        Arrays.sort(pending, 0, pendingCount);
        // Both runs are sorted: merge them in one pass rather than sorting everything again.
        long[] all = new long[size];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < stored.length && j < pendingCount) {
            all[n++] = stored[i] < pending[j] ? stored[i++] : pending[j++];
        }
        while (i < stored.length) {
            all[n++] = stored[i++];
        }
        while (j < pendingCount) {
            all[n++] = pending[j++];
        }
        packed = encode(all);
        pendingCount = 0;
    }

    /** Sort key: signal in the top bits, then the biased offset; sorts by signal, then time. */
    private long key(int signal, long timestamp) {
        return ((long) signal << OFFSET_BITS) | (timestamp - base + OFFSET_BIAS);
    }

    private static int signalOf(long key) {
        return (int) (key >>> OFFSET_BITS);
    }

    private static long offsetOf(long key) {
        return (key & OFFSET_MASK) - OFFSET_BIAS;
    }

    // ---- the packed format ---------------------------------------------------------------------
    // Per signal present, ascending:  varint signal, varint bodyLength, body.
    // Body: varint count, zigzag-varint first offset; if count > 1: varint first delta (> 0); then
    // for each further delta the zigzag-varint change from the previous delta, where 0 is followed
    // by a varint n meaning "n + 1 more deltas equal to the previous one".

    private static byte[] encode(long[] sortedKeys) {
        ByteSink out = new ByteSink(sortedKeys.length + 16);
        ByteSink body = new ByteSink(64);
        int i = 0;
        while (i < sortedKeys.length) {
            int signal = signalOf(sortedKeys[i]);
            int end = i;
            while (end < sortedKeys.length && signalOf(sortedKeys[end]) == signal) {
                end++;
            }
            body.reset();
            body.writeVarLong(end - i);
            long previous = offsetOf(sortedKeys[i]);
            body.writeVarLong(zigzag(previous));
            long previousDelta = Long.MIN_VALUE;
            int k = i + 1;
            while (k < end) {
                long delta = offsetOf(sortedKeys[k]) - previous;
                if (previousDelta == Long.MIN_VALUE) {
                    body.writeVarLong(delta);
                } else if (delta == previousDelta) {
                    int run = 1;
                    while (k + run < end
                            && offsetOf(sortedKeys[k + run]) - offsetOf(sortedKeys[k + run - 1])
                                    == delta) {
                        run++;
                    }
                    body.writeVarLong(0);
                    body.writeVarLong(run - 1);
                    previous = offsetOf(sortedKeys[k + run - 1]);
                    k += run;
                    continue;
                } else {
                    body.writeVarLong(zigzag(delta - previousDelta));
                }
                previousDelta = delta;
                previous += delta;
                k++;
            }
            out.writeVarLong(signal);
            out.writeVarLong(body.length);
            out.write(body);
            i = end;
        }
        return out.toArray();
    }

    /** Decodes every packed pair into {@code into} as keys; returns how many. */
    private int decodeInto(long[] into) {
        ByteSource in = new ByteSource(packed);
        int n = 0;
        while (in.hasMore()) {
            long signalBits = in.readVarLong() << OFFSET_BITS;
            in.readVarLong(); // body length: the whole body is read
            SectionReader section = new SectionReader(in);
            while (section.hasNext()) {
                into[n++] = signalBits | (section.next() + OFFSET_BIAS);
            }
        }
        return n;
    }

    private boolean packedContains(int wanted, long wantedOffset) {
        ByteSource in = new ByteSource(packed);
        while (in.hasMore()) {
            int signal = (int) in.readVarLong();
            int bodyLength = (int) in.readVarLong();
            if (signal < wanted) {
                in.position += bodyLength;
                continue;
            }
            if (signal > wanted) {
                return false;
            }
            SectionReader section = new SectionReader(in);
            while (section.hasNext()) {
                long offset = section.next();
                if (offset >= wantedOffset) {
                    return offset == wantedOffset;
                }
            }
            return false;
        }
        return false;
    }

    /** Reads one signal's section body: its offsets, ascending. */
    private static final class SectionReader {
        private final ByteSource in;
        private final long count;
        private long read;
        private long offset;
        private long delta;
        private long runLeft;

        SectionReader(ByteSource in) {
            this.in = in;
            this.count = in.readVarLong();
        }

        boolean hasNext() {
            return read < count;
        }

        long next() {
            if (read == 0) {
                offset = unzigzag(in.readVarLong());
            } else {
                if (read == 1) {
                    delta = in.readVarLong();
                } else if (runLeft > 0) {
                    runLeft--;
                } else {
                    long token = in.readVarLong();
                    if (token == 0) {
                        runLeft = in.readVarLong(); // this delta plus runLeft more
                    } else {
                        delta += unzigzag(token);
                    }
                }
                offset += delta;
            }
            read++;
            return offset;
        }
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /** A growable byte buffer writing unsigned LEB128 varints. */
    private static final class ByteSink {
        byte[] bytes;
        int length;

        ByteSink(int capacity) {
            bytes = new byte[Math.max(16, capacity)];
        }

        void reset() {
            length = 0;
        }

        void writeVarLong(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                bytes[length++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            bytes[length++] = (byte) v;
        }

        void write(ByteSink other) {
            ensure(other.length);
            System.arraycopy(other.bytes, 0, bytes, length, other.length);
            length += other.length;
        }

        byte[] toArray() {
            return Arrays.copyOf(bytes, length);
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }

    /** Reads unsigned LEB128 varints. */
    private static final class ByteSource {
        final byte[] bytes;
        int position;

        ByteSource(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean hasMore() {
            return position < bytes.length;
        }

        long readVarLong() {
            long v = 0;
            int shift = 0;
            byte b;
            do {
                b = bytes[position++];
                v |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0);
            return v;
        }
    }
}
