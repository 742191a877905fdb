package io.flowcast.stream.sink.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Checks a lake written by {@link LakeTestJob}, whatever holds its files (a directory or an S3
 * bucket): the committed part files (names not starting with '.' or '_', which are in-progress or
 * temporary) hold every record exactly once, each in the partition of its event time.
 */
public final class LakeAssertions {

    private LakeAssertions() {}

    /** Asserts on the lake under directory {@code lake}. */
    public static void assertEveryRecordOnce(Path lake) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(lake)) {
            for (Path f : walk.filter(Files::isRegularFile).collect(Collectors.toList())) {
                files.put(lake.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        }
        assertEveryRecordOnce(files);
    }

    /**
     * Asserts on a lake given as its files: path relative to the lake root (e.g. {@code
     * predictions/asset_type=pump/dt=.../x.parquet}) to bytes.
     */
    public static void assertEveryRecordOnce(Map<String, byte[]> files) {
        Map<String, List<Map<String, Object>>> predictions = rowsByPartition(files, "predictions");
        Map<String, List<Map<String, Object>>> features = rowsByPartition(files, "features");
        Map<String, List<Map<String, Object>>> deadLetters = rowsByPartition(files, "dead-letters");

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
        for (Map<String, List<Map<String, Object>>> dataset : List.of(predictions, features)) {
            dataset.forEach(
                    (partition, rows) ->
                            assertThat(rows)
                                    .allSatisfy(
                                            r ->
                                                    assertThat(
                                                                    LakePartitions.assetTypeHour(
                                                                            (String)
                                                                                    r.get(
                                                                                            "asset_type"),
                                                                            (Long)
                                                                                    r.get(
                                                                                            "window_end")))
                                                            .isEqualTo(partition)));
        }
        deadLetters.forEach(
                (partition, rows) ->
                        assertThat(rows)
                                .allSatisfy(
                                        r ->
                                                assertThat(
                                                                LakePartitions.hour(
                                                                        (Long)
                                                                                r.get(
                                                                                        "arrival_time")))
                                                        .isEqualTo(partition)));
    }

    /** Rows of one dataset's committed part files, by partition. */
    static Map<String, List<Map<String, Object>>> rowsByPartition(
            Map<String, byte[]> files, String dataset) {
        Map<String, List<Map<String, Object>>> rows = new TreeMap<>();
        String root = dataset + "/";
        files.forEach(
                (path, bytes) -> {
                    if (!path.startsWith(root)) {
                        return;
                    }
                    String relative = path.substring(root.length());
                    String name = relative.substring(relative.lastIndexOf('/') + 1);
                    if (name.startsWith(".") || name.startsWith("_")) {
                        return;
                    }
                    assertThat(relative)
                            .as("a committed part file in a partition")
                            .matches(
                                    "(asset_type=[^/]+/)?dt=\\d{4}-\\d{2}-\\d{2}/hour=\\d{2}/"
                                            + dataset
                                            + "-[^/]+\\.parquet");
                    try {
                        rows.computeIfAbsent(
                                        relative.substring(0, relative.lastIndexOf('/')),
                                        p -> new ArrayList<>())
                                .addAll(ParquetFiles.rows(bytes));
                    } catch (IOException e) {
                        throw new UncheckedIOException(path, e);
                    }
                });
        assertThat(rows).as(dataset + " partitions").isNotEmpty();
        return rows;
    }

    private static List<Object> expected(LongFunction<Object> value) {
        return LongStream.range(0, LakeTestJob.COUNT).mapToObj(value).collect(Collectors.toList());
    }

    private static List<Object> values(Map<String, List<Map<String, Object>>> rows, String column) {
        return rows.values().stream()
                .flatMap(Collection::stream)
                .map(r -> r.get(column))
                .collect(Collectors.toList());
    }
}
