package io.flowcast.stream.deadletter;

import io.flowcast.stream.source.RawTelemetryRecord;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Input the job could not use, with why and where it came from; the record behind {@code
 * schemas/records/dead-letter.schema.json}. Nothing the job reads is dropped: it becomes a sample
 * or one of these.
 *
 * <p>For a record-level rejection {@link #payload} is the Kinesis record itself; for a rejected
 * sample inside a good record it is that sample's JSON, and {@link #shardId} / {@link
 * #sequenceNumber} locate the whole record. Payloads are cut to a configured size; bytes that are
 * not UTF-8 are kept as base64.
 *
 * <p>A Flink POJO (public no-arg constructor, public fields) so it serializes without Kryo.
 */
public class DeadLetter {

    /** Payload text is the UTF-8 bytes as they were. */
    public static final String ENCODING_UTF8 = "utf-8";

    /** Payload text is base64 because the bytes were not valid UTF-8. */
    public static final String ENCODING_BASE64 = "base64";

    public DeadLetterReason reason;
    public String detail;

    /** Pipeline stage that rejected the input, e.g. {@code parse}. */
    public String stage;

    /** Tag of the rejected sample, or null when the whole record was rejected. */
    public String tagPath;

    /** Index of the rejected sample in its tag's array, or null. */
    public Integer sampleIndex;

    public String payload;
    public String payloadEncoding;
    public int payloadBytes;
    public boolean payloadTruncated;

    public String stream;
    public String shardId;
    public String sequenceNumber;
    public String partitionKey;
    public Long arrivalTimeMillis;
    public long detectedAtMillis;

    public DeadLetter() {}

    /**
     * A dead letter for {@code record}, keeping bytes {@code [offset, offset + length)} of its
     * payload, cut to {@code maxPayloadBytes}.
     */
    public static DeadLetter of(
            DeadLetterReason reason,
            String detail,
            String stage,
            RawTelemetryRecord record,
            int offset,
            int length,
            int maxPayloadBytes,
            long detectedAtMillis) {
        DeadLetter letter = new DeadLetter();
        letter.reason = Objects.requireNonNull(reason, "reason");
        letter.detail = Objects.requireNonNull(detail, "detail");
        letter.stage = Objects.requireNonNull(stage, "stage");
        letter.stream = record.stream;
        letter.shardId = record.shardId;
        letter.sequenceNumber = record.sequenceNumber;
        letter.partitionKey = record.partitionKey;
        letter.arrivalTimeMillis = record.arrivalTimeMillis;
        letter.detectedAtMillis = detectedAtMillis;
        byte[] bytes = record.payload == null ? new byte[0] : record.payload;
        letter.setPayload(bytes, offset, length, maxPayloadBytes);
        return letter;
    }

    /**
     * A dead letter of a later stage whose input no longer carries Kinesis coordinates: {@code
     * payload} is the rejected item as JSON; stream, shard and sequence number are null.
     */
    public static DeadLetter of(
            DeadLetterReason reason,
            String detail,
            String stage,
            byte[] payload,
            int maxPayloadBytes,
            long detectedAtMillis) {
        DeadLetter letter = new DeadLetter();
        letter.reason = Objects.requireNonNull(reason, "reason");
        letter.detail = Objects.requireNonNull(detail, "detail");
        letter.stage = Objects.requireNonNull(stage, "stage");
        letter.detectedAtMillis = detectedAtMillis;
        letter.setPayload(payload, 0, payload.length, maxPayloadBytes);
        return letter;
    }

    /** Marks this dead letter as being about one sample of a tag. */
    public DeadLetter forSample(String tag, Integer index) {
        this.tagPath = tag;
        this.sampleIndex = index;
        return this;
    }

    private void setPayload(byte[] bytes, int offset, int length, int maxPayloadBytes) {
        payloadBytes = length;
        int kept = Math.min(length, maxPayloadBytes);
        payloadTruncated = kept < length;
        if (payloadTruncated) {
            // Do not cut a multi-byte UTF-8 character in half: back up to its first byte.
            while (kept > 0 && (bytes[offset + kept] & 0xC0) == 0x80) {
                kept--;
            }
        }
        try {
            payload =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes, offset, kept))
                            .toString();
            payloadEncoding = ENCODING_UTF8;
        } catch (CharacterCodingException e) {
            byte[] slice = new byte[kept];
            System.arraycopy(bytes, offset, slice, 0, kept);
            payload = Base64.getEncoder().encodeToString(slice);
            payloadEncoding = ENCODING_BASE64;
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DeadLetter)) {
            return false;
        }
        DeadLetter that = (DeadLetter) o;
        return payloadBytes == that.payloadBytes
                && payloadTruncated == that.payloadTruncated
                && detectedAtMillis == that.detectedAtMillis
                && reason == that.reason
                && Objects.equals(detail, that.detail)
                && Objects.equals(stage, that.stage)
                && Objects.equals(tagPath, that.tagPath)
                && Objects.equals(sampleIndex, that.sampleIndex)
                && Objects.equals(payload, that.payload)
                && Objects.equals(payloadEncoding, that.payloadEncoding)
                && Objects.equals(stream, that.stream)
                && Objects.equals(shardId, that.shardId)
                && Objects.equals(sequenceNumber, that.sequenceNumber)
                && Objects.equals(partitionKey, that.partitionKey)
                && Objects.equals(arrivalTimeMillis, that.arrivalTimeMillis);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, shardId, sequenceNumber, tagPath, sampleIndex);
    }

    @Override
    public String toString() {
        return "DeadLetter{"
                + reason
                + ": "
                + detail
                + (tagPath == null ? "" : ", tag=" + tagPath + "[" + sampleIndex + "]")
                + ", shard="
                + shardId
                + ", seq="
                + sequenceNumber
                + "}";
    }
}
