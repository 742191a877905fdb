package io.flowcast.stream.enrich;

import java.util.function.LongSupplier;

/**
 * Decides, for {@link JdbcAssetContextClient}, whether a lookup should try the database or fail at
 * once because the database is known to be unreachable: a small circuit breaker.
 *
 * <p>Without it, every lookup during an outage would hold a lookup thread for the whole connect
 * timeout, so a queue of waiting lookups would drain at only {@code poolSize / connectTimeout} per
 * second and callers would wait far longer than the connect timeout. With it:
 *
 * <ul>
 *   <li>the first lookup that gets no connection within the connect timeout marks the database
 *       unreachable ({@link #unreachable(boolean)});
 *   <li>while it is unreachable, one lookup at a time, at most one per probe interval, is let
 *       through as a probe ({@link Admission#PROBE}); every other lookup fails at once, including
 *       ones that were already queued;
 *   <li>any lookup that reaches the database marks it reachable again ({@link #reachable()}).
 * </ul>
 *
 * <p>Thread-safe; every method is a few field updates under this object's lock, so callers never
 * wait on I/O. The clock is injectable for tests.
 */
final class OutageGate {

    /** What a new lookup may do. */
    enum Admission {
        /** The database is reachable as far as we know: run the lookup. */
        RUN,
        /** The database is unreachable, and this lookup is the one probe allowed now. */
        PROBE,
        /** The database is unreachable: fail the lookup at once. */
        REJECT
    }

    private final long probeIntervalNanos;
    private final LongSupplier nanoClock;

    private boolean down;
    private long downSinceNanos;
    private boolean probeInFlight;
    private long nextProbeAtNanos;

    OutageGate(long probeIntervalNanos, LongSupplier nanoClock) {
        this.probeIntervalNanos = probeIntervalNanos;
        this.nanoClock = nanoClock;
    }

    /** Decides for a new lookup; a {@link Admission#PROBE} must end in one of the outcomes. */
    synchronized Admission admit() {
        if (!down) {
            return Admission.RUN;
        }
        if (probeInFlight || nanoClock.getAsLong() - nextProbeAtNanos < 0) {
            return Admission.REJECT;
        }
        probeInFlight = true;
        return Admission.PROBE;
    }

    /** True if a lookup admitted with {@link Admission#RUN} should now fail without trying. */
    synchronized boolean isDown() {
        return down;
    }

    /** How long the database has been unreachable, in nanoseconds; 0 when reachable. */
    synchronized long downForNanos() {
        return down ? nanoClock.getAsLong() - downSinceNanos : 0;
    }

    /** Outcome: a lookup (probe or not) reached the database. */
    synchronized void reachable() {
        down = false;
        probeInFlight = false;
    }

    /** Outcome: a lookup got no connection within the connect timeout. */
    synchronized void unreachable(boolean wasProbe) {
        long now = nanoClock.getAsLong();
        if (!down) {
            down = true;
            downSinceNanos = now;
        }
        if (wasProbe) {
            probeInFlight = false;
        }
        nextProbeAtNanos = now + probeIntervalNanos;
    }

    /** Outcome: a probe ended without telling (another failure, or it never ran). */
    synchronized void probeEnded() {
        probeInFlight = false;
    }
}
