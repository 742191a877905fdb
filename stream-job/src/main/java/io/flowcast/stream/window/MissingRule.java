package io.flowcast.stream.window;

import io.flowcast.stream.config.Durations;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link MissingPolicy} together with its ttl: how one signal of a feature spec is handled in a
 * window where it has no usable samples. Immutable.
 */
public final class MissingRule implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final MissingRule MARK_MISSING =
            new MissingRule(MissingPolicy.MARK_MISSING, null);

    private final MissingPolicy policy;

    /** Set for CARRY_FORWARD only. */
    private final Duration ttl;

    private MissingRule(MissingPolicy policy, Duration ttl) {
        this.policy = policy;
        this.ttl = ttl;
    }

    /** The signal is missing whenever it has no usable samples. */
    public static MissingRule markMissing() {
        return MARK_MISSING;
    }

    /**
     * Carry the signal's last statistics forward for at most {@code ttl}.
     *
     * @throws IllegalArgumentException if ttl is null, zero or negative
     */
    public static MissingRule carryForward(Duration ttl) {
        if (ttl == null || ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("CARRY_FORWARD needs a ttl > 0, got " + ttl);
        }
        return new MissingRule(MissingPolicy.CARRY_FORWARD, ttl);
    }

    public MissingPolicy policy() {
        return policy;
    }

    /** The ttl of a CARRY_FORWARD rule; empty for MARK_MISSING. */
    public Optional<Duration> ttl() {
        return Optional.ofNullable(ttl);
    }

    /** True for CARRY_FORWARD. */
    public boolean carriesForward() {
        return policy == MissingPolicy.CARRY_FORWARD;
    }

    /**
     * True if values of an earlier window may be carried into the current one.
     *
     * @param earlierWindowEndMillis end (exclusive, epoch ms) of the window the values come from
     * @param currentWindowEndMillis end (exclusive, epoch ms) of the window that lacks the signal
     * @return true for CARRY_FORWARD when the earlier window ended before the current one, at most
     *     ttl before it; false otherwise
     */
    public boolean allowsCarryForward(long earlierWindowEndMillis, long currentWindowEndMillis) {
        if (ttl == null || earlierWindowEndMillis >= currentWindowEndMillis) {
            return false;
        }
        return currentWindowEndMillis - earlierWindowEndMillis <= ttl.toMillis();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MissingRule)) {
            return false;
        }
        MissingRule other = (MissingRule) o;
        return policy == other.policy && Objects.equals(ttl, other.ttl);
    }

    @Override
    public int hashCode() {
        return Objects.hash(policy, ttl);
    }

    /** {@code MARK_MISSING} or {@code CARRY_FORWARD(ttl 10m)}. */
    @Override
    public String toString() {
        return ttl == null ? policy.name() : policy + "(ttl " + Durations.format(ttl) + ")";
    }
}
