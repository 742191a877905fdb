package io.flowcast.stream.parse;

import static io.flowcast.stream.testing.Records.NOW;
import static io.flowcast.stream.testing.Records.record;
import static io.flowcast.stream.testing.Records.sample;
import static io.flowcast.stream.testing.Records.tagMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.stream.SideOutputs;
import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.deadletter.DeadLetterReason;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The parse operator routes samples to the main output and rejections to the dead-letter tag. */
class ParseTelemetryFunctionTest {

    private OneInputStreamOperatorTestHarness<
                    io.flowcast.stream.source.RawTelemetryRecord, TelemetrySample>
            harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new ParseTelemetryFunction(ParseConfig.defaults()));
        harness.setProcessingTime(NOW);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void samplesGoToTheMainOutputAndRejectionsToTheDeadLetterSideOutput() throws Exception {
        harness.processElement(
                record(
                        tagMap(
                                "SiteA/Line1/Pump-001/Load",
                                sample(1, 192, NOW - 10),
                                "{\"v\":\"x\",\"q\":192,\"ts\":1}")),
                0);
        harness.processElement(record("not json"), 0);
        harness.processElement(
                record(tagMap("SiteA/Line1/Pump-002/Load", sample(2, 0, NOW - 10))), 0);

        assertThat(harness.extractOutputValues())
                .extracting(s -> s.assetId + ":" + s.value + ":" + s.goodQuality)
                .containsExactly("SiteA/Line1/Pump-001:1.0:true", "SiteA/Line1/Pump-002:2.0:false");
        assertThat(deadLetters())
                .extracting(d -> d.reason)
                .containsExactly(DeadLetterReason.WRONG_TYPE, DeadLetterReason.INVALID_JSON);
    }

    @Test
    void timestampChecksUseTheOperatorsProcessingTime() throws Exception {
        harness.setProcessingTime(NOW + 10 * 60_000L);
        harness.processElement(
                record(tagMap("SiteA/Line1/Pump-001/Load", sample(1, 192, NOW + 14 * 60_000L))), 0);
        harness.processElement(
                record(tagMap("SiteA/Line1/Pump-001/Load", sample(1, 192, NOW + 16 * 60_000L))), 0);

        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(deadLetters())
                .extracting(d -> d.reason)
                .containsExactly(DeadLetterReason.TIMESTAMP_IN_FUTURE);
    }

    @Test
    void aMissingConfigurationIsRejectedAtConstruction() {
        assertThatThrownBy(() -> new ParseTelemetryFunction(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ParseConfig");
    }

    private List<DeadLetter> deadLetters() {
        return harness.getSideOutput(SideOutputs.DEAD_LETTERS).stream()
                .map(StreamRecord::getValue)
                .collect(Collectors.toList());
    }
}
