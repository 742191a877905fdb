package io.flowcast.stream.deadletter;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;

/**
 * The JSON form of a {@link DeadLetter}, as {@code schemas/records/dead-letter.schema.json}
 * specifies: every field present, nulls included.
 */
public final class DeadLetterJson {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().setSerializationInclusion(JsonInclude.Include.ALWAYS);
    private static final ObjectWriter WRITER = MAPPER.writerFor(DeadLetter.class);
    private static final ObjectReader READER = MAPPER.readerFor(DeadLetter.class);

    private DeadLetterJson() {}

    public static byte[] toJson(DeadLetter deadLetter) {
        try {
            return WRITER.writeValueAsBytes(deadLetter);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize dead letter " + deadLetter, e);
        }
    }

    public static DeadLetter fromJson(byte[] json) throws IOException {
        return READER.readValue(json);
    }
}
