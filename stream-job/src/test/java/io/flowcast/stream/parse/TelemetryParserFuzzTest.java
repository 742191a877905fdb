package io.flowcast.stream.parse;

import static io.flowcast.stream.testing.Records.DAY;
import static io.flowcast.stream.testing.Records.MINUTE;
import static io.flowcast.stream.testing.Records.NOW;
import static io.flowcast.stream.testing.Records.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.parse.TelemetryParserTest.Result;
import io.flowcast.stream.source.RawTelemetryRecord;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property test: for random and mutated messages, the parser never throws, and samples plus dead
 * letters account for every record and every sample in it. The expected count comes from an
 * independent oracle (a Jackson tree parse of the same bytes).
 */
class TelemetryParserFuzzTest {

    private static final int CASES = 20_000;
    private static final String[] TAGS = {
        "SiteA/Line1/Pump-001/BearingTemp",
        "/SiteB/Line2/Compressor-004/Load",
        "Plant/Flow",
        "NoSeparator",
        "a//b",
        "SiteA/Line1/Pump-001/",
        "v",
        "tag"
    };

    private static final ObjectMapper ORACLE =
            JsonMapper.builder()
                    .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .build();

    private final TelemetryParser parser = new TelemetryParser(ParseConfig.defaults());

    @Test
    void everyRecordAndEverySampleIsAccountedFor() {
        Random random = new Random(20261121L);
        int exactChecks = 0;
        for (int i = 0; i < CASES; i++) {
            String message = randomMessage(random);
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            if (random.nextInt(3) == 0) {
                bytes = mutate(bytes, random);
            }
            RawTelemetryRecord raw = record(bytes);
            Result result = new Result();
            assertThatCode(() -> parser.parse(raw, NOW, result))
                    .as("case %d: %s", i, new String(raw.payload, StandardCharsets.UTF_8))
                    .doesNotThrowAnyException();

            String context = "case " + i + ": " + new String(bytes, StandardCharsets.UTF_8);
            assertThat(result.samples.size() + result.deadLetters.size()).as(context).isPositive();
            for (TelemetrySample s : result.samples) {
                assertThat(Double.isFinite(s.value)).as(context).isTrue();
                assertThat(s.quality).as(context).isBetween(0, 255);
                assertThat(s.eventTimeMillis)
                        .as(context)
                        .isBetween(NOW - 7 * DAY, NOW + 5 * MINUTE);
                assertThat(s.assetId).as(context).isNotBlank();
                assertThat(s.signal).as(context).isNotBlank();
            }
            for (DeadLetter d : result.deadLetters) {
                assertThat(d.reason).as(context).isNotNull();
                assertThat(d.detail).as(context).isNotBlank();
                assertThat(d.sequenceNumber).as(context).isEqualTo(raw.sequenceNumber);
            }
            boolean recordLevel =
                    result.deadLetters.stream()
                            .anyMatch(d -> d.tagPath == null && d.sampleIndex == null);
            if (recordLevel) {
                assertThat(result.samples).as(context).isEmpty();
                assertThat(result.deadLetters).as(context).hasSize(1);
            }
            Integer expected = expectedOutputs(bytes);
            if (expected != null) {
                exactChecks++;
                assertThat(result.samples.size() + result.deadLetters.size())
                        .as(context)
                        .isEqualTo(expected);
            }
        }
        // The generator must exercise the exact accounting often, not only the invariants.
        assertThat(exactChecks).isGreaterThan(CASES / 3);
    }

