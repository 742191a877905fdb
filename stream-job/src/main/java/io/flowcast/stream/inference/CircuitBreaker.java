package io.flowcast.stream.inference;

/**
 * A per-endpoint circuit breaker: after {@code failureThreshold} consecutive failed calls the
 * circuit opens and calls fail at once for {@code openNanos}; then one trial call is let through
 * (half-open), and its outcome closes the circuit or opens it again. So a dead endpoint does not
 * hold the operator's async capacity with calls that wait out their retries.
 *
 * <p>Thread-safe (synchronized; calls are per batch, not per row).
 */
final class CircuitBreaker {
    private final int failureThreshold;
    private final long openNanos;

    private int consecutiveFailures;
    private long openedAt;
    private boolean open;
    private boolean trialInFlight;

    CircuitBreaker(int failureThreshold, long openNanos) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be >= 1");
        }
        this.failureThreshold = failureThreshold;
        this.openNanos = openNanos;
    }

    /** Whether a call may go out now; a true answer while half-open makes it the trial call. */
    synchronized boolean allow(long now) {
        if (!open) {
            return true;
        }
        if (now - openedAt >= openNanos && !trialInFlight) {
            trialInFlight = true;
            return true;
        }
        return false;
    }

    synchronized void onSuccess() {
        consecutiveFailures = 0;
        open = false;
        trialInFlight = false;
    }

    synchronized void onFailure(long now) {
        consecutiveFailures++;
        if (trialInFlight || consecutiveFailures >= failureThreshold) {
            open = true;
            openedAt = now;
        }
        trialInFlight = false;
    }

    synchronized boolean isOpen() {
        return open;
    }
}
