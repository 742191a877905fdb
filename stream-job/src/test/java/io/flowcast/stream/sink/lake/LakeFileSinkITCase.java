package io.flowcast.stream.sink.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.testing.MiniClusters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake's three FileSinks on a MiniCluster writing to a local directory with checkpoints, each
 * stream failing once after a checkpoint and restoring from it: the committed Parquet files hold
 * every record exactly once, in the partition of its event time, and in-progress files are never
 * counted.
 */
class LakeFileSinkITCase {

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = MiniClusters.twoSlots();

    @TempDir Path lake;

    @Test
    void eachRecordIsCommittedExactlyOnceAcrossAFailureAndRestore() throws Exception {
        LakeConfig config =
                new LakeConfig(
                        lake.toString(),
                        LakeConfig.MIN_PART_BYTES,
                        java.time.Duration.ofMinutes(10),
                        LakeCompression.SNAPPY,
                        LakeConfig.MIN_ROW_GROUP_BYTES);

        LakeTestJob.run(config, true);

        assertThat(LakeTestJob.FAILED.values()).allSatisfy(f -> assertThat(f).isTrue());
        Map<String, List<Map<String, Object>>> predictions =
                rowsByPartition(lake.resolve("predictions"), "predictions");
        Map<String, List<Map<String, Object>>> features =
                rowsByPartition(lake.resolve("features"), "features");
        Map<String, List<Map<String, Object>>> deadLetters =
                rowsByPartition(lake.resolve("dead-letters"), "dead-letters");

        assertThat(values(predictions, "prediction_id"))
                .containsExactlyInAnyOrderElementsOf(expected(i -> "p-" + i));
        assertThat(values(features, "sample_count"))
                .containsExactlyInAnyOrderElementsOf(expected(i -> (int) i));
        assertThat(values(deadLetters, "sequence_number"))
                .containsExactlyInAnyOrderElementsOf(expected(i -> "seq-" + i));

        assertThat(predictions.keySet())
                .containsExactlyInAnyOrder(
                        "asset_type=pump/dt=2026-11-22/hour=03",
                        "asset_type=pump/dt=2026-11-22/hour=04",
                        "asset_type=motor/dt=2026-11-22/hour=03",
                        "asset_type=motor/dt=2026-11-22/hour=04");
        assertThat(features.keySet()).isEqualTo(predictions.keySet());
        assertThat(deadLetters.keySet())
                .containsExactlyInAnyOrder("dt=2026-11-22/hour=03", "dt=2026-11-22/hour=04");
        predictions.forEach(
                (partition, rows) ->
                        assertThat(rows)
                                .allSatisfy(
                                        r ->
                                                assertThat(
                                                                LakePartitions.assetTypeHour(
                                                                        (String)
                                                                                r.get("asset_type"),
                                                                        (Long) r.get("window_end")))
                                                        .isEqualTo(partition)));
    }

    private static List<Object> expected(java.util.function.LongFunction<Object> value) {
        return LongStream.range(0, LakeTestJob.COUNT).mapToObj(value).collect(Collectors.toList());
    }

    static List<Object> values(Map<String, List<Map<String, Object>>> rows, String column) {
        return rows.values().stream()
                .flatMap(Collection::stream)
                .map(r -> r.get(column))
                .collect(Collectors.toList());
    }

    /**
     * Rows of the committed part files under a dataset folder, by partition. Hidden files
     * (in-progress parts start with '.') are skipped; every other file must be a committed part.
     */
    static Map<String, List<Map<String, Object>>> rowsByPartition(Path dataset, String prefix)
            throws IOException {
        Map<String, List<Map<String, Object>>> rows = new HashMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dataset)) {
            files =
                    walk.filter(Files::isRegularFile)
                            .filter(f -> !f.getFileName().toString().startsWith("."))
                            .collect(Collectors.toList());
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            String relative = dataset.relativize(file).toString().replace('\\', '/');
            assertThat(relative)
                    .as("a committed part file in a partition")
                    .matches(
                            "(asset_type=[^/]+/)?dt=\\d{4}-\\d{2}-\\d{2}/hour=\\d{2}/"
                                    + prefix
                                    + "-[^/]+\\.parquet");
            String partition = relative.substring(0, relative.lastIndexOf('/'));
            rows.computeIfAbsent(partition, p -> new ArrayList<>()).addAll(ParquetFiles.rows(file));
        }
        return rows;
    }
}
