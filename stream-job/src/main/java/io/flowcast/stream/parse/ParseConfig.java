package io.flowcast.stream.parse;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Immutable settings of the parse-and-validate step: how tag paths map to asset and signal, and the
 * limits that protect the job from oversized or hostile input. Built by {@code ParseOptions} from
 * the {@code Parse} property group; defaults are the ones documented in the README.
 */
public final class ParseConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How a tag path is split into asset id and signal name. */
    public enum TagRule {
        /** The last segment is the signal, everything before it is the asset. */
        LAST_SEGMENT,
        /** A regular expression with named groups {@code asset} and {@code signal}. */
        REGEX
    }

    private final TagRule tagRule;
    private final String tagSeparator;
    private final String tagRegex;
    private final int maxRecordBytes;
    private final int maxSamplesPerRecord;
    private final int maxNestingDepth;
    private final int maxTagPathLength;
    private final long maxFutureSkewMillis;
    private final long maxPastAgeMillis;
    private final int deadLetterPayloadMaxBytes;

    private ParseConfig(Builder b) {
        this.tagRule = Objects.requireNonNull(b.tagRule, "tagRule");
        this.tagSeparator = b.tagSeparator;
        this.tagRegex = b.tagRegex;
        this.maxRecordBytes = positive(b.maxRecordBytes, "maxRecordBytes");
        this.maxSamplesPerRecord = positive(b.maxSamplesPerRecord, "maxSamplesPerRecord");
        this.maxNestingDepth = b.maxNestingDepth;
        this.maxTagPathLength = positive(b.maxTagPathLength, "maxTagPathLength");
        this.maxFutureSkewMillis = b.maxFutureSkew.toMillis();
        this.maxPastAgeMillis = b.maxPastAge.toMillis();
        this.deadLetterPayloadMaxBytes =
                positive(b.deadLetterPayloadMaxBytes, "deadLetterPayloadMaxBytes");
        if (tagSeparator == null || tagSeparator.isEmpty()) {
            throw new IllegalArgumentException("tag separator must not be empty");
        }
        if (maxNestingDepth < 3) {
            // object -> tag array -> sample object is the deepest valid message.
            throw new IllegalArgumentException(
                    "max nesting depth must be at least 3 (a valid message nests 3 deep) but was "
                            + maxNestingDepth);
        }
        if (tagRule == TagRule.REGEX) {
            if (tagRegex == null) {
                throw new IllegalArgumentException("tag rule REGEX needs a tag regex");
            }
            String pattern = Pattern.compile(tagRegex).pattern();
            if (!pattern.contains("(?<asset>") || !pattern.contains("(?<signal>")) {
                throw new IllegalArgumentException(
                        "tag regex must have the named groups (?<asset>...) and (?<signal>...) but was "
                                + tagRegex);
            }
        }
    }

    private static int positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive but was " + value);
        }
        return value;
    }

    /** A builder preset with the documented defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The documented defaults. */
    public static ParseConfig defaults() {
        return builder().build();
    }

    public TagRule tagRule() {
        return tagRule;
    }

    public String tagSeparator() {
        return tagSeparator;
    }

    public String tagRegex() {
        return tagRegex;
    }

    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    public int maxSamplesPerRecord() {
        return maxSamplesPerRecord;
    }

    public int maxNestingDepth() {
        return maxNestingDepth;
    }

    public int maxTagPathLength() {
        return maxTagPathLength;
    }

    public long maxFutureSkewMillis() {
        return maxFutureSkewMillis;
    }

    public long maxPastAgeMillis() {
        return maxPastAgeMillis;
    }

    public int deadLetterPayloadMaxBytes() {
        return deadLetterPayloadMaxBytes;
    }

    /** Builds a {@link ParseConfig}; every setter starts from the documented default. */
    public static final class Builder {
        public static final int DEFAULT_MAX_RECORD_BYTES = 256 * 1024;
        public static final int DEFAULT_MAX_SAMPLES_PER_RECORD = 10_000;
        public static final int DEFAULT_MAX_NESTING_DEPTH = 8;
        public static final int DEFAULT_MAX_TAG_PATH_LENGTH = 512;
        public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);
        public static final Duration DEFAULT_MAX_PAST_AGE = Duration.ofDays(7);
        public static final int DEFAULT_DEAD_LETTER_PAYLOAD_MAX_BYTES = 16 * 1024;

        private TagRule tagRule = TagRule.LAST_SEGMENT;
        private String tagSeparator = "/";
        private String tagRegex;
        private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
        private int maxSamplesPerRecord = DEFAULT_MAX_SAMPLES_PER_RECORD;
        private int maxNestingDepth = DEFAULT_MAX_NESTING_DEPTH;
        private int maxTagPathLength = DEFAULT_MAX_TAG_PATH_LENGTH;
        private Duration maxFutureSkew = DEFAULT_MAX_FUTURE_SKEW;
        private Duration maxPastAge = DEFAULT_MAX_PAST_AGE;
        private int deadLetterPayloadMaxBytes = DEFAULT_DEAD_LETTER_PAYLOAD_MAX_BYTES;

        private Builder() {}

        public Builder tagRule(TagRule value) {
            this.tagRule = value;
            return this;
        }

        public Builder tagSeparator(String value) {
            this.tagSeparator = value;
            return this;
        }

        public Builder tagRegex(String value) {
            this.tagRegex = value;
            return this;
        }

        public Builder maxRecordBytes(int value) {
            this.maxRecordBytes = value;
            return this;
        }

        public Builder maxSamplesPerRecord(int value) {
            this.maxSamplesPerRecord = value;
            return this;
        }

        public Builder maxNestingDepth(int value) {
            this.maxNestingDepth = value;
            return this;
        }

        public Builder maxTagPathLength(int value) {
            this.maxTagPathLength = value;
            return this;
        }

        public Builder maxFutureSkew(Duration value) {
            this.maxFutureSkew = Objects.requireNonNull(value);
            return this;
        }

        public Builder maxPastAge(Duration value) {
            this.maxPastAge = Objects.requireNonNull(value);
            return this;
        }

        public Builder deadLetterPayloadMaxBytes(int value) {
            this.deadLetterPayloadMaxBytes = value;
            return this;
        }

        public ParseConfig build() {
            return new ParseConfig(this);
        }
    }
}
