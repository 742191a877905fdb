package io.flowcast.stream.sink.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.config.RepoPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code schemas/lake/<dataset>.parquet.txt} is exactly the Parquet schema the writers use, so the
 * documented columns cannot drift from the files. Run with {@code -Dflowcast.lake.schemas.write} to
 * regenerate them after a deliberate schema change.
 */
class LakeSchemaFilesTest {

    @Test
    void documentedSchemasMatchTheWriters() throws Exception {
        for (ParquetRecordMapper<?> mapper :
                List.of(
                        new PredictionParquet(),
                        new FeatureVectorParquet(),
                        new DeadLetterParquet(),
                        new DriftEventParquet())) {
            Path file =
                    RepoPaths.repoDir()
                            .resolve("schemas/lake/" + mapper.dataset() + ".parquet.txt");
            String schema = mapper.schema().toString();
            if (System.getProperty("flowcast.lake.schemas.write") != null) {
                Files.writeString(file, schema, StandardCharsets.UTF_8);
            }
            assertThat(file).as(mapper.dataset()).exists();
            assertThat(Files.readString(file, StandardCharsets.UTF_8))
                    .as(file + " (regenerate with -Dflowcast.lake.schemas.write)")
                    .isEqualTo(schema);
        }
    }
}
