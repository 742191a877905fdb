package io.flowcast.stream.sink.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.testing.MiniClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
                        Duration.ofMinutes(10),
                        LakeCompression.SNAPPY,
                        LakeConfig.MIN_ROW_GROUP_BYTES);

        LakeTestJob.run(config, true);

        assertThat(LakeTestJob.FAILED.values()).allSatisfy(f -> assertThat(f).isTrue());
        try (Stream<Path> datasets = Files.list(lake)) {
            assertThat(datasets.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("predictions", "features", "dead-letters");
        }
        LakeAssertions.assertEveryRecordOnce(lake);
    }
}
