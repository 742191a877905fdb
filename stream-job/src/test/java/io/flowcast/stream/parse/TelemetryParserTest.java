package io.flowcast.stream.parse;

import static io.flowcast.stream.testing.Records.DAY;
import static io.flowcast.stream.testing.Records.MINUTE;
import static io.flowcast.stream.testing.Records.NOW;
import static io.flowcast.stream.testing.Records.record;
import static io.flowcast.stream.testing.Records.sample;
import static io.flowcast.stream.testing.Records.tagMap;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.deadletter.DeadLetterReason;
import io.flowcast.stream.source.RawTelemetryRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The parser's table of good and bad inputs, and what each becomes. */
class TelemetryParserTest {

    private static final String PUMP_TEMP = "SiteA/Line1/Pump-001/BearingTemp";
    private static final String PUMP_LOAD = "SiteA/Line1/Pump-001/Load";

    private final TelemetryParser parser = new TelemetryParser(ParseConfig.defaults());

    @Test
    void tagMapWithSeveralTagsAndSamplesBecomesOneSamplePerElement() {
        Result result =
                parse(
                        "{\""
                                + PUMP_TEMP
                                + "\":["
                                + sample(61.25, 192, NOW - 2000)
                                + ","
                                + sample(61.5, 192, NOW - 1000)
                                + "],\""
                                + PUMP_LOAD
                                + "\":["
                                + sample(73, 192, NOW - 1000)
                                + "]}");

        assertThat(result.deadLetters).isEmpty();
        assertThat(result.samples)
                .containsExactly(
                        new TelemetrySample(
                                "SiteA/Line1/Pump-001", "BearingTemp", 61.25, 192, NOW - 2000),
                        new TelemetrySample(
                                "SiteA/Line1/Pump-001", "BearingTemp", 61.5, 192, NOW - 1000),
                        new TelemetrySample("SiteA/Line1/Pump-001", "Load", 73.0, 192, NOW - 1000));
    }

    @Test
    void flatSampleIsAccepted() {
        Result result =
                parse("{\"ts\":" + NOW + ",\"q\":192,\"tag\":\"" + PUMP_LOAD + "\",\"v\":12.5}");

        assertThat(result.deadLetters).isEmpty();
        assertThat(result.samples)
                .containsExactly(
                        new TelemetrySample("SiteA/Line1/Pump-001", "Load", 12.5, 192, NOW));
    }

    @Test
    void leadingSeparatorIsNotPartOfTheAssetId() {
        Result result = parse(tagMap("/" + PUMP_LOAD, sample(1, 192, NOW)));

        assertThat(result.samples)
                .singleElement()
                .satisfies(
                        s -> {
                            assertThat(s.assetId).isEqualTo("SiteA/Line1/Pump-001");
                            assertThat(s.signal).isEqualTo("Load");
                        });
    }

    @Test
    void booleanDigitalTagsReadAsOneAndZero() {
        Result result =
                parse(
                        tagMap(
                                "SiteA/Line1/Pump-001/Running",
                                sample(true, 192, NOW),
                                sample(false, 192, NOW)));

        assertThat(result.samples).extracting(s -> s.value).containsExactly(1.0, 0.0);
    }

    @Test
    void nonGoodQualitySamplesAreKeptAndFlagged() {
        Result result =
                parse(
                        tagMap(
                                PUMP_TEMP,
                                sample(1, 0, NOW),
                                sample(2, 64, NOW),
                                sample(3, 216, NOW)));

        assertThat(result.deadLetters).isEmpty();
        assertThat(result.samples)
                .extracting(s -> s.quality + ":" + s.goodQuality)
                .containsExactly("0:false", "64:false", "216:true");
    }

    @Test
    void unknownSampleFieldsAreIgnored() {
        Result result =
                parse(
                        tagMap(
                                PUMP_TEMP,
                                "{\"v\":1,\"q\":192,\"ts\":"
                                        + NOW
                                        + ",\"unit\":\"C\",\"x\":{\"y\":[1]}}"));

        assertThat(result.deadLetters).isEmpty();
        assertThat(result.samples).hasSize(1);
    }

