package io.flowcast.stream.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.deadletter.DeadLetterReason;
import io.flowcast.stream.parse.TagPathRule.AssetSignal;
import io.flowcast.stream.source.RawTelemetryRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates one Kinesis record of N3uron MqttClient JSON into {@link TelemetrySample}s
 * and {@link DeadLetter}s. Pure logic: no Flink types, no clock (the caller passes "now").
 *
 * <p>Accepted forms (see {@code schemas/telemetry/n3uron-message.schema.json}): a tag map {@code
 * {"<tag path>": [{"v":..,"q":..,"ts":..}, ...], ...}} and a flat sample {@code
 * {"tag":..,"v":..,"q":..,"ts":..}}.
 *
 * <p>Accounting: every record produces at least one output. A record that is not usable as a whole
 * (invalid JSON, wrong shape, too large, too deep, too many samples, empty) gives exactly one
 * record-level dead letter and no samples, even if parts of it were readable. Otherwise every
 * element of every tag array gives exactly one sample or one sample-level dead letter, and every
 * tag whose value is not a non-empty array gives one dead letter.
 *
 * <p>The parser streams over the bytes with Jackson (no tree), caches tag-path resolution, and
 * limits nesting depth inside Jackson, so hostile input costs bounded time and memory. Not thread
 * safe: one instance per parallel subtask.
 */
public final class TelemetryParser {

    /** The stage name written into dead letters. */
    public static final String STAGE = "parse";

    private static final int TAG_CACHE_LIMIT = 50_000;
    private static final AssetSignal UNKNOWN_TAG = new AssetSignal("", "");

    private final ParseConfig config;
    private final JsonFactory jsonFactory;
    private final TagPathRule tagRule;
    private final Map<String, AssetSignal> tagCache = new HashMap<>();

    private final List<TelemetrySample> pendingSamples = new ArrayList<>();
    private final List<DeadLetter> pendingDeadLetters = new ArrayList<>();
    private final SampleFields fields = new SampleFields();

    private RawTelemetryRecord record;
    private long now;
    private int samplesInRecord;

    public TelemetryParser(ParseConfig config) {
        this.config = config;
        this.tagRule = TagPathRule.from(config);
        this.jsonFactory =
                JsonFactory.builder()
                        .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                        // Correctly rounded like Double.parseDouble, with less garbage per value.
                        .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                        .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                        .streamReadConstraints(
                                StreamReadConstraints.builder()
                                        .maxNestingDepth(config.maxNestingDepth())
                                        .maxNumberLength(1000)
                                        .maxStringLength(config.maxRecordBytes())
                                        .build())
                        .build();
    }

    /**
     * Parses {@code raw} and hands every result to {@code out}.
     *
     * @param nowMillis the job's processing time, for the timestamp plausibility checks
     */
    public void parse(RawTelemetryRecord raw, long nowMillis, ParseOutput out) {
        this.record = raw;
        this.now = nowMillis;
        this.samplesInRecord = 0;
        pendingSamples.clear();
        pendingDeadLetters.clear();
        try {
            parseRecord();
        } catch (RecordRejected rejected) {
            rejectRecord(rejected.reason, rejected.getMessage());
        } catch (StreamConstraintsException e) {
            boolean depth = String.valueOf(e.getOriginalMessage()).contains("nesting depth");
            rejectRecord(
                    depth ? DeadLetterReason.TOO_DEEPLY_NESTED : DeadLetterReason.INVALID_JSON,
                    depth
                            ? "JSON nests deeper than " + config.maxNestingDepth() + " levels"
                            : "JSON exceeds a size limit: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            rejectRecord(
                    DeadLetterReason.INVALID_JSON,
                    "not valid JSON: "
                            + e.getOriginalMessage()
                            + " (at byte "
                            + (e.getLocation() == null ? "?" : e.getLocation().getByteOffset())
                            + ")");
        } catch (IOException | RuntimeException e) {
            // Whatever else a hostile document provokes in the JSON reader must not fail the job.
            rejectRecord(DeadLetterReason.INVALID_JSON, "unreadable JSON: " + e);
        }
        for (TelemetrySample sample : pendingSamples) {
            out.sample(sample);
        }
        for (DeadLetter deadLetter : pendingDeadLetters) {
            out.deadLetter(deadLetter);
        }
        this.record = null;
    }

