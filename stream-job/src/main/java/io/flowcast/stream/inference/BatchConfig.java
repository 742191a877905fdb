package io.flowcast.stream.inference;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link BatchingInvoker} batches, retries and protects endpoints. Immutable; checked on
 * construction. Defaults ({@link #defaults()}): 200 rows or 20 ms linger per batch, at most 5 MB
 * per request (SageMaker's limit is 6 MB), 4 attempts with full-jitter exponential backoff from 50
 * ms up to 2 s, a 10 s overall deadline per row, and a circuit that opens for 10 s after 5
 * consecutive failed calls to an endpoint.
 */
public final class BatchConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** SageMaker's InvokeEndpoint payload limit. */
    public static final int SAGEMAKER_MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

    private final int maxRows;
    private final Duration linger;
    private final int maxPayloadBytes;
    private final int maxAttempts;
    private final Duration backoffBase;
    private final Duration backoffCap;
    private final Duration deadline;
    private final int circuitFailureThreshold;
    private final Duration circuitOpen;
    private final String customAttributes;

    public BatchConfig(
            int maxRows,
            Duration linger,
            int maxPayloadBytes,
            int maxAttempts,
            Duration backoffBase,
            Duration backoffCap,
            Duration deadline,
            int circuitFailureThreshold,
            Duration circuitOpen,
            String customAttributes) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("batch rows must be >= 1, got " + maxRows);
        }
        if (maxPayloadBytes < 1024 || maxPayloadBytes > SAGEMAKER_MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException(
                    "batch payload must be 1 KB..6 MB (SageMaker's limit), got " + maxPayloadBytes);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, got " + maxAttempts);
        }
        if (circuitFailureThreshold < 1) {
            throw new IllegalArgumentException("circuit failure threshold must be >= 1");
        }
        this.maxRows = maxRows;
        this.linger = nonNegative(linger, "linger");
        this.maxPayloadBytes = maxPayloadBytes;
        this.maxAttempts = maxAttempts;
        this.backoffBase = nonNegative(backoffBase, "backoff base");
        this.backoffCap = nonNegative(backoffCap, "backoff cap");
        this.deadline = nonNegative(deadline, "deadline");
        this.circuitFailureThreshold = circuitFailureThreshold;
        this.circuitOpen = nonNegative(circuitOpen, "circuit open time");
        this.customAttributes =
                customAttributes == null || customAttributes.isBlank() ? null : customAttributes;
        if (deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be > 0");
        }
    }

    public static BatchConfig defaults() {
        return new BatchConfig(
                200,
                Duration.ofMillis(20),
                5 * 1024 * 1024,
                4,
                Duration.ofMillis(50),
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                5,
                Duration.ofSeconds(10),
                null);
    }

    public int maxRows() {
        return maxRows;
    }

    public Duration linger() {
        return linger;
    }

    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration backoffBase() {
        return backoffBase;
    }

    public Duration backoffCap() {
        return backoffCap;
    }

    public Duration deadline() {
        return deadline;
    }

    public int circuitFailureThreshold() {
        return circuitFailureThreshold;
    }

    public Duration circuitOpen() {
        return circuitOpen;
    }

    /** {@code CustomAttributes} sent with every call, or null. */
    public String customAttributes() {
        return customAttributes;
    }

    /** A copy with other batch bounds; for tests and benchmarks. */
    public BatchConfig withBatching(int rows, Duration lingerTime) {
        return new BatchConfig(
                rows,
                lingerTime,
                maxPayloadBytes,
                maxAttempts,
                backoffBase,
                backoffCap,
                deadline,
                circuitFailureThreshold,
                circuitOpen,
                customAttributes);
    }

    /** A copy with another payload bound; for tests. */
    public BatchConfig withMaxPayloadBytes(int bytes) {
        return new BatchConfig(
                maxRows,
                linger,
                bytes,
                maxAttempts,
                backoffBase,
                backoffCap,
                deadline,
                circuitFailureThreshold,
                circuitOpen,
                customAttributes);
    }

    private static Duration nonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + d);
        }
        return d;
    }
}
