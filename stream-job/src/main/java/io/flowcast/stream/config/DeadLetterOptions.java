package io.flowcast.stream.config;

import java.util.List;

/**
 * Options of the {@value #GROUP} property group: how much of rejected input a dead letter keeps.
 * Dead letters are written to the lake ({@code Lake/path}, dataset {@code dead-letters/}) and the
 * warehouse's {@code dead_letters} table.
 */
public final class DeadLetterOptions {

    public static final String GROUP = "DeadLetters";

    public static final ConfigOption<Integer> PAYLOAD_MAX_BYTES =
            ConfigOption.builder(GROUP, "payload.max.bytes")
                    .type(OptionTypes.BYTE_SIZE_TYPE)
                    .defaultValue(
                            io.flowcast.stream.parse.ParseConfig.Builder
                                    .DEFAULT_DEAD_LETTER_PAYLOAD_MAX_BYTES,
                            "Raw payload kept in a dead letter is cut to this size"
                                    + " (payloadTruncated=true).");

    public static final List<ConfigOption<?>> ALL = List.of(PAYLOAD_MAX_BYTES);

    private DeadLetterOptions() {}
}
