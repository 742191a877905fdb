package io.flowcast.stream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.stream.sink.lake.LakeCompression;
import io.flowcast.stream.sink.lake.LakeConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code Lake} property group: defaults, overrides, and precise failures. */
class LakeOptionsTest {

    @Test
    void onlyThePathIsRequired() {
        LakeConfig config = LakeOptions.read(groups(Map.of("path", "s3://lake-bucket/flowcast/")));

        assertThat(config.path()).isEqualTo("s3://lake-bucket/flowcast");
        assertThat(config.datasetPath("predictions"))
                .isEqualTo("s3://lake-bucket/flowcast/predictions");
        assertThat(config.partMaxBytes()).isEqualTo(128L * 1024 * 1024);
        assertThat(config.rolloverInterval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.compression()).isEqualTo(LakeCompression.SNAPPY);
        assertThat(config.rowGroupBytes()).isEqualTo(32 * 1024 * 1024);
    }

    @Test
    void everyKeyCanBeSet() {
        Map<String, String> lake = new HashMap<>();
        lake.put("path", "data/lake");
        lake.put("part.max.size", "16mb");
        lake.put("rollover.interval", "2m");
        lake.put("compression", "gzip");
        lake.put("row.group.size", "4mb");

        LakeConfig config = LakeOptions.read(groups(lake));

        assertThat(config.path()).isEqualTo("data/lake");
        assertThat(config.partMaxBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(config.rolloverInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.compression()).isEqualTo(LakeCompression.GZIP);
        assertThat(config.rowGroupBytes()).isEqualTo(4 * 1024 * 1024);
    }

    @Test
    void aMissingPathNamesTheGroupAndKey() {
        assertThatThrownBy(() -> LakeOptions.read(groups(Map.of("compression", "SNAPPY"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'Lake'")
                .hasMessageContaining("'path'");
    }

    @Test
    void anUnknownCodecIsRejectedNotDefaulted() {
        assertThatThrownBy(
                        () ->
                                LakeOptions.read(
                                        groups(Map.of("path", "data/lake", "compression", "zstd"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("compression")
                .hasMessageContaining("SNAPPY, GZIP, UNCOMPRESSED");
    }

    @Test
    void aRowGroupLargerThanThePartIsRejected() {
        assertThatThrownBy(
                        () ->
                                LakeOptions.read(
                                        groups(
                                                Map.of(
                                                        "path", "data/lake",
                                                        "part.max.size", "8mb",
                                                        "row.group.size", "16mb"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Property group 'Lake'")
                .hasMessageContaining("row.group.size");
    }

    @Test
    void tooSmallSizesAndAnS3PathWithoutBucketAreRejected() {
        assertThatThrownBy(
                        () ->
                                LakeOptions.read(
                                        groups(Map.of("path", "data", "row.group.size", "1kb"))))
                .hasMessageContaining("row.group.size must be at least 64kb");
        assertThatThrownBy(
                        () ->
                                LakeOptions.read(
                                        groups(Map.of("path", "data", "part.max.size", "512kb"))))
                .hasMessageContaining("part.max.size must be at least 1mb");
        assertThatThrownBy(() -> LakeOptions.read(groups(Map.of("path", "s3:///prefix"))))
                .hasMessageContaining("names no bucket");
    }

    @Test
    void everyOptionBelongsToTheGroupAndIsDescribed() {
        assertThat(LakeOptions.ALL)
                .hasSize(5)
                .allSatisfy(
                        o -> {
                            assertThat(o.group()).isEqualTo("Lake");
                            assertThat(o.description()).isNotBlank();
                        });
    }

    private static PropertyGroups groups(Map<String, String> lake) {
        return PropertyGroups.of(Map.of(LakeOptions.GROUP, lake));
    }
}
