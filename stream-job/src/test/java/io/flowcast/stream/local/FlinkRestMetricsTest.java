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

    @Test
    void theIdsAreAskedForInRequestsOfBoundedLength() {
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 70; i++) {
            ids.add("Parse_telemetry.kinesisanalytics.deadLetters_REASON_" + i);
        }

        java.util.List<String> batches =
                FlinkRestMetrics.batches(ids, FlinkRestMetrics.MAX_IDS_PER_REQUEST);

        assertThat(batches).hasSizeGreaterThan(1);
        assertThat(batches).allSatisfy(b -> assertThat(b.length()).isLessThanOrEqualTo(2_000));
        assertThat(String.join(",", batches).split(",")).containsExactlyElementsOf(ids);
        assertThat(FlinkRestMetrics.batches(java.util.List.of(), 10)).isEmpty();
        assertThat(FlinkRestMetrics.batches(java.util.List.of("a-very-long-id"), 5))
                .containsExactly("a-very-long-id");
    }
}
