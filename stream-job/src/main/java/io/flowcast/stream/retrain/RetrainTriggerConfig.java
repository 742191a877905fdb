package io.flowcast.stream.retrain;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings of a {@link RetrainTrigger}: the retraining state machine, its region, an optional
 * endpoint override (a VPC endpoint, or a local stand-in in tests), the per-model cooldown and the
 * retry policy. Immutable and {@link Serializable}, so a Flink sink can carry it and build the
 * trigger in {@code open}. Credentials are never part of it: the trigger uses the SDK's default
 * provider chain (the application's IAM role on AWS).
 *
 * <p>Defaults: cooldown 6 h, 5 attempts, backoff 200 ms doubling to 10 s (with jitter), 30 s per
 * call.
 */
public final class RetrainTriggerConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    /** {@code arn:<partition>:states:<region>:<account>:stateMachine:<name>}. */
    private static final Pattern STATE_MACHINE_ARN =
            Pattern.compile(
                    "arn:aws[a-z-]*:states:([a-z0-9-]+):\\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}");

    public static final Duration DEFAULT_COOLDOWN = Duration.ofHours(6);
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

    private final String stateMachineArn;
    private final String region;
    private final URI endpointOverride;
    private final Duration cooldown;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration callTimeout;

    private RetrainTriggerConfig(Builder b) {
        this.stateMachineArn = b.stateMachineArn;
        this.region = b.region != null ? b.region : regionOf(b.stateMachineArn);
        this.endpointOverride = b.endpointOverride;
        this.cooldown = b.cooldown;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.callTimeout = b.callTimeout;
        if (region.isBlank()) {
            throw new IllegalArgumentException("region must not be blank");
        }
        if (cooldown == null || cooldown.isNegative()) {
            throw new IllegalArgumentException("cooldown must be >= 0, got " + cooldown);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        if (initialBackoff == null
                || maxBackoff == null
                || initialBackoff.isNegative()
                || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "backoff must satisfy 0 <= initialBackoff <= maxBackoff, got "
                            + initialBackoff
                            + " and "
                            + maxBackoff);
        }
        if (callTimeout == null || callTimeout.isZero() || callTimeout.isNegative()) {
            throw new IllegalArgumentException("callTimeout must be > 0, got " + callTimeout);
        }
        if (endpointOverride != null
                && (!endpointOverride.isAbsolute() || endpointOverride.getHost() == null)) {
            throw new IllegalArgumentException(
                    "endpointOverride must be an absolute http(s) URI, got " + endpointOverride);
        }
    }

    /**
     * The region in a state machine ARN.
     *
     * @throws IllegalArgumentException if the text is not a state machine ARN
     */
    public static String regionOf(String stateMachineArn) {
        Matcher m = STATE_MACHINE_ARN.matcher(stateMachineArn == null ? "" : stateMachineArn);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "not a Step Functions state machine ARN"
                            + " (arn:aws:states:<region>:<account>:stateMachine:<name>): "
                            + stateMachineArn);
        }
        return m.group(1);
    }

    /** A builder; the region defaults to the ARN's. */
    public static Builder builder(String stateMachineArn) {
        regionOf(stateMachineArn);
        return new Builder(stateMachineArn);
    }

    public String stateMachineArn() {
        return stateMachineArn;
    }

    public String region() {
        return region;
    }

    /** Null on AWS. */
    public URI endpointOverride() {
        return endpointOverride;
    }

    public Duration cooldown() {
        return cooldown;
    }

    /** StartExecution attempts per request, the first included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** Bound of one StartExecution call. */
    public Duration callTimeout() {
        return callTimeout;
    }

    /**
     * The ARN an execution of this state machine with the given name has: the same as
     * StartExecution returns, so an execution found already started can still be named.
     */
    public String executionArn(String executionName) {
        return stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + executionName;
    }

    @Override
    public String toString() {
        return "RetrainTriggerConfig{stateMachineArn="
                + stateMachineArn
                + ", region="
                + region
                + ", endpointOverride="
                + endpointOverride
                + ", cooldown="
                + cooldown
                + ", maxAttempts="
                + maxAttempts
                + ", backoff="
                + initialBackoff
                + ".."
                + maxBackoff
                + ", callTimeout="
                + callTimeout
                + "}";
    }

    /** Builds a {@link RetrainTriggerConfig}; see the class comment for defaults. */
    public static final class Builder {
        private final String stateMachineArn;
        private String region;
        private URI endpointOverride;
        private Duration cooldown = DEFAULT_COOLDOWN;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;

        private Builder(String stateMachineArn) {
            this.stateMachineArn = stateMachineArn;
        }

        /** Null keeps the ARN's region. */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** Null on AWS. */
        public Builder endpointOverride(URI endpointOverride) {
            this.endpointOverride = endpointOverride;
            return this;
        }

        public Builder cooldown(Duration cooldown) {
            this.cooldown = cooldown;
            return this;
        }

        public Builder retries(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
            this.maxAttempts = maxAttempts;
            this.initialBackoff = initialBackoff;
            this.maxBackoff = maxBackoff;
            return this;
        }

        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the field that is wrong
         */
        public RetrainTriggerConfig build() {
            return new RetrainTriggerConfig(this);
        }
    }
}
