package io.flowcast.stream.config;

import io.flowcast.stream.sink.DeadLetterSinkConfig;
import java.time.Duration;
import java.util.List;

/** Options of the {@value #GROUP} property group: where rejected input goes and how much of it. */
public final class DeadLetterOptions {

    public static final String GROUP = "DeadLetters";

    public static final ConfigOption<String> PATH =
            ConfigOption.builder(GROUP, "path")
                    .type(OptionTypes.NON_BLANK_STRING)
                    .required(
                            "Base path of dead-letter files: s3://bucket/prefix on AWS, a directory"
                                    + " locally. Files land under dt=YYYY-MM-DD/hour=HH/.");

    public static final ConfigOption<Integer> PAYLOAD_MAX_BYTES =
            ConfigOption.builder(GROUP, "payload.max.bytes")
                    .type(OptionTypes.BYTE_SIZE_TYPE)
                    .defaultValue(
                            io.flowcast.stream.parse.ParseConfig.Builder
                                    .DEFAULT_DEAD_LETTER_PAYLOAD_MAX_BYTES,
                            "Raw payload kept in a dead letter is cut to this size"
                                    + " (payloadTruncated=true).");

    public static final ConfigOption<Duration> ROLLOVER_INTERVAL =
            ConfigOption.builder(GROUP, "rollover.interval")
                    .type(OptionTypes.DURATION_TYPE)
                    .defaultValue(
                            Duration.ofMinutes(5),
                            "A part file is closed after this long; files are committed on"
                                    + " checkpoints.");

    public static final List<ConfigOption<?>> ALL =
            List.of(PATH, PAYLOAD_MAX_BYTES, ROLLOVER_INTERVAL);

    private DeadLetterOptions() {}

    /** Reads the sink settings of the group. */
    public static DeadLetterSinkConfig read(PropertyGroups groups) {
        return new DeadLetterSinkConfig(groups.get(PATH), groups.get(ROLLOVER_INTERVAL));
    }
}
