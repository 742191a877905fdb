package io.flowcast.stream.config;

import io.flowcast.stream.sink.lake.LakeCompression;
import io.flowcast.stream.sink.lake.LakeConfig;
import java.time.Duration;
import java.util.List;

/**
 * Options of the {@value #GROUP} property group: where the Parquet data lake (predictions,
 * features, dead letters) is written and how its files are cut.
 */
public final class LakeOptions {

    public static final String GROUP = "Lake";

    private static final LakeConfig DEFAULTS = LakeConfig.defaults("unused");

    public static final ConfigOption<String> PATH =
            ConfigOption.builder(GROUP, "path")
                    .type(OptionTypes.NON_BLANK_STRING)
                    .required(
                            "Base path of the lake: s3://bucket/prefix on AWS, a directory"
                                    + " locally. Datasets predictions/, features/ and"
                                    + " dead-letters/ are written below it.");

    public static final ConfigOption<Integer> PART_MAX_SIZE =
            ConfigOption.builder(GROUP, "part.max.size")
                    .type(OptionTypes.BYTE_SIZE_TYPE)
                    .defaultValue(
                            (int) DEFAULTS.partMaxBytes(),
                            "A Parquet part file is closed at this size (and at every"
                                    + " checkpoint, which commits it).");

    public static final ConfigOption<Duration> ROLLOVER_INTERVAL =
            ConfigOption.builder(GROUP, "rollover.interval")
                    .type(OptionTypes.DURATION_TYPE)
                    .defaultValue(
                            DEFAULTS.rolloverInterval(),
                            "A part file open this long is closed even between checkpoints.");

    public static final ConfigOption<LakeCompression> COMPRESSION =
            ConfigOption.builder(GROUP, "compression")
                    .type(OptionTypes.enumType(LakeCompression.class))
                    .defaultValue(
                            DEFAULTS.compression(),
                            "Parquet compression: SNAPPY, GZIP or UNCOMPRESSED (no native"
                                    + " Hadoop libraries needed).");

    public static final ConfigOption<Integer> ROW_GROUP_SIZE =
            ConfigOption.builder(GROUP, "row.group.size")
                    .type(OptionTypes.BYTE_SIZE_TYPE)
                    .defaultValue(
                            DEFAULTS.rowGroupBytes(),
                            "Parquet row-group size, buffered in memory per open part file.");

    public static final List<ConfigOption<?>> ALL =
            List.of(PATH, PART_MAX_SIZE, ROLLOVER_INTERVAL, COMPRESSION, ROW_GROUP_SIZE);

    private LakeOptions() {}

    /** Reads the group; contradictions (e.g. a row group above the part size) name the group. */
    public static LakeConfig read(PropertyGroups groups) {
        try {
            return new LakeConfig(
                    groups.get(PATH),
                    groups.get(PART_MAX_SIZE),
                    groups.get(ROLLOVER_INTERVAL),
                    groups.get(COMPRESSION),
                    groups.get(ROW_GROUP_SIZE));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Property group '" + GROUP + "': " + e.getMessage(), e);
        }
    }
}