    @Test
    void regexRuleMapsTagPathsByNamedGroups() {
        TelemetryParser regexParser =
                new TelemetryParser(
                        ParseConfig.builder()
                                .tagRule(ParseConfig.TagRule.REGEX)
                                .tagRegex("(?<asset>[^.]+\\.[^.]+)\\.(?<signal>\\w+)")
                                .build());
        Result result = new Result();
        regexParser.parse(
                record(tagMap("Plant1.Pump7.Flow", sample(5, 192, NOW), sample(6, 192, NOW))),
                NOW,
                result);
        regexParser.parse(record(tagMap("Plant1/Pump7/Flow", sample(5, 192, NOW))), NOW, result);

        assertThat(result.samples)
                .extracting(s -> s.assetId + "|" + s.signal)
                .containsOnly("Plant1.Pump7|Flow");
        assertThat(result.deadLetters)
                .extracting(d -> d.reason)
                .containsExactly(DeadLetterReason.UNKNOWN_TAG_PATTERN);
    }

    static Stream<Arguments> recordLevelRejections() {
        String good = sample(1, 192, NOW);
        return Stream.of(
                Arguments.of(
                        "truncated",
                        "{\"" + PUMP_TEMP + "\":[" + good,
                        DeadLetterReason.INVALID_JSON),
                Arguments.of("not json", "hello", DeadLetterReason.INVALID_JSON),
                Arguments.of(
                        "trailing garbage",
                        tagMap(PUMP_TEMP, good) + " x",
                        DeadLetterReason.INVALID_JSON),
                Arguments.of(
                        "two objects",
                        tagMap(PUMP_TEMP, good) + tagMap(PUMP_TEMP, good),
                        DeadLetterReason.INVALID_JSON),
                Arguments.of("top-level array", "[" + good + "]", DeadLetterReason.WRONG_SHAPE),
                Arguments.of("top-level number", "42", DeadLetterReason.WRONG_SHAPE),
                Arguments.of("top-level string", "\"hi\"", DeadLetterReason.WRONG_SHAPE),
                Arguments.of(
                        "mixed forms",
                        "{\"tag\":\"" + PUMP_TEMP + "\",\"" + PUMP_LOAD + "\":[" + good + "]}",
                        DeadLetterReason.WRONG_SHAPE),
                Arguments.of(
                        "flat with extra key",
                        "{\"tag\":\""
                                + PUMP_TEMP
                                + "\",\"v\":1,\"q\":192,\"ts\":"
                                + NOW
                                + ",\"site\":\"A\"}",
                        DeadLetterReason.WRONG_SHAPE),
                Arguments.of(
                        "flat without tag",
                        "{\"v\":1,\"q\":192,\"ts\":" + NOW + "}",
                        DeadLetterReason.MISSING_FIELD),
                Arguments.of(
                        "flat tag not a string",
                        "{\"tag\":5,\"v\":1,\"q\":192,\"ts\":" + NOW + "}",
                        DeadLetterReason.WRONG_TYPE),
                Arguments.of("empty object", "{}", DeadLetterReason.EMPTY_MESSAGE),
                Arguments.of("empty record", "", DeadLetterReason.EMPTY_MESSAGE),
                Arguments.of("blank record", "  \n ", DeadLetterReason.EMPTY_MESSAGE),
                Arguments.of(
                        "deep nesting",
                        "{\"a/b\":[{\"v\":" + "[".repeat(50) + "]".repeat(50) + "}]}",
                        DeadLetterReason.TOO_DEEPLY_NESTED),
                Arguments.of(
                        "deep top-level array",
                        "[".repeat(5000) + "]".repeat(5000),
                        DeadLetterReason.TOO_DEEPLY_NESTED),
                Arguments.of(
                        "unterminated deep array",
                        "[".repeat(100_000),
                        DeadLetterReason.TOO_DEEPLY_NESTED),
                Arguments.of(
                        "huge number literal",
                        tagMap(
                                PUMP_TEMP,
                                "{\"v\":1" + "0".repeat(5000) + ",\"q\":192,\"ts\":" + NOW + "}"),
                        DeadLetterReason.INVALID_JSON),
                Arguments.of(
                        "NaN in flat form",
                        "{\"tag\":\"" + PUMP_TEMP + "\",\"v\":NaN,\"q\":192,\"ts\":" + NOW + "}",
                        DeadLetterReason.NON_FINITE_VALUE));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("recordLevelRejections")
    void recordLevelProblemsGiveExactlyOneDeadLetterAndNoSamples(
            String name, String json, DeadLetterReason expected) {
        Result result = parse(json);

        assertThat(result.samples).isEmpty();
        assertThat(result.deadLetters)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.reason).isEqualTo(expected);
                            assertThat(d.detail).isNotBlank();
                            assertThat(d.stage).isEqualTo("parse");
                            assertThat(d.shardId).isEqualTo("shardId-000000000000");
                            assertThat(d.sequenceNumber).isNotBlank();
                        });
    }

    static Stream<Arguments> sampleLevelRejections() {
        return Stream.of(
                Arguments.of(
                        "string value",
                        "{\"v\":\"abc\",\"q\":192,\"ts\":" + NOW + "}",
                        DeadLetterReason.WRONG_TYPE),
                Arguments.of(
                        "object value",
                        "{\"v\":{\"a\":1},\"q\":192,\"ts\":" + NOW + "}",
                        DeadLetterReason.WRONG_TYPE),
                Arguments.of(
                        "fractional ts",
                        "{\"v\":1,\"q\":192,\"ts\":1.5}",
                        DeadLetterReason.WRONG_TYPE),
                Arguments.of(
                        "string ts",
                        "{\"v\":1,\"q\":192,\"ts\":\"" + NOW + "\"}",
                        DeadLetterReason.WRONG_TYPE),
                Arguments.of(
                        "fractional quality",
                        "{\"v\":1,\"q\":192.5,\"ts\":" + NOW + "}",
                        DeadLetterReason.WRONG_TYPE),
                Arguments.of("sample not an object", "42", DeadLetterReason.WRONG_TYPE),
                Arguments.of(
                        "missing v",
                        "{\"q\":192,\"ts\":" + NOW + "}",
                        DeadLetterReason.MISSING_FIELD),
                Arguments.of(
                        "missing q",
                        "{\"v\":1,\"ts\":" + NOW + "}",
                        DeadLetterReason.MISSING_FIELD),
                Arguments.of("missing ts", "{\"v\":1,\"q\":192}", DeadLetterReason.MISSING_FIELD),
                Arguments.of(
                        "null v",
                        "{\"v\":null,\"q\":0,\"ts\":" + NOW + "}",
                        DeadLetterReason.MISSING_VALUE),
                Arguments.of(
                        "NaN",
                        "{\"v\":NaN,\"q\":192,\"ts\":" + NOW + "}",
                        DeadLetterReason.NON_FINITE_VALUE),
                Arguments.of(
                        "Infinity",
                        "{\"v\":-Infinity,\"q\":192,\"ts\":" + NOW + "}",
                        DeadLetterReason.NON_FINITE_VALUE),
                Arguments.of(
                        "overflowing double",
                        "{\"v\":1e400,\"q\":192,\"ts\":" + NOW + "}",
                        DeadLetterReason.NON_FINITE_VALUE),
                Arguments.of(
                        "quality above 255",
                        "{\"v\":1,\"q\":256,\"ts\":" + NOW + "}",
                        DeadLetterReason.VALUE_OUT_OF_RANGE),
                Arguments.of(
                        "negative quality",
                        "{\"v\":1,\"q\":-1,\"ts\":" + NOW + "}",
                        DeadLetterReason.VALUE_OUT_OF_RANGE),
                Arguments.of(
                        "huge quality",
                        "{\"v\":1,\"q\":99999999999999999999999,\"ts\":" + NOW + "}",
                        DeadLetterReason.VALUE_OUT_OF_RANGE),
                Arguments.of(
                        "negative ts",
                        "{\"v\":1,\"q\":192,\"ts\":-5}",
                        DeadLetterReason.VALUE_OUT_OF_RANGE),
                Arguments.of(
                        "ts in the future",
                        sample(1, 192, NOW + 6 * MINUTE),
                        DeadLetterReason.TIMESTAMP_IN_FUTURE),
                Arguments.of(
                        "ts too old",
                        sample(1, 192, NOW - 8 * DAY),
                        DeadLetterReason.TIMESTAMP_TOO_OLD),
                Arguments.of(
                        "ts in seconds",
                        sample(1, 192, NOW / 1000),
                        DeadLetterReason.TIMESTAMP_TOO_OLD),
                Arguments.of(
                        "duplicate field",
                        "{\"v\":1,\"v\":2,\"q\":192,\"ts\":" + NOW + "}",
                        DeadLetterReason.WRONG_SHAPE));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("sampleLevelRejections")
    void aBadSampleIsDeadLetteredAloneAndItsNeighboursSurvive(
            String name, String badSample, DeadLetterReason expected) {
        Result result =
                parse(tagMap(PUMP_TEMP, sample(1, 192, NOW), badSample, sample(3, 192, NOW)));

        assertThat(result.samples).extracting(s -> s.value).containsExactly(1.0, 3.0);
        assertThat(result.deadLetters)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.reason).isEqualTo(expected);
                            assertThat(d.tagPath).isEqualTo(PUMP_TEMP);
                            assertThat(d.sampleIndex).isEqualTo(1);
                            assertThat(d.payload).isEqualTo(badSample);
                        });
    }

    @Test
    void samplesAtTheTimeLimitsAreAccepted() {
        Result result =
                parse(
                        tagMap(
                                PUMP_TEMP,
                                sample(1, 192, NOW + 5 * MINUTE),
                                sample(2, 192, NOW - 7 * DAY)));

        assertThat(result.deadLetters).isEmpty();
        assertThat(result.samples).hasSize(2);
    }

    @Test
    void unknownTagPatternRejectsEachOfItsSamplesButNotOtherTags() {
        Result result =
                parse(
                        "{\"Temperature\":["
                                + sample(1, 192, NOW)
                                + ","
                                + sample(2, 192, NOW)
                                + "],\""
                                + PUMP_LOAD
                                + "\":["
                                + sample(3, 192, NOW)
                                + "]}");

        assertThat(result.samples).extracting(s -> s.value).containsExactly(3.0);
        assertThat(result.deadLetters)
                .extracting(d -> d.reason + "@" + d.tagPath + "[" + d.sampleIndex + "]")
                .containsExactly(
                        "UNKNOWN_TAG_PATTERN@Temperature[0]", "UNKNOWN_TAG_PATTERN@Temperature[1]");
    }

    @Test
    void tagPathsWithEmptySegmentsOrTooLongAreUnknownPatterns() {
        Result result = new Result();
        for (String tag : List.of("a//b", "/b", "a/", "a/ /b", "x".repeat(600) + "/s")) {
            parser.parse(record(tagMap(tag, sample(1, 192, NOW))), NOW, result);
        }
        assertThat(result.samples).isEmpty();
        assertThat(result.deadLetters)
                .hasSize(5)
                .allSatisfy(
                        d -> assertThat(d.reason).isEqualTo(DeadLetterReason.UNKNOWN_TAG_PATTERN));
    }

    @Test
    void aTagWhoseValueIsNotAnArrayIsDeadLetteredAndOtherTagsSurvive() {
        Result result =
                parse(
                        "{\""
                                + PUMP_TEMP
                                + "\":{\"v\":1},\""
                                + PUMP_LOAD
                                + "\":["
                                + sample(3, 192, NOW)
                                + "]}");

        assertThat(result.samples).hasSize(1);
        assertThat(result.deadLetters)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.reason).isEqualTo(DeadLetterReason.WRONG_TYPE);
                            assertThat(d.tagPath).isEqualTo(PUMP_TEMP);
                            assertThat(d.payload).isEqualTo("{\"v\":1}");
                        });
    }

    @Test
    void anEmptySampleArrayIsReported() {
        Result result = parse("{\"" + PUMP_TEMP + "\":[]}");

        assertThat(result.samples).isEmpty();
        assertThat(result.deadLetters)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.reason).isEqualTo(DeadLetterReason.EMPTY_MESSAGE);
                            assertThat(d.tagPath).isEqualTo(PUMP_TEMP);
                        });
    }

    @Test
    void oversizeRecordIsRejectedUnreadWithItsPayloadCut() {
        TelemetryParser small =
                new TelemetryParser(
                        ParseConfig.builder()
                                .maxRecordBytes(100)
                                .deadLetterPayloadMaxBytes(40)
                                .build());
        String json =
                tagMap(PUMP_TEMP, sample(1, 192, NOW), sample(2, 192, NOW), sample(3, 192, NOW));
        Result result = new Result();
        small.parse(record(json), NOW, result);

        assertThat(result.samples).isEmpty();
        assertThat(result.deadLetters)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.reason).isEqualTo(DeadLetterReason.RECORD_TOO_LARGE);
                            assertThat(d.payloadBytes).isEqualTo(json.length());
                            assertThat(d.payloadTruncated).isTrue();
                            assertThat(d.payload).isEqualTo(json.substring(0, 40));
                        });
    }

    @Test
    void tooManySamplesRejectsTheWholeRecord() {
        TelemetryParser limited =
                new TelemetryParser(ParseConfig.builder().maxSamplesPerRecord(2).build());
        Result result = new Result();
        limited.parse(
                record(
                        tagMap(
                                PUMP_TEMP,
                                sample(1, 192, NOW),
                                sample(2, 192, NOW),
                                sample(3, 192, NOW))),
                NOW,
                result);

        assertThat(result.samples).isEmpty();
        assertThat(result.deadLetters)
                .extracting(d -> d.reason)
                .containsExactly(DeadLetterReason.TOO_MANY_SAMPLES);
    }

    @Test
    void invalidUtf8IsInvalidJsonAndKeptAsBase64() {
        byte[] payload = {
            '{', '"', 'a', '/', 'b', '"', ':', '[', (byte) 0xC3, (byte) 0x28, ']', '}'
        };
        Result result = new Result();
        parser.parse(record(payload), NOW, result);

        assertThat(result.deadLetters)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.reason).isEqualTo(DeadLetterReason.INVALID_JSON);
                            assertThat(d.payloadEncoding).isEqualTo(DeadLetter.ENCODING_BASE64);
                            assertThat(Base64.getDecoder().decode(d.payload)).isEqualTo(payload);
                        });
    }

    @Test
    void truncationNeverSplitsAMultiByteCharacter() {
        TelemetryParser tiny =
                new TelemetryParser(
                        ParseConfig.builder()
                                .maxRecordBytes(4)
                                .deadLetterPayloadMaxBytes(3)
                                .build());
        Result result = new Result();
        tiny.parse(
                record("\"äää\""),
                NOW,
                result); // '"' then 2-byte chars: a cut at 3 would split one

        assertThat(result.deadLetters)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.payloadEncoding).isEqualTo(DeadLetter.ENCODING_UTF8);
                            assertThat(d.payload).isEqualTo("\"ä");
                        });
    }

    @Test
    void deadLettersCarryTheKinesisCoordinatesOfTheRecord() {
        RawTelemetryRecord raw = record("nope");
        Result result = new Result();
        parser.parse(raw, NOW, result);

        DeadLetter d = result.deadLetters.get(0);
        assertThat(d.stream).isEqualTo(raw.stream);
        assertThat(d.shardId).isEqualTo(raw.shardId);
        assertThat(d.sequenceNumber).isEqualTo(raw.sequenceNumber);
        assertThat(d.partitionKey).isEqualTo(raw.partitionKey);
        assertThat(d.arrivalTimeMillis).isEqualTo(raw.arrivalTimeMillis);
        assertThat(d.detectedAtMillis).isEqualTo(NOW);
        assertThat(d.payload).isEqualTo("nope");
        assertThat(new String(raw.payload, StandardCharsets.UTF_8)).isEqualTo("nope");
    }

    @Test
    void theParserIsReusableAfterARejectedRecord() {
        Result result = new Result();
        parser.parse(record("{\"" + PUMP_TEMP + "\":[" + sample(1, 192, NOW)), NOW, result);
        parser.parse(record(tagMap(PUMP_TEMP, sample(2, 192, NOW))), NOW, result);

        assertThat(result.samples).extracting(s -> s.value).containsExactly(2.0);
        assertThat(result.deadLetters).hasSize(1);
    }

    private Result parse(String json) {
        Result result = new Result();
        parser.parse(record(json), NOW, result);
        return result;
    }

    /** Collects parser output. */
    static final class Result implements ParseOutput {
        final List<TelemetrySample> samples = new ArrayList<>();
        final List<DeadLetter> deadLetters = new ArrayList<>();

        @Override
        public void sample(TelemetrySample sample) {
            samples.add(sample);
        }

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            deadLetters.add(deadLetter);
        }
    }
}
