package io.flowcast.stream.testing;

import io.flowcast.stream.metrics.FlowcastMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.scope.ScopeFormat;
import org.apache.flink.runtime.testutils.InMemoryReporter;

/**
 * One job's metrics as Flink's {@link InMemoryReporter} received them (create it with retained
 * metrics to read them after the job ended), split by where they were registered: in {@link
 * FlowcastMetrics#GROUP} (a scope component of their group: what Managed Flink exports to
 * CloudWatch) or anywhere else (Flink's own metrics, and the job's JSON preview gauges).
 */
public final class ReportedMetrics {

    private final Map<String, List<Metric>> exported;
    private final Map<String, List<Metric>> other;

    private ReportedMetrics(Map<String, List<Metric>> exported, Map<String, List<Metric>> other) {
        this.exported = exported;
        this.other = other;
    }

    /** The metrics of {@code job}, each name with its instances over operators and subtasks. */
    public static ReportedMetrics of(InMemoryReporter reporter, JobID job) {
        Map<String, List<Metric>> exported = new TreeMap<>();
        Map<String, List<Metric>> other = new TreeMap<>();
        for (Map.Entry<MetricGroup, Map<String, Metric>> group :
                reporter.getMetricsByGroup().entrySet()) {
            if (!ofJob(group.getKey(), job)) {
                continue;
            }
            Map<String, List<Metric>> into = isExported(group.getKey()) ? exported : other;
            group.getValue()
                    .forEach(
                            (name, metric) ->
                                    into.computeIfAbsent(name, n -> new ArrayList<>()).add(metric));
        }
        return new ReportedMetrics(exported, other);
    }

    /**
     * Per subtask of each operator of {@code job} whose name matches {@code operatorPattern} (a
     * regular expression, found anywhere in the name), its metrics in {@link FlowcastMetrics#GROUP}
     * by name.
     */
    public static List<Map<String, Metric>> exportedBySubtask(
            InMemoryReporter reporter, JobID job, String operatorPattern) {
        Pattern pattern = Pattern.compile(operatorPattern);
        List<Map<String, Metric>> subtasks = new ArrayList<>();
        for (Map.Entry<MetricGroup, Map<String, Metric>> group :
                reporter.getMetricsByGroup().entrySet()) {
            MetricGroup g = group.getKey();
            String[] scope = g.getScopeComponents();
            String operator = g.getAllVariables().get(ScopeFormat.SCOPE_OPERATOR_NAME);
            if (ofJob(g, job)
                    && scope.length > 0
                    && FlowcastMetrics.GROUP.equals(scope[scope.length - 1])
                    && operator != null
                    && pattern.matcher(operator).find()) {
                subtasks.add(group.getValue());
            }
        }
        return subtasks;
    }

    /** Names registered in {@link FlowcastMetrics#GROUP} (or a group nested in it). */
    public Set<String> exportedNames() {
        return Collections.unmodifiableSet(exported.keySet());
    }

    /** Names registered anywhere else. */
    public Set<String> otherNames() {
        return Collections.unmodifiableSet(other.keySet());
    }

    /** The exported instances of {@code name} (one per operator and subtask); empty if none. */
    public List<Metric> exported(String name) {
        return exported.getOrDefault(name, List.of());
    }

    /** The sum of the exported counters named {@code name}. */
    public long counter(String name) {
        List<Metric> metrics = requireExported(name);
        long sum = 0;
        for (Metric m : metrics) {
            if (!(m instanceof Counter)) {
                throw new AssertionError(name + " is a " + m.getClass().getName());
            }
            sum += ((Counter) m).getCount();
        }
        return sum;
    }

    /** The sum of the exported numeric gauges named {@code name}. */
    public double gauge(String name) {
        double sum = 0;
        for (Metric m : requireExported(name)) {
            Object value = m instanceof Gauge ? ((Gauge<?>) m).getValue() : null;
            if (!(value instanceof Number)) {
                throw new AssertionError(name + " is not a numeric gauge: " + m);
            }
            sum += ((Number) value).doubleValue();
        }
        return sum;
    }

    /** The sum of {@link #counter} over every exported name starting with {@code prefix}. */
    public Map<String, Long> countersStartingWith(String prefix) {
        Map<String, Long> counts = new TreeMap<>();
        for (String name : exported.keySet()) {
            if (name.startsWith(prefix)) {
                counts.put(name, counter(name));
            }
        }
        return counts;
    }

    private List<Metric> requireExported(String name) {
        List<Metric> metrics = exported.get(name);
        if (metrics == null) {
            throw new AssertionError(
                    name
                            + " is not registered in group "
                            + FlowcastMetrics.GROUP
                            + "; there: "
                            + exported.keySet()
                            + (other.containsKey(name) ? " (it is registered outside it)" : ""));
        }
        return metrics;
    }

    private static boolean ofJob(MetricGroup group, JobID job) {
        return job.toString().equals(group.getAllVariables().get(ScopeFormat.SCOPE_JOB_ID));
    }

    private static boolean isExported(MetricGroup group) {
        return Arrays.asList(group.getScopeComponents()).contains(FlowcastMetrics.GROUP);
    }
}
