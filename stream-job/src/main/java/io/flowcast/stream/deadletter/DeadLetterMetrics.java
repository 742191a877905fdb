package io.flowcast.stream.deadletter;

import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The dead-letter counters every rejecting operator registers: {@code deadLetters} and one {@code
 * deadLetters_<REASON>} per reason, so dashboards (and the local run) see rejections by reason
 * whatever stage they come from.
 *
 * <p>Pass the operator's {@link io.flowcast.stream.metrics.FlowcastMetrics#group}, so that the
 * counters reach CloudWatch on Managed Flink.
 */
public final class DeadLetterMetrics {

    public static final String TOTAL = "deadLetters";
    public static final String BY_REASON_PREFIX = "deadLetters_";

    private final Counter total;
    private final Map<DeadLetterReason, Counter> byReason = new EnumMap<>(DeadLetterReason.class);

    /** Registers the counters in {@code group}. */
    public DeadLetterMetrics(MetricGroup group) {
        total = group.counter(TOTAL);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            byReason.put(reason, group.counter(BY_REASON_PREFIX + reason.name()));
        }
    }

    /** Counts {@code deadLetter} and returns it. */
    public DeadLetter count(DeadLetter deadLetter) {
        total.inc();
        byReason.get(deadLetter.reason).inc();
        return deadLetter;
    }
}
