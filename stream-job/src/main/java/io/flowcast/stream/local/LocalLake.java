package io.flowcast.stream.local;

import io.flowcast.stream.sink.lake.LakeSinks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What the local run's data lake directory holds, for the run's summary. */
final class LocalLake {

    private LocalLake() {}

    /**
     * For each dataset, the number of committed Parquet files below {@code lake/<dataset>} (files
     * still in progress are hidden, their names start with a dot), e.g. {@code predictions 4
     * files}.
     */
    static String describe(Path lake, List<String> datasets) {
        StringBuilder text = new StringBuilder();
        for (String dataset : datasets) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(dataset).append(' ').append(committedFiles(lake.resolve(dataset)));
            text.append(" files");
        }
        return text.toString();
    }

    static long committedFiles(Path dataset) {
        if (!Files.isDirectory(dataset)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dataset)) {
            return files.filter(Files::isRegularFile)
                    .map(f -> f.getFileName().toString())
                    .filter(LakeSinks::isCommittedPartFile)
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
