package io.flowcast.stream.parse;

import static io.flowcast.stream.testing.Records.NOW;
import static io.flowcast.stream.testing.Records.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.deadletter.DeadLetterReason;
import io.flowcast.stream.parse.TelemetryParserTest.Result;
import io.flowcast.stream.testing.SampleMessages;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The documented sample messages parse the way the docs say. */
class SampleMessagesParseTest {

    private final TelemetryParser parser = new TelemetryParser(ParseConfig.defaults());

    @Test
    void everyValidSampleGivesSamplesAndNoDeadLetter() {
        Map<String, byte[]> valid = SampleMessages.valid(NOW);
        assertThat(valid).isNotEmpty();
        valid.forEach(
                (name, bytes) -> {
                    Result result = new Result();
                    parser.parse(record(bytes), NOW, result);
                    assertThat(result.deadLetters).as(name).isEmpty();
                    assertThat(result.samples).as(name).isNotEmpty();
                });
    }

    @Test
    void everyInvalidSampleGivesTheReasonItsManifestNames() {
        Map<String, Map.Entry<byte[], DeadLetterReason>> invalid = SampleMessages.invalid(NOW);
        assertThat(invalid.values().stream().map(Map.Entry::getValue).distinct())
                .as("the samples cover every reason the parser gives")
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(DeadLetterReason.values())
                                .filter(DeadLetterReason::isParseReason)
                                .collect(Collectors.toList()));
        invalid.forEach(
                (name, entry) -> {
                    Result result = new Result();
                    parser.parse(record(entry.getKey()), NOW, result);
                    assertThat(result.samples).as(name).isEmpty();
                    assertThat(result.deadLetters)
                            .as(name)
                            .extracting(d -> d.reason)
                            .containsOnly(entry.getValue());
                });
    }
}