    /**
     * Outputs the oracle expects for a well-formed tag map: one per array element, one per empty
     * array or non-array value. Null when the oracle cannot decide (not a plain tag map).
     */
    private static Integer expectedOutputs(byte[] bytes) {
        JsonNode root;
        try {
            root = ORACLE.readTree(bytes);
        } catch (Exception e) {
            return null;
        }
        if (root == null || !root.isObject() || root.size() == 0 || depth(root) > 8) {
            return null;
        }
        int outputs = 0;
        boolean flatKeys = false;
        boolean arrays = false;
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isArray()) {
                arrays = true;
                outputs += Math.max(1, value.size());
            } else if (field.getKey().matches("tag|v|q|ts")) {
                flatKeys = true;
            } else {
                outputs++;
            }
        }
        return flatKeys ? 1 : arrays || outputs > 0 ? outputs : null;
    }

    private static int depth(JsonNode node) {
        int max = 0;
        for (JsonNode child : node) {
            max = Math.max(max, depth(child));
        }
        return node.isContainerNode() ? max + 1 : 0;
    }

    private static String randomMessage(Random random) {
        if (random.nextInt(10) == 0) {
            return "{\"tag\":\"" + pick(TAGS, random) + "\"," + sampleFields(random) + "}";
        }
        StringBuilder json = new StringBuilder("{");
        int tags = random.nextInt(4);
        for (int t = 0; t < tags; t++) {
            if (t > 0) {
                json.append(',');
            }
            json.append('"').append(pick(TAGS, random)).append(t).append("\":");
            if (random.nextInt(15) == 0) {
                json.append(randomScalar(random));
                continue;
            }
            json.append('[');
            int samples = random.nextInt(5);
            for (int s = 0; s < samples; s++) {
                if (s > 0) {
                    json.append(',');
                }
                json.append(
                        random.nextInt(20) == 0
                                ? randomScalar(random)
                                : "{" + sampleFields(random) + "}");
            }
            json.append(']');
        }
        return json.append('}').toString();
    }

    private static String sampleFields(Random random) {
        StringBuilder fields = new StringBuilder();
        String[] names = {"v", "q", "ts", "extra"};
        for (String name : names) {
            if (random.nextInt(12) == 0) {
                continue; // missing field
            }
            if (fields.length() > 0) {
                fields.append(',');
            }
            fields.append('"').append(name).append("\":");
            switch (name) {
                case "v":
                    fields.append(
                            random.nextInt(6) == 0
                                    ? randomScalar(random)
                                    : String.valueOf(random.nextGaussian() * 100));
                    break;
                case "q":
                    fields.append(
                            random.nextInt(8) == 0
                                    ? randomScalar(random)
                                    : String.valueOf(random.nextInt(8) == 0 ? 300 : 192));
                    break;
                case "ts":
                    long offset = (long) (random.nextGaussian() * 3 * DAY);
                    fields.append(
                            random.nextInt(8) == 0
                                    ? randomScalar(random)
                                    : String.valueOf(NOW + offset));
                    break;
                default:
                    fields.append(randomScalar(random));
                    break;
            }
        }
        return fields.toString();
    }

    private static String randomScalar(Random random) {
        String[] scalars = {
            "null",
            "true",
            "false",
            "\"text\"",
            "NaN",
            "-Infinity",
            "1e999",
            "1.5",
            "-3",
            "[]",
            "{}",
            "[1,[2]]",
            "{\"v\":1}"
        };
        return pick(scalars, random);
    }

    private static byte[] mutate(byte[] bytes, Random random) {
        byte[] out = bytes.clone();
        switch (random.nextInt(4)) {
            case 0: // flip a byte
                if (out.length > 0) {
                    out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                }
                return out;
            case 1: // truncate
                byte[] cut = new byte[random.nextInt(out.length + 1)];
                System.arraycopy(out, 0, cut, 0, cut.length);
                return cut;
            case 2: // insert structural noise
                String noise =
                        pick(
                                new String[] {"[", "]", "{", "}", ",", ":", "\"", "[[[[[[[[[["},
                                random);
                int at = random.nextInt(out.length + 1);
                byte[] grown = new byte[out.length + noise.length()];
                System.arraycopy(out, 0, grown, 0, at);
                System.arraycopy(
                        noise.getBytes(StandardCharsets.UTF_8), 0, grown, at, noise.length());
                System.arraycopy(out, at, grown, at + noise.length(), out.length - at);
                return grown;
            default: // duplicate a slice
                int from = random.nextInt(out.length + 1);
                int to = from + random.nextInt(out.length - from + 1);
                byte[] doubled = new byte[out.length + (to - from)];
                System.arraycopy(out, 0, doubled, 0, to);
                System.arraycopy(out, from, doubled, to, out.length - from);
                return doubled;
        }
    }

    private static String pick(String[] values, Random random) {
        return values[random.nextInt(values.length)];
    }
}
