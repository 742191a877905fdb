package io.flowcast.stream.inference;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the inference stage (the {@code Inference} property group): routing, batching and
 * failure handling, the async operator's timeout and capacity, where baselines come from, and the
 * anomaly threshold. Immutable.
 */
public final class InferenceConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final InferenceRouter router;
    private final BatchConfig batch;
    private final Duration asyncTimeout;
    private final int asyncCapacity;
    private final double anomalyThreshold;
    private final BaselineSource baselines;

    public InferenceConfig(
            InferenceRouter router,
            BatchConfig batch,
            Duration asyncTimeout,
            int asyncCapacity,
            double anomalyThreshold,
            BaselineSource baselines) {
        this.router = Objects.requireNonNull(router, "router");
        this.batch = Objects.requireNonNull(batch, "batch");
        this.asyncTimeout = Objects.requireNonNull(asyncTimeout, "asyncTimeout");
        this.baselines = Objects.requireNonNull(baselines, "baselines");
        if (asyncTimeout.compareTo(batch.deadline().plus(batch.linger())) <= 0) {
            throw new IllegalArgumentException(
                    "async.timeout ("
                            + asyncTimeout
                            + ") must exceed the deadline plus the linger ("
                            + batch.deadline().plus(batch.linger())
                            + "), so a row fails with its own reason before the timeout");
        }
        if (asyncCapacity < batch.maxRows()) {
            throw new IllegalArgumentException(
                    "async.capacity ("
                            + asyncCapacity
                            + ") must hold at least one full batch ("
                            + batch.maxRows()
                            + " rows)");
        }
        if (!(anomalyThreshold > 0)) {
            throw new IllegalArgumentException("anomaly threshold must be > 0");
        }
        this.asyncCapacity = asyncCapacity;
        this.anomalyThreshold = anomalyThreshold;
    }

    public InferenceRouter router() {
        return router;
    }

    public BatchConfig batch() {
        return batch;
    }

    public Duration asyncTimeout() {
        return asyncTimeout;
    }

    public int asyncCapacity() {
        return asyncCapacity;
    }

    /** A residual beyond this many baseline spreads is an anomaly. */
    public double anomalyThreshold() {
        return anomalyThreshold;
    }

    public BaselineSource baselines() {
        return baselines;
    }
}
