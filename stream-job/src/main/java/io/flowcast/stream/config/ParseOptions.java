package io.flowcast.stream.config;

import io.flowcast.stream.parse.ParseConfig;
import io.flowcast.stream.parse.ParseConfig.TagRule;
import java.time.Duration;
import java.util.List;

/**
 * Options of the {@value #GROUP} property group: how tag paths become asset and signal, and the
 * limits every Kinesis record is checked against. Defaults live in {@link ParseConfig.Builder}.
 */
public final class ParseOptions {

    public static final String GROUP = "Parse";

    public static final ConfigOption<TagRule> TAG_RULE =
            ConfigOption.builder(GROUP, "tag.rule")
                    .type(OptionTypes.enumType(TagRule.class))
                    .defaultValue(
                            TagRule.LAST_SEGMENT,
                            "LAST_SEGMENT: the last tag-path segment is the signal and the rest the"
                                    + " asset. REGEX: use tag.regex.");

    public static final ConfigOption<String> TAG_SEPARATOR =
            ConfigOption.builder(GROUP, "tag.separator")
                    .type(OptionTypes.NON_BLANK_STRING)
                    .defaultValue("/", "Separator of tag-path segments (LAST_SEGMENT rule).");

    public static final ConfigOption<String> TAG_REGEX =
            ConfigOption.builder(GROUP, "tag.regex")
                    .type(OptionTypes.REGEX)
                    .optional(
                            "With tag.rule=REGEX: a pattern with named groups `(?<asset>...)` and"
                                    + " `(?<signal>...)` matching the whole tag path.");

    public static final ConfigOption<Integer> MAX_RECORD_BYTES =
            ConfigOption.builder(GROUP, "max.record.bytes")
                    .type(OptionTypes.BYTE_SIZE_TYPE)
                    .defaultValue(
                            ParseConfig.Builder.DEFAULT_MAX_RECORD_BYTES,
                            "Larger Kinesis records are dead-lettered unread (RECORD_TOO_LARGE).");

    public static final ConfigOption<Integer> MAX_SAMPLES_PER_RECORD =
            ConfigOption.builder(GROUP, "max.samples.per.record")
                    .type(OptionTypes.POSITIVE_INT)
                    .defaultValue(
                            ParseConfig.Builder.DEFAULT_MAX_SAMPLES_PER_RECORD,
                            "A record with more samples is dead-lettered whole (TOO_MANY_SAMPLES).");

    public static final ConfigOption<Integer> MAX_NESTING_DEPTH =
            ConfigOption.builder(GROUP, "max.nesting.depth")
                    .type(OptionTypes.POSITIVE_INT)
                    .defaultValue(
                            ParseConfig.Builder.DEFAULT_MAX_NESTING_DEPTH,
                            "Deeper JSON is dead-lettered (TOO_DEEPLY_NESTED); valid messages nest 3"
                                    + " deep.");

    public static final ConfigOption<Integer> MAX_TAG_PATH_LENGTH =
            ConfigOption.builder(GROUP, "max.tag.path.length")
                    .type(OptionTypes.POSITIVE_INT)
                    .defaultValue(
                            ParseConfig.Builder.DEFAULT_MAX_TAG_PATH_LENGTH,
                            "Longer tag paths are dead-lettered (UNKNOWN_TAG_PATTERN).");

    public static final ConfigOption<Duration> MAX_FUTURE_SKEW =
            ConfigOption.builder(GROUP, "max.future.skew")
                    .type(OptionTypes.DURATION_TYPE)
                    .defaultValue(
                            ParseConfig.Builder.DEFAULT_MAX_FUTURE_SKEW,
                            "Samples stamped further ahead of the job's clock are dead-lettered"
                                    + " (TIMESTAMP_IN_FUTURE).");

    public static final ConfigOption<Duration> MAX_PAST_AGE =
            ConfigOption.builder(GROUP, "max.past.age")
                    .type(OptionTypes.DURATION_TYPE)
                    .defaultValue(
                            ParseConfig.Builder.DEFAULT_MAX_PAST_AGE,
                            "Samples older than this are dead-lettered (TIMESTAMP_TOO_OLD). Raise it"
                                    + " before replaying old data.");

    public static final List<ConfigOption<?>> ALL =
            List.of(
                    TAG_RULE,
                    TAG_SEPARATOR,
                    TAG_REGEX,
                    MAX_RECORD_BYTES,
                    MAX_SAMPLES_PER_RECORD,
                    MAX_NESTING_DEPTH,
                    MAX_TAG_PATH_LENGTH,
                    MAX_FUTURE_SKEW,
                    MAX_PAST_AGE);

    private ParseOptions() {}

    /**
     * Reads the group.
     *
     * @param deadLetterPayloadMaxBytes the payload cap from the {@code DeadLetters} group
     */
    public static ParseConfig read(PropertyGroups groups, int deadLetterPayloadMaxBytes) {
        TagRule rule = groups.get(TAG_RULE);
        String regex = groups.find(TAG_REGEX).orElse(null);
        if (rule == TagRule.REGEX && regex == null) {
            throw new ConfigException(
                    "Property group '"
                            + GROUP
                            + "' sets tag.rule=REGEX but is missing key '"
                            + TAG_REGEX.key()
                            + "'");
        }
        if (rule != TagRule.REGEX && regex != null) {
            throw new ConfigException(
                    "Property group '"
                            + GROUP
                            + "', key '"
                            + TAG_REGEX.key()
                            + "' is only used with tag.rule=REGEX, but the rule is "
                            + rule);
        }
        try {
            return ParseConfig.builder()
                    .tagRule(rule)
                    .tagSeparator(groups.get(TAG_SEPARATOR))
                    .tagRegex(regex)
                    .maxRecordBytes(groups.get(MAX_RECORD_BYTES))
                    .maxSamplesPerRecord(groups.get(MAX_SAMPLES_PER_RECORD))
                    .maxNestingDepth(groups.get(MAX_NESTING_DEPTH))
                    .maxTagPathLength(groups.get(MAX_TAG_PATH_LENGTH))
                    .maxFutureSkew(groups.get(MAX_FUTURE_SKEW))
                    .maxPastAge(groups.get(MAX_PAST_AGE))
                    .deadLetterPayloadMaxBytes(deadLetterPayloadMaxBytes)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Property group '" + GROUP + "': " + e.getMessage(), e);
        }
    }
}
