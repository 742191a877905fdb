package io.flowcast.stream.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which REST metric ids the local run's console reads as the job's own metrics. */
class FlinkRestMetricsTest {

    @Test
    void theJobsOwnMetricsAreTheOnesInTheExportedGroup() {
        assertThat(
                        FlinkRestMetrics.flowcastMetricName(
                                "Parse_telemetry.kinesisanalytics.recordsRead"))
                .isEqualTo("recordsRead");
        assertThat(
                        FlinkRestMetrics.flowcastMetricName(
                                "Asset_type_gate.kinesisanalytics.deadLetters_UNKNOWN_ASSET_TYPE"))
                .isEqualTo("deadLetters_UNKNOWN_ASSET_TYPE");
    }

    @Test
    void flinksOwnMetricsAndNestedGroupsAreNot() {
        // Flink's own operator metrics, and the old ids (registered on the operator's group)
        assertThat(FlinkRestMetrics.flowcastMetricName("Parse_telemetry.numRecordsIn")).isNull();
        assertThat(FlinkRestMetrics.flowcastMetricName("Parse_telemetry.recordsRead")).isNull();
        // The warehouse sinks' metrics are one group further down
        assertThat(
                        FlinkRestMetrics.flowcastMetricName(
                                "warehouse_predictions__Writer.kinesisanalytics.warehouse.rowsWritten"))
                .isNull();
        assertThat(FlinkRestMetrics.flowcastMetricName("kinesisanalytics.recordsRead")).isNull();
        assertThat(FlinkRestMetrics.flowcastMetricName("Parse_telemetry.kinesisanalytics."))
                .isNull();
    }
}
