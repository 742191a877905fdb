package io.flowcast.stream.local.sagemaker;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Faults the {@link ModelServer} injects into invocations, adjustable while it runs, for tests and
 * benchmarks of the job's retry and error paths. All off by default.
 *
 * <ul>
 *   <li>{@link #setLatency(Duration) latency}: added to every invocation of a known endpoint before
 *       it is scored (the worker thread sleeps, as a slow container would hold it);
 *   <li>{@link #setThrottleRate(double) throttle rate}: fraction answered HTTP 400 {@code
 *       ThrottlingException} (what SageMaker answers over its concurrency limit; the SDK retries
 *       it);
 *   <li>{@link #setUnavailableRate(double) unavailable rate}: fraction answered HTTP 503 {@code
 *       ServiceUnavailable} (retried by the SDK);
 *   <li>{@link #setModelErrorRate(double) model error rate}: fraction answered HTTP 424 {@code
 *       ModelError} with an original status 500 from the container (not retried).
 * </ul>
 *
 * The fault is drawn once per request from one seeded {@link Random}, in that order (throttle,
 * unavailable, model error), so with the same seed and the same request order the same requests
 * fail. Rates add up: they must not exceed 1 together. Thread-safe.
 */
public final class FaultKnobs {

    /** What the server does with one request. */
    public enum Fault {
        NONE,
        THROTTLE,
        UNAVAILABLE,
        MODEL_ERROR
    }

    private final Random random;
    private volatile long latencyNanos;
    private double throttleRate;
    private double unavailableRate;
    private double modelErrorRate;

    /** Knobs drawing from a {@link Random} seeded with {@code seed}. */
    public FaultKnobs(long seed) {
        this.random = new Random(seed);
    }

    /** Added latency per invocation; {@link Duration#ZERO} turns it off. */
    public FaultKnobs setLatency(Duration latency) {
        Objects.requireNonNull(latency, "latency must not be null");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, got " + latency);
        }
        this.latencyNanos = latency.toNanos();
        return this;
    }

    /** Fraction of requests answered with {@code ThrottlingException}, 0 to 1. */
    public synchronized FaultKnobs setThrottleRate(double rate) {
        checkTotal(rate, unavailableRate, modelErrorRate, "throttleRate", rate);
        this.throttleRate = rate;
        return this;
    }

    /** Fraction of requests answered with 503 {@code ServiceUnavailable}, 0 to 1. */
    public synchronized FaultKnobs setUnavailableRate(double rate) {
        checkTotal(throttleRate, rate, modelErrorRate, "unavailableRate", rate);
        this.unavailableRate = rate;
        return this;
    }

    /** Fraction of requests answered with 424 {@code ModelError}, 0 to 1. */
    public synchronized FaultKnobs setModelErrorRate(double rate) {
        checkTotal(throttleRate, unavailableRate, rate, "modelErrorRate", rate);
        this.modelErrorRate = rate;
        return this;
    }

    /** Turns every fault off. */
    public synchronized FaultKnobs reset() {
        latencyNanos = 0;
        throttleRate = 0;
        unavailableRate = 0;
        modelErrorRate = 0;
        return this;
    }

    public Duration latency() {
        return Duration.ofNanos(latencyNanos);
    }

    public synchronized double throttleRate() {
        return throttleRate;
    }

    public synchronized double unavailableRate() {
        return unavailableRate;
    }

    public synchronized double modelErrorRate() {
        return modelErrorRate;
    }

    /** Draws the fault for the next request. */
    public synchronized Fault draw() {
        if (throttleRate == 0 && unavailableRate == 0 && modelErrorRate == 0) {
            return Fault.NONE;
        }
        double r = random.nextDouble();
        if (r < throttleRate) {
            return Fault.THROTTLE;
        }
        if (r < throttleRate + unavailableRate) {
            return Fault.UNAVAILABLE;
        }
        if (r < throttleRate + unavailableRate + modelErrorRate) {
            return Fault.MODEL_ERROR;
        }
        return Fault.NONE;
    }

    /** Sleeps for the configured latency, if any. */
    void applyLatency() throws InterruptedException {
        long nanos = latencyNanos;
        if (nanos > 0) {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    }

    private static void checkTotal(
            double throttle, double unavailable, double modelError, String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + value);
        }
        if (throttle + unavailable + modelError > 1.0 + 1e-9) {
            throw new IllegalArgumentException(
                    "throttleRate + unavailableRate + modelErrorRate must not exceed 1, got "
                            + (throttle + unavailable + modelError));
        }
    }
}
