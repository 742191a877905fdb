package io.flowcast.stream.local.simulator;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * A snapshot of what a simulator run has published so far. Only records the publisher accepted are
 * counted.
 *
 * <p>Counts are of records unless named samples: a duplicated late record counts as one duplicate
 * and one late record. Immutable.
 */
public final class SimulationStats {

    private final long ticks;
    private final long recordsSent;
    private final long samplesSent;
    private final long duplicates;
    private final long outOfOrder;
    private final long late;
    private final long badQualitySamples;
    private final Map<MalformedKind, Long> malformedByKind;
    private final Duration elapsed;

    SimulationStats(
            long ticks,
            long recordsSent,
            long samplesSent,
            long duplicates,
            long outOfOrder,
            long late,
            long badQualitySamples,
            Map<MalformedKind, Long> malformedByKind,
            Duration elapsed) {
        this.ticks = ticks;
        this.recordsSent = recordsSent;
        this.samplesSent = samplesSent;
        this.duplicates = duplicates;
        this.outOfOrder = outOfOrder;
        this.late = late;
        this.badQualitySamples = badQualitySamples;
        EnumMap<MalformedKind, Long> copy = new EnumMap<>(MalformedKind.class);
        for (MalformedKind k : MalformedKind.values()) {
            copy.put(k, malformedByKind.getOrDefault(k, 0L));
        }
        this.malformedByKind = Collections.unmodifiableMap(copy);
        this.elapsed = elapsed;
    }

    /** Ticks whose records were published. */
    public long ticks() {
        return ticks;
    }

    public long recordsSent() {
        return recordsSent;
    }

    /** Samples inside the well-formed records sent. */
    public long samplesSent() {
        return samplesSent;
    }

    public long duplicates() {
        return duplicates;
    }

    public long outOfOrder() {
        return outOfOrder;
    }

    public long late() {
        return late;
    }

    /** Samples sent with a quality other than Good (192). */
    public long badQualitySamples() {
        return badQualitySamples;
    }

    /** Malformed records sent, per kind; every kind is present. */
    public Map<MalformedKind, Long> malformedByKind() {
        return malformedByKind;
    }

    /** Malformed records sent, all kinds. */
    public long malformed() {
        long sum = 0;
        for (long n : malformedByKind.values()) {
            sum += n;
        }
        return sum;
    }

    /** Time since the run started, on the simulator's clock. */
    public Duration elapsed() {
        return elapsed;
    }

    /** Records per second of elapsed time; 0 before any time has passed. */
    public double recordsPerSecond() {
        long ms = elapsed.toMillis();
        return ms <= 0 ? 0 : recordsSent * 1000.0 / ms;
    }

    /** One line for logs and the CLI summary. */
    @Override
    public String toString() {
        StringBuilder kinds = new StringBuilder();
        for (Map.Entry<MalformedKind, Long> e : malformedByKind.entrySet()) {
            if (e.getValue() > 0) {
                kinds.append(kinds.length() == 0 ? " (" : ", ")
                        .append(e.getKey().name().toLowerCase(Locale.ROOT))
                        .append('=')
                        .append(e.getValue());
            }
        }
        if (kinds.length() > 0) {
            kinds.append(')');
        }
        return String.format(
                Locale.ROOT,
                "%d records (%d samples) in %.1f s = %.1f records/s over %d ticks; duplicates %d,"
                        + " out-of-order %d, late %d, bad-quality samples %d, malformed %d%s",
                recordsSent,
                samplesSent,
                elapsed.toMillis() / 1000.0,
                recordsPerSecond(),
                ticks,
                duplicates,
                outOfOrder,
                late,
                badQualitySamples,
                malformed(),
                kinds);
    }
}
