package io.flowcast.stream.sink.warehouse;

import io.flowcast.stream.deadletter.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A {@link DeadLetter} as a row of {@link WarehouseTable#DEAD_LETTERS}, keyed on a deterministic
 * {@linkplain #idOf dead-letter id} so that a replay of the same input upserts instead of adding a
 * second row. Immutable.
 */
public final class DeadLetterRow implements WarehouseRow {

    private final String deadLetterId;
    private final List<Object> values;

    private DeadLetterRow(String deadLetterId, List<Object> values) {
        this.deadLetterId = deadLetterId;
        this.values = values;
    }

    /** The row of {@code letter}, with its id from {@link #idOf(DeadLetter)}. */
    public static DeadLetterRow of(DeadLetter letter) {
        Objects.requireNonNull(letter, "letter");
        if (letter.reason == null || letter.stage == null) {
            throw new IllegalArgumentException("dead letter without reason or stage: " + letter);
        }
        String id = idOf(letter);
        List<Object> values =
                Arrays.asList(
                        id,
                        letter.reason.name(),
                        letter.detail,
                        letter.stage,
                        letter.tagPath,
                        letter.sampleIndex,
                        letter.payload,
                        letter.payloadEncoding,
                        letter.payloadBytes,
                        letter.payloadTruncated,
                        letter.stream,
                        letter.shardId,
                        letter.sequenceNumber,
                        letter.partitionKey,
                        letter.arrivalTimeMillis,
                        letter.detectedAtMillis);
        return new DeadLetterRow(id, Collections.unmodifiableList(values));
    }

    /**
     * The deterministic id of a dead letter: a name-based UUID (as {@link
     * io.flowcast.stream.inference.Prediction#idOf}: SHA-256 of the name, then {@link
     * UUID#nameUUIDFromBytes}) of stage, reason, stream, shard, sequence number, partition key, tag
     * path, sample index and the SHA-256 of the payload text with its encoding.
     *
     * <p>Why these: stream + shard + sequence number identify a Kinesis record and tag path +
     * sample index the rejected part of it; stage + reason tell two rejections of the same input
     * apart; later stages have no Kinesis coordinates, so the payload hash (the rejected vector's
     * JSON, deterministic for a replayed window) tells their dead letters apart. Left out on
     * purpose: {@code detectedAtMillis} (processing time, different on every replay), {@code
     * detail} (free text that may change with configuration or wording) and {@code
     * arrivalTimeMillis} (implied by the record). Null and empty are kept apart.
     */
    public static String idOf(DeadLetter letter) {
        StringBuilder name = new StringBuilder(256);
        part(name, letter.stage);
        part(name, letter.reason == null ? null : letter.reason.name());
        part(name, letter.stream);
        part(name, letter.shardId);
        part(name, letter.sequenceNumber);
        part(name, letter.partitionKey);
        part(name, letter.tagPath);
        part(name, letter.sampleIndex == null ? null : letter.sampleIndex.toString());
        part(name, letter.payloadEncoding);
        part(name, letter.payload == null ? null : hex(sha256(letter.payload)));
        return UUID.nameUUIDFromBytes(sha256(name.toString())).toString();
    }

    private static void part(StringBuilder name, String value) {
        // Length-prefixed so that no choice of values can make two different tuples collide.
        if (value == null) {
            name.append("-1:");
        } else {
            name.append(value.length()).append(':').append(value);
        }
        name.append('|');
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            s.append(Character.forDigit((b >> 4) & 0xF, 16))
                    .append(Character.forDigit(b & 0xF, 16));
        }
        return s.toString();
    }

    @Override
    public WarehouseTable table() {
        return WarehouseTable.DEAD_LETTERS;
    }

    @Override
    public String key() {
        return deadLetterId;
    }

    @Override
    public List<Object> values() {
        return values;
    }

    @Override
    public String toString() {
        return "DeadLetterRow" + values;
    }
}
