package io.flowcast.stream.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.junit.jupiter.api.Test;

/** The group the job's metrics are registered in, on an operator group with Flink's scopes. */
class FlowcastMetricsTest {

    private final OperatorMetricGroup operator =
            UnregisteredMetricGroups.createUnregisteredOperatorMetricGroup();

    @Test
    void theGroupIsTheOperatorsKinesisanalyticsChild() {
        MetricGroup group = FlowcastMetrics.group(operator);

        assertThat(group.getScopeComponents())
                .startsWith(operator.getScopeComponents())
                .endsWith("kinesisanalytics")
                .hasSize(operator.getScopeComponents().length + 1);
        assertThat(group.getMetricIdentifier("deadLetters"))
                .isEqualTo(operator.getMetricIdentifier("kinesisanalytics.deadLetters"));
    }

    @Test
    void everyCallGivesTheSameGroupSoOneOperatorsMetricsStayTogether() {
        MetricGroup first = FlowcastMetrics.group(operator);
        first.counter("recordsRead");

        assertThat(FlowcastMetrics.group(operator)).isSameAs(first);
    }

    @Test
    void aMissingGroupIsNamed() {
        assertThatThrownBy(() -> FlowcastMetrics.group(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("operatorGroup");
    }
}
