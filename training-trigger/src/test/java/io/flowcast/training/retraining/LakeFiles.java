package io.flowcast.training.retraining;

import io.flowcast.stream.sink.lake.FeatureVectorParquet;
import io.flowcast.stream.sink.lake.LakeCompression;
import io.flowcast.stream.sink.lake.LakeParquetWriters;
import io.flowcast.stream.sink.lake.LakePartitions;
import io.flowcast.stream.window.FeatureSpec;
import io.flowcast.stream.window.FeatureVector;
import io.flowcast.training.history.FeatureRow;
import io.flowcast.training.history.FeatureTable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * Writes feature vectors into a lake directory the way the job's lake sink does: the job's own
 * Parquet writer ({@link LakeParquetWriters#newWriter} with {@link FeatureVectorParquet}), one file
 * per {@code asset_type=/dt=/hour=} partition ({@link LakePartitions}), committed names ({@code
 * features-<uuid>-0.parquet}) or hidden in-progress names as FileSink has them before a checkpoint.
 */
final class LakeFiles {

    private LakeFiles() {}

    /** Writes committed part files (one per partition); returns them. */
    static List<Path> writeCommitted(Path lake, List<FeatureVector> vectors) throws IOException {
        return write(lake, vectors, false);
    }

    /** Writes in-progress (hidden) part files, as FileSink before the covering checkpoint. */
    static List<Path> writeInProgress(Path lake, List<FeatureVector> vectors) throws IOException {
        return write(lake, vectors, true);
    }

    /** Renames an in-progress file to its committed name, as FileSink's commit does. */
    static Path commit(Path inProgress) throws IOException {
        String name = inProgress.getFileName().toString();
        String committed = name.substring(1, name.indexOf(".inprogress."));
        return Files.move(inProgress, inProgress.resolveSibling(committed));
    }

    private static List<Path> write(Path lake, List<FeatureVector> vectors, boolean inProgress)
            throws IOException {
        Map<String, List<FeatureVector>> byPartition = new LinkedHashMap<>();
        for (FeatureVector v : vectors) {
            byPartition.computeIfAbsent(LakePartitions.of(v), k -> new ArrayList<>()).add(v);
        }
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, List<FeatureVector>> e : byPartition.entrySet()) {
            Path dir = lake.resolve(FeatureVectorParquet.DATASET).resolve(e.getKey());
            Files.createDirectories(dir);
            String part = "features-" + UUID.randomUUID() + "-0.parquet";
            Path file =
                    dir.resolve(
                            inProgress ? "." + part + ".inprogress." + UUID.randomUUID() : part);
            try (ParquetWriter<FeatureVector> writer =
                    LakeParquetWriters.newWriter(
                            new NioOutputFile(file),
                            new FeatureVectorParquet(),
                            LakeCompression.SNAPPY,
                            1 << 20)) {
                for (FeatureVector v : e.getValue()) {
                    writer.write(v);
                }
            }
            files.add(file);
        }
        return files;
    }

    /** The job's feature vectors for a table's rows (NaN features become nulls). */
    static List<FeatureVector> vectors(FeatureTable table, Duration window) {
        List<FeatureVector> out = new ArrayList<>();
        for (FeatureRow row : table.rows()) {
            out.add(vector(table.spec(), row, window));
        }
        return out;
    }

    static FeatureVector vector(FeatureSpec spec, FeatureRow row, Duration window) {
        FeatureVector v = new FeatureVector();
        v.assetId = row.assetId();
        v.assetType = spec.assetType();
        v.specVersion = spec.version();
        v.windowStart = row.windowStart();
        v.windowEnd = row.windowStart() + window.toMillis();
        v.featureNames = spec.featureNames().toArray(new String[0]);
        v.features = new Double[v.featureNames.length];
        for (int i = 0; i < v.features.length; i++) {
            float f = row.feature(i);
            v.features[i] = Float.isNaN(f) ? null : (double) f;
        }
        v.targetSignal = spec.targetSignal();
        v.targetStatistic = spec.target().name();
        v.targetActual = row.target();
        v.sampleCount = 60;
        v.signals = spec.signals().toArray(new String[0]);
        v.signalSampleCounts = new int[v.signals.length];
        v.missingSignals = new String[0];
        v.carriedForward = new String[0];
        return v;
    }

    /** A local file as Parquet's OutputFile (the sink writes through Flink's streams instead). */
    private static final class NioOutputFile implements OutputFile {
        private final Path file;

        NioOutputFile(Path file) {
            this.file = file;
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) throws IOException {
            return stream(StandardOpenOption.CREATE_NEW);
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
            return stream(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        }

        private PositionOutputStream stream(StandardOpenOption... options) throws IOException {
            OutputStream out = Files.newOutputStream(file, appendWrite(options));
            return new PositionOutputStream() {
                private long pos;

                @Override
                public long getPos() {
                    return pos;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    pos++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    pos += len;
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            };
        }

        private static StandardOpenOption[] appendWrite(StandardOpenOption... options) {
            StandardOpenOption[] all = new StandardOpenOption[options.length + 1];
            System.arraycopy(options, 0, all, 0, options.length);
            all[options.length] = StandardOpenOption.WRITE;
            return all;
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }
}