    private void parseRecord() throws IOException {
        byte[] bytes = record.payload == null ? new byte[0] : record.payload;
        if (bytes.length > config.maxRecordBytes()) {
            throw new RecordRejected(
                    DeadLetterReason.RECORD_TOO_LARGE,
                    "record is "
                            + bytes.length
                            + " bytes; the limit is "
                            + config.maxRecordBytes()
                            + " (Parse/max.record.bytes)");
        }
        try (JsonParser p = jsonFactory.createParser(bytes)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new RecordRejected(
                        DeadLetterReason.EMPTY_MESSAGE, "record holds no JSON value");
            }
            if (first != JsonToken.START_OBJECT) {
                p.skipChildren();
                expectEnd(p);
                throw new RecordRejected(
                        DeadLetterReason.WRONG_SHAPE,
                        "expected a JSON object (a tag map or a flat sample) but found "
                                + describe(first));
            }
            parseObject(p);
            expectEnd(p);
        }
    }

    private void parseObject(JsonParser p) throws IOException {
        fields.reset();
        List<StrayValue> strays = null;
        boolean sawTagArrays = false;
        boolean sawFlatKeys = false;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken token = p.nextToken();
            if (token == JsonToken.START_ARRAY) {
                sawTagArrays = true;
                parseTagArray(name, p);
            } else if (SampleFields.isFlatKey(name)) {
                sawFlatKeys = true;
                fields.read(name, token, p);
            } else {
                int start = offsetOfToken(p);
                p.skipChildren();
                if (strays == null) {
                    strays = new ArrayList<>();
                }
                strays.add(new StrayValue(name, token, start, offsetAfterToken(p)));
            }
        }
        if (!sawTagArrays && !sawFlatKeys && strays == null) {
            throw new RecordRejected(DeadLetterReason.EMPTY_MESSAGE, "JSON object holds no tags");
        }
        if (sawFlatKeys && sawTagArrays) {
            throw new RecordRejected(
                    DeadLetterReason.WRONG_SHAPE,
                    "mixes flat-sample keys (tag, v, q, ts) with tag arrays");
        }
        if (sawFlatKeys) {
            if (strays != null) {
                throw new RecordRejected(
                        DeadLetterReason.WRONG_SHAPE,
                        "flat sample has unexpected key '" + strays.get(0).name + "'");
            }
            acceptFlatSample();
            return;
        }
        if (strays != null) {
            for (StrayValue stray : strays) {
                pendingDeadLetters.add(
                        deadLetter(
                                        DeadLetterReason.WRONG_TYPE,
                                        "tag '"
                                                + stray.name
                                                + "' must hold an array of samples but holds "
                                                + describe(stray.token),
                                        stray.start,
                                        stray.end)
                                .forSample(stray.name, null));
            }
        }
    }

    private void parseTagArray(String tag, JsonParser p) throws IOException {
        int arrayStart = offsetOfToken(p);
        String tagProblem = null;
        AssetSignal target = null;
        if (tag.length() > config.maxTagPathLength()) {
            tagProblem =
                    "tag path is "
                            + tag.length()
                            + " characters; the limit is "
                            + config.maxTagPathLength();
        } else {
            target = resolveTag(tag);
            if (target == null) {
                tagProblem = "tag path '" + tag + "' does not match the configured tag rule";
            }
        }
        int index = 0;
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (++samplesInRecord > config.maxSamplesPerRecord()) {
                throw new RecordRejected(
                        DeadLetterReason.TOO_MANY_SAMPLES,
                        "record holds more than "
                                + config.maxSamplesPerRecord()
                                + " samples (Parse/max.samples.per.record)");
            }
            int start = offsetOfToken(p);
            if (token != JsonToken.START_OBJECT) {
                p.skipChildren();
                pendingDeadLetters.add(
                        deadLetter(
                                        DeadLetterReason.WRONG_TYPE,
                                        "sample must be an object {v, q, ts} but is "
                                                + describe(token),
                                        start,
                                        offsetAfterToken(p))
                                .forSample(tag, index));
            } else {
                fields.reset();
                String fieldName;
                while ((fieldName = p.nextFieldName()) != null) {
                    fields.read(fieldName, p.nextToken(), p);
                }
                int end = offsetAfterToken(p);
                if (tagProblem != null) {
                    pendingDeadLetters.add(
                            deadLetter(DeadLetterReason.UNKNOWN_TAG_PATTERN, tagProblem, start, end)
                                    .forSample(tag, index));
                } else {
                    validateAndAccept(target, tag, index, start, end);
                }
            }
            index++;
        }
        if (index == 0) {
            pendingDeadLetters.add(
                    deadLetter(
                                    DeadLetterReason.EMPTY_MESSAGE,
                                    "tag '" + tag + "' has an empty sample array",
                                    arrayStart,
                                    offsetAfterToken(p))
                            .forSample(tag, null));
        }
    }

    private void acceptFlatSample() {
        if (fields.tagWrongType != null) {
            throw new RecordRejected(
                    DeadLetterReason.WRONG_TYPE,
                    "'tag' must be a string but is " + fields.tagWrongType);
        }
        if (fields.tag == null) {
            throw new RecordRejected(DeadLetterReason.MISSING_FIELD, "flat sample has no 'tag'");
        }
        String tag = fields.tag;
        int length = record.payload.length;
        if (tag.length() > config.maxTagPathLength()) {
            pendingDeadLetters.add(
                    deadLetter(
                                    DeadLetterReason.UNKNOWN_TAG_PATTERN,
                                    "tag path is "
                                            + tag.length()
                                            + " characters; the limit is "
                                            + config.maxTagPathLength(),
                                    0,
                                    length)
                            .forSample(tag, null));
            return;
        }
        AssetSignal target = resolveTag(tag);
        if (target == null) {
            pendingDeadLetters.add(
                    deadLetter(
                                    DeadLetterReason.UNKNOWN_TAG_PATTERN,
                                    "tag path '" + tag + "' does not match the configured tag rule",
                                    0,
                                    length)
                            .forSample(tag, null));
            return;
        }
        validateAndAccept(target, tag, null, 0, length);
    }

    /** Checks the fields just read and adds a sample or a dead letter. */
    private void validateAndAccept(
            AssetSignal target, String tag, Integer index, int start, int end) {
        SampleFields f = fields;
        DeadLetterReason reason = null;
        String detail = null;
        if (f.duplicate != null) {
            reason = DeadLetterReason.WRONG_SHAPE;
            detail = "field '" + f.duplicate + "' appears more than once";
        } else if (f.wrongType != null) {
            reason = DeadLetterReason.WRONG_TYPE;
            detail = f.wrongType;
        } else if (!f.hasV || !f.hasQ || !f.hasTs) {
            reason = DeadLetterReason.MISSING_FIELD;
            detail = "sample has no '" + (!f.hasV ? "v" : !f.hasQ ? "q" : "ts") + "'";
        } else if (f.valueNull) {
            reason = DeadLetterReason.MISSING_VALUE;
            detail = "'v' is null";
        } else if (!Double.isFinite(f.value)) {
            reason = DeadLetterReason.NON_FINITE_VALUE;
            detail = "'v' is " + f.value + "; only finite numbers are accepted";
        } else if (f.quality < 0 || f.quality > OpcQuality.MAX) {
            reason = DeadLetterReason.VALUE_OUT_OF_RANGE;
            detail = "'q' is " + f.quality + "; OPC quality codes are 0..255";
        } else if (f.timestamp < 0) {
            reason = DeadLetterReason.VALUE_OUT_OF_RANGE;
            detail = "'ts' is " + f.timestamp + "; epoch milliseconds cannot be negative";
        } else if (f.timestamp > now + config.maxFutureSkewMillis()) {
            reason = DeadLetterReason.TIMESTAMP_IN_FUTURE;
            detail =
                    "'ts' is "
                            + (f.timestamp - now)
                            + " ms ahead of the job's clock; the limit is "
                            + config.maxFutureSkewMillis()
                            + " ms (Parse/max.future.skew)";
        } else if (f.timestamp < now - config.maxPastAgeMillis()) {
            reason = DeadLetterReason.TIMESTAMP_TOO_OLD;
            detail =
                    "'ts' is "
                            + (now - f.timestamp)
                            + " ms old; the limit is "
                            + config.maxPastAgeMillis()
                            + " ms (Parse/max.past.age)";
        }
        if (reason != null) {
            pendingDeadLetters.add(deadLetter(reason, detail, start, end).forSample(tag, index));
            return;
        }
        pendingSamples.add(
                new TelemetrySample(
                        target.assetId, target.signal, f.value, (int) f.quality, f.timestamp));
    }

    private AssetSignal resolveTag(String tag) {
        AssetSignal cached = tagCache.get(tag);
        if (cached == null) {
            if (tagCache.size() >= TAG_CACHE_LIMIT) {
                // Bounded: hostile input with endless distinct tags must not grow the heap.
                tagCache.clear();
            }
            AssetSignal resolved = tagRule.resolve(tag);
            cached = resolved == null ? UNKNOWN_TAG : resolved;
            tagCache.put(tag, cached);
        }
        return cached == UNKNOWN_TAG ? null : cached;
    }

    private void rejectRecord(DeadLetterReason reason, String detail) {
        pendingSamples.clear();
        pendingDeadLetters.clear();
        int length = record.payload == null ? 0 : record.payload.length;
        pendingDeadLetters.add(deadLetter(reason, detail, 0, length));
    }

    private DeadLetter deadLetter(DeadLetterReason reason, String detail, int start, int end) {
        return DeadLetter.of(
                reason,
                detail,
                STAGE,
                record,
                start,
                Math.max(0, end - start),
                config.deadLetterPayloadMaxBytes(),
                now);
    }

    private static void expectEnd(JsonParser p) throws IOException {
        JsonToken extra = p.nextToken();
        if (extra != null) {
            throw new RecordRejected(
                    DeadLetterReason.INVALID_JSON,
                    "trailing content after the JSON value: " + describe(extra));
        }
    }

    private static int offsetOfToken(JsonParser p) {
        return (int) p.currentTokenLocation().getByteOffset();
    }

    private static int offsetAfterToken(JsonParser p) {
        return (int) p.currentLocation().getByteOffset();
    }

    static String describe(JsonToken token) {
        switch (token) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return token.asString() == null ? token.name() : "'" + token.asString() + "'";
        }
    }

    /** The fields of one sample as read, before validation; reused for every sample. */
    private static final class SampleFields {
        boolean hasV;
        boolean hasQ;
        boolean hasTs;
        boolean valueNull;
        double value;
        long quality;
        long timestamp;
        String tag;
        String tagWrongType;
        String wrongType;
        String duplicate;

        static boolean isFlatKey(String name) {
            return name.equals("tag") || name.equals("v") || name.equals("q") || name.equals("ts");
        }

        void reset() {
            hasV = false;
            hasQ = false;
            hasTs = false;
            valueNull = false;
            value = 0;
            quality = 0;
            timestamp = 0;
            tag = null;
            tagWrongType = null;
            wrongType = null;
            duplicate = null;
        }

        void read(String name, JsonToken token, JsonParser p) throws IOException {
            switch (name) {
                case "v":
                    markSeen(name, hasV);
                    hasV = true;
                    readValue(token, p);
                    break;
                case "q":
                    markSeen(name, hasQ);
                    hasQ = true;
                    if (token == JsonToken.VALUE_NUMBER_INT) {
                        quality = integerOrOutOfRange(p);
                    } else {
                        wrongType(name, "an integer", token);
                        p.skipChildren();
                    }
                    break;
                case "ts":
                    markSeen(name, hasTs);
                    hasTs = true;
                    if (token == JsonToken.VALUE_NUMBER_INT) {
                        timestamp = integerOrOutOfRange(p);
                    } else {
                        wrongType(name, "an integer (epoch milliseconds)", token);
                        p.skipChildren();
                    }
                    break;
                case "tag":
                    markSeen(name, tag != null || tagWrongType != null);
                    if (token == JsonToken.VALUE_STRING) {
                        tag = p.getText();
                    } else {
                        tagWrongType = describe(token);
                        p.skipChildren();
                    }
                    break;
                default:
                    // Unknown sample fields are ignored: gateways may add fields over time.
                    p.skipChildren();
                    break;
            }
        }

        private void readValue(JsonToken token, JsonParser p) throws IOException {
            switch (token) {
                case VALUE_NUMBER_INT:
                case VALUE_NUMBER_FLOAT:
                    value = p.getDoubleValue();
                    break;
                case VALUE_TRUE:
                    value = 1.0;
                    break;
                case VALUE_FALSE:
                    value = 0.0;
                    break;
                case VALUE_NULL:
                    valueNull = true;
                    break;
                default:
                    wrongType("v", "a number or boolean", token);
                    p.skipChildren();
                    break;
            }
        }

        /** Integers beyond long range become an out-of-range value rather than an exception. */
        private static long integerOrOutOfRange(JsonParser p) throws IOException {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                return p.getBigIntegerValue().signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            return p.getLongValue();
        }

        private void markSeen(String name, boolean alreadySeen) {
            if (alreadySeen && duplicate == null) {
                duplicate = name;
            }
        }

        private void wrongType(String field, String expected, JsonToken token) {
            if (wrongType == null) {
                wrongType = "'" + field + "' must be " + expected + " but is " + describe(token);
            }
        }
    }

    /** A top-level key whose value is not an array; judged once the form is known. */
    private static final class StrayValue {
        final String name;
        final JsonToken token;
        final int start;
        final int end;

        StrayValue(String name, JsonToken token, int start, int end) {
            this.name = name;
            this.token = token;
            this.start = start;
            this.end = end;
        }
    }

    /** Ends parsing of a record that is rejected as a whole. */
    private static final class RecordRejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final DeadLetterReason reason;

        RecordRejected(DeadLetterReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }
}
