package io.flowcast.stream.metrics;

import java.util.Objects;
import org.apache.flink.metrics.MetricGroup;

/**
 * Where the job's own metrics live: every Flowcast counter, numeric gauge and histogram is
 * registered in the {@value #GROUP} group under its operator's (or sink writer's) metric group,
 * through {@link #group}, and nowhere else.
 *
 * <p>Why that group: Amazon Managed Service for Apache Flink publishes a job's custom metrics to
 * CloudWatch (namespace {@code AWS/KinesisAnalytics}, dimension {@code Application} at metrics
 * level APPLICATION) only if they are registered under a group named {@value #GROUP}; a metric
 * registered directly on the operator's group is seen in the Flink Web UI but never reaches
 * CloudWatch, so the stack's alarms and dashboard would get no data. Outside Managed Flink (the
 * local run, MiniCluster tests, any other reporter) the group is just one more scope component: the
 * Web UI and REST API show {@code <operator>.kinesisanalytics.<metric>}, reporters {@code
 * ...<operator>.<subtask>.kinesisanalytics.<metric>}.
 *
 * <p>CloudWatch stores numbers: counters and numeric gauges (and meters) are exported under their
 * metric name, histograms are not exported at all. The JSON preview gauges of the local console
 * ({@code lastFeatureVector}, {@code lastEnrichedVector}, {@code lastPrediction}) are strings, so
 * they stay on the operator's group, out of this one.
 */
public final class FlowcastMetrics {

    /** The metric group Managed Flink exports to CloudWatch. */
    public static final String GROUP = "kinesisanalytics";

    private FlowcastMetrics() {}

    /**
     * The group to register a Flowcast metric in: {@code operatorGroup}'s {@value #GROUP} child,
     * created on first use and the same group on every later call.
     *
     * @param operatorGroup the operator's group ({@code getRuntimeContext().getMetricGroup()}) or a
     *     sink writer's ({@code InitContext.metricGroup()})
     */
    public static MetricGroup group(MetricGroup operatorGroup) {
        return Objects.requireNonNull(operatorGroup, "operatorGroup").addGroup(GROUP);
    }
}
