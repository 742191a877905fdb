package io.flowcast.stream.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.stream.config.RepoPaths;
import io.flowcast.stream.deadletter.DeadLetterReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The sample messages under {@code schemas/samples/telemetry/}, shared by the docs and the tests.
 * Their timestamps are written as {@value #SAMPLE_TIMESTAMP}; tests move them to "now" so the
 * parser's age check does not reject them.
 */
public final class SampleMessages {

    public static final String SAMPLE_TIMESTAMP = "1732230000000";

    private SampleMessages() {}

    /** Valid messages by file name, timestamps moved to {@code nowMillis}. */
    public static Map<String, byte[]> valid(long nowMillis) {
        Map<String, byte[]> messages = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir().resolve("valid"))) {
            files.filter(f -> f.toString().endsWith(".json"))
                    .forEach(f -> messages.put(f.getFileName().toString(), read(f, nowMillis)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return messages;
    }

    /** Invalid messages by file name with the reason the manifest expects. */
    public static Map<String, Map.Entry<byte[], DeadLetterReason>> invalid(long nowMillis) {
        Path invalid = dir().resolve("invalid");
        Map<String, Map.Entry<byte[], DeadLetterReason>> messages = new LinkedHashMap<>();
        try {
            JsonNode manifest =
                    new ObjectMapper().readTree(invalid.resolve("expected.json").toFile());
            Iterator<Map.Entry<String, JsonNode>> entries = manifest.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                messages.put(
                        entry.getKey(),
                        Map.entry(
                                read(invalid.resolve(entry.getKey()), nowMillis),
                                DeadLetterReason.valueOf(entry.getValue().asText())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return messages;
    }

    private static byte[] read(Path file, long nowMillis) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            // ISO-8859-1 maps bytes 1:1, so invalid UTF-8 in a sample survives the replacement.
            return text.replace(SAMPLE_TIMESTAMP, String.valueOf(nowMillis))
                    .getBytes(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path dir() {
        return RepoPaths.repoDir().resolve("schemas/samples/telemetry");
    }
}
