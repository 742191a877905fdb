package io.flowcast.stream.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the one generated from the declared options. */
class ConfigDocsTest {

    @Test
    void readmeTableMatchesTheDeclaredOptions() throws Exception {
        String readme =
                new String(
                        Files.readAllBytes(RepoPaths.repoDir().resolve("README.md")),
                        StandardCharsets.UTF_8);
        int begin = readme.indexOf(ConfigDocs.BEGIN_MARKER);
        int end = readme.indexOf(ConfigDocs.END_MARKER);
        assertThat(begin)
                .as("README.md has the marker %s", ConfigDocs.BEGIN_MARKER)
                .isNotNegative();
        assertThat(end)
                .as("README.md has the marker %s", ConfigDocs.END_MARKER)
                .isGreaterThan(begin);

        String documented = readme.substring(begin + ConfigDocs.BEGIN_MARKER.length(), end).trim();
        String generated = ConfigDocs.markdownTable(JobConfig.allOptions()).trim();

        assertThat(documented)
                .as(
                        "README table is stale; regenerate it with ConfigDocs (see README) and paste:%n%s",
                        generated)
                .isEqualTo(generated);
    }

    @Test
    void everyOptionHasADescriptionAndDefaultsRoundTrip() {
        for (ConfigOption<?> option : JobConfig.allOptions()) {
            assertThat(option.description()).as(option.toString()).isNotBlank();
            roundTrip(option);
        }
    }

    private static <T> void roundTrip(ConfigOption<T> option) {
        option.defaultValue()
                .ifPresent(
                        value ->
                                assertThat(option.type().parse(option.type().format(value)))
                                        .as("default of %s written as text parses back", option)
                                        .isEqualTo(value));
    }

    @Test
    void everyOptionIsInExactlyOneKnownGroup() {
        assertThat(JobConfig.allOptions())
                .extracting(ConfigOption::group)
                .containsOnly(
                        KinesisSourceOptions.GROUP,
                        ParseOptions.GROUP,
                        WindowOptions.GROUP,
                        AuroraOptions.GROUP,
                        EnrichmentOptions.GROUP,
                        InferenceOptions.GROUP,
                        DeadLetterOptions.GROUP,
                        WarehouseOptions.GROUP,
                        LakeOptions.GROUP,
                        FirehoseOptions.GROUP,
                        DriftOptions.GROUP,
                        RetrainOptions.GROUP);
        assertThat(JobConfig.allOptions().stream().map(ConfigOption::toString).distinct().count())
                .isEqualTo(JobConfig.allOptions().size());
    }
}
