package io.flowcast.stream.retrain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * Why a model should be retrained: the model (asset type and the version serving when drift was
 * seen), the drift episode that asked for it and the evidence (metric, feature, value, threshold,
 * window range, sample count). The stream job maps its drift events to this; the CLI builds one by
 * hand.
 *
 * <p>The {@linkplain #toExecutionInput() execution input} is a pure function of these fields (no
 * clock, no random id): Step Functions answers a repeated {@code StartExecution} with the same name
 * <em>and the same input</em> as a no-op while the first run is open, so a replayed drift event
 * must produce byte-identical input.
 */
public final class RetrainRequest implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String assetType;
    private final String modelVersion;
    private final String episodeId;
    private final String reason;
    private final String requestedBy;
    private final String metric;
    private final String feature;
    private final Double value;
    private final Double threshold;
    private final Instant windowStart;
    private final Instant windowEnd;
    private final Long sampleCount;

    private RetrainRequest(Builder b) {
        this.assetType = requireText(b.assetType, "assetType");
        this.modelVersion = requireText(b.modelVersion, "modelVersion");
        this.episodeId = requireText(b.episodeId, "episodeId");
        this.reason = requireText(b.reason, "reason");
        this.requestedBy = requireText(b.requestedBy, "requestedBy");
        this.metric = b.metric;
        this.feature = b.feature;
        this.value = b.value;
        this.threshold = b.threshold;
        this.windowStart = b.windowStart;
        this.windowEnd = b.windowEnd;
        this.sampleCount = b.sampleCount;
        if (windowStart != null && windowEnd != null && windowEnd.isBefore(windowStart)) {
            throw new IllegalArgumentException(
                    "windowEnd " + windowEnd + " is before windowStart " + windowStart);
        }
        if (sampleCount != null && sampleCount < 0) {
            throw new IllegalArgumentException("sampleCount must be >= 0, got " + sampleCount);
        }
    }

    private static String requireText(String s, String name) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(name + " must be set and not blank");
        }
        return s;
    }

    /**
     * A builder for the required fields; evidence fields are optional.
     *
     * @param assetType the model's asset type, e.g. {@code pump}
     * @param modelVersion the version serving when drift was detected, e.g. {@code v0003}
     * @param episodeId the drift episode: the same id for every event of one episode, so replays
     *     and repeated breaches of one episode map to one execution
     */
    public static Builder builder(String assetType, String modelVersion, String episodeId) {
        return new Builder(assetType, modelVersion, episodeId);
    }

    public String assetType() {
        return assetType;
    }

    public String modelVersion() {
        return modelVersion;
    }

    public String episodeId() {
        return episodeId;
    }

    /** Why, e.g. {@code drift}, {@code manual}, {@code schedule}. */
    public String reason() {
        return reason;
    }

    /** Who asked, e.g. {@code flowcast-stream-job} or {@code cli}. */
    public String requestedBy() {
        return requestedBy;
    }

    /** The drift metric (e.g. {@code psi}, {@code residual_rmse_ratio}), or null. */
    public String metric() {
        return metric;
    }

    /** The drifted feature, or null for model-level metrics (residuals). */
    public String feature() {
        return feature;
    }

    public Double value() {
        return value;
    }

    public Double threshold() {
        return threshold;
    }

    public Instant windowStart() {
        return windowStart;
    }

    public Instant windowEnd() {
        return windowEnd;
    }

    public Long sampleCount() {
        return sampleCount;
    }

    /**
     * The Step Functions execution input: {@code assetType}, {@code modelVersion}, {@code
     * episodeId}, {@code reason}, {@code requestedBy} and an {@code evidence} object holding the
     * set evidence fields (unset ones are left out; times are ISO-8601 UTC). Deterministic: equal
     * requests give identical text.
     */
    public String toExecutionInput() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("assetType", assetType);
        root.put("modelVersion", modelVersion);
        root.put("episodeId", episodeId);
        root.put("reason", reason);
        root.put("requestedBy", requestedBy);
        ObjectNode evidence = root.putObject("evidence");
        if (metric != null) {
            evidence.put("metric", metric);
        }
        if (feature != null) {
            evidence.put("feature", feature);
        }
        putNumber(evidence, "value", value);
        putNumber(evidence, "threshold", threshold);
        if (windowStart != null) {
            evidence.put("windowStart", windowStart.toString());
        }
        if (windowEnd != null) {
            evidence.put("windowEnd", windowEnd.toString());
        }
        if (sampleCount != null) {
            evidence.put("sampleCount", sampleCount);
        }
        return root.toString();
    }

    private static void putNumber(ObjectNode node, String name, Double v) {
        // JSON has no NaN/Infinity; a non-finite figure is kept as text rather than dropped.
        if (v == null) {
            return;
        }
        if (Double.isFinite(v)) {
            node.put(name, v);
        } else {
            node.put(name, v.toString());
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RetrainRequest)) {
            return false;
        }
        RetrainRequest r = (RetrainRequest) o;
        return assetType.equals(r.assetType)
                && modelVersion.equals(r.modelVersion)
                && episodeId.equals(r.episodeId)
                && reason.equals(r.reason)
                && requestedBy.equals(r.requestedBy)
                && Objects.equals(metric, r.metric)
                && Objects.equals(feature, r.feature)
                && Objects.equals(value, r.value)
                && Objects.equals(threshold, r.threshold)
                && Objects.equals(windowStart, r.windowStart)
                && Objects.equals(windowEnd, r.windowEnd)
                && Objects.equals(sampleCount, r.sampleCount);
    }

    @Override
    public int hashCode() {
        return Objects.hash(assetType, modelVersion, episodeId, metric, feature);
    }

    @Override
    public String toString() {
        return "RetrainRequest" + toExecutionInput();
    }

    /**
     * Builds a {@link RetrainRequest}; {@code reason} defaults to {@code drift}, {@code
     * requestedBy} to {@code flowcast-stream-job}.
     */
    public static final class Builder {
        private final String assetType;
        private final String modelVersion;
        private final String episodeId;
        private String reason = "drift";
        private String requestedBy = "flowcast-stream-job";
        private String metric;
        private String feature;
        private Double value;
        private Double threshold;
        private Instant windowStart;
        private Instant windowEnd;
        private Long sampleCount;

        private Builder(String assetType, String modelVersion, String episodeId) {
            this.assetType = assetType;
            this.modelVersion = modelVersion;
            this.episodeId = episodeId;
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        public Builder requestedBy(String requestedBy) {
            this.requestedBy = requestedBy;
            return this;
        }

        /** The breached metric, its value and threshold; feature may be null. */
        public Builder evidence(String metric, String feature, Double value, Double threshold) {
            this.metric = metric;
            this.feature = feature;
            this.value = value;
            this.threshold = threshold;
            return this;
        }

        /** The event-time range of the windows the metric was computed on. */
        public Builder window(Instant start, Instant end) {
            this.windowStart = start;
            this.windowEnd = end;
            return this;
        }

        public Builder sampleCount(Long sampleCount) {
            this.sampleCount = sampleCount;
            return this;
        }

        /**
         * @throws IllegalArgumentException if a required field is blank or the window is reversed
         */
        public RetrainRequest build() {
            return new RetrainRequest(this);
        }
    }
}
