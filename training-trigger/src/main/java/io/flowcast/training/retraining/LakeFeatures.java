package io.flowcast.training.retraining;

import io.flowcast.stream.sink.lake.FeatureVectorParquet;
import io.flowcast.stream.sink.lake.LakePartitions;
import io.flowcast.stream.sink.lake.LakeSinks;
import io.flowcast.stream.window.FeatureSpec;
import io.flowcast.training.history.FeatureRow;
import io.flowcast.training.history.FeatureTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * The training rows of one asset type in the lake's {@value FeatureVectorParquet#DATASET} dataset
 * ({@code <lake>/features/asset_type=<type>/dt=YYYY-MM-DD/hour=HH/*.parquet}, schema {@code
 * schemas/lake/features.parquet.txt}), read with parquet-hadoop's reader over local files (no
 * Hadoop file system).
 *
 * <p>Only committed part files count ({@link LakeSinks#isCommittedPartFile}): in-progress and
 * pending files are hidden until the checkpoint that covers them completes, and hidden directories
 * are skipped. A row is selected when it belongs to the asset type and its current feature spec
 * version, its window overlaps the time from the cut-off on (the drift evidence's window start; the
 * window end is exclusive, so: window end after the cut-off), since data from before a sensor
 * offset would teach the old relation, and it has a finite target actual. Hour partitions that end
 * at or before the cut-off are not read. A window seen twice (same asset and window start) counts
 * once. Features are taken from the {@code features} map by the spec's names; an absent or null
 * value is NaN (XGBoost's missing).
 *
 * <p>Committed files never change, so each file is parsed once per instance and kept in memory;
 * {@link #select} can be called repeatedly while waiting for more data. Not thread-safe.
 */
public final class LakeFeatures {

    private static final String ASSET_ID = "asset_id";
    private static final String ASSET_TYPE = "asset_type";
    private static final String SPEC_VERSION = "spec_version";
    private static final String WINDOW_START = "window_start";
    private static final String WINDOW_END = "window_end";
    private static final String FEATURES = "features";
    private static final String TARGET_ACTUAL = "target_actual";
    private static final List<String> COLUMNS =
            List.of(
                    ASSET_ID,
                    ASSET_TYPE,
                    SPEC_VERSION,
                    WINDOW_START,
                    WINDOW_END,
                    FEATURES,
                    TARGET_ACTUAL);

    private final Path lakeRoot;
    private final Map<Path, List<LakeRow>> parsed = new HashMap<>();

    /** Reads under {@code lakeRoot} (the lake's base path; the dataset is its features/). */
    public LakeFeatures(Path lakeRoot) {
        this.lakeRoot = Objects.requireNonNull(lakeRoot, "lakeRoot");
    }

    /** {@code <lake>/features/asset_type=<escaped type>}. */
    public Path partitionDir(String assetType) {
        return lakeRoot.resolve(FeatureVectorParquet.DATASET)
                .resolve("asset_type=" + LakePartitions.escape(assetType));
    }

    /**
     * Selects the training rows of {@code spec}'s asset type and version.
     *
     * @param notBefore the cut-off: the end of the first window of the drift evidence ({@code
     *     DriftEvent.firstWindowEnd}, the request's {@code evidence.windowStart}); rows whose
     *     window ends before it are excluded, the window ending at it is the first post-change one;
     *     null for none
     * @throws IOException if a committed file cannot be read (a corrupt file fails the selection
     *     rather than silently shrinking the data)
     */
    public Selection select(FeatureSpec spec, Instant notBefore) throws IOException {
        long cutOff = notBefore == null ? Long.MIN_VALUE : notBefore.toEpochMilli();
        Path dir = partitionDir(spec.assetType());
        List<Path> files = committedFiles(dir, cutOff);
        Map<String, FeatureRow> rows = new LinkedHashMap<>();
        Selection s = new Selection(spec, dir, notBefore);
        s.files = files.size();
        for (Path file : files) {
            List<LakeRow> fileRows = parsed.get(file);
            if (fileRows == null) {
                fileRows = read(file);
                parsed.put(file, fileRows);
            }
            for (LakeRow row : fileRows) {
                s.rowsRead++;
                if (!spec.assetType().equals(row.assetType)) {
                    s.otherAssetType++;
                } else if (row.specVersion != spec.version()) {
                    s.otherSpecVersion++;
                } else if (row.windowEnd < cutOff) {
                    s.beforeCutOff++;
                } else if (row.target == null || !Double.isFinite(row.target)) {
                    s.withoutTarget++;
                } else {
                    String key = row.assetId + '@' + row.windowStart;
                    if (rows.putIfAbsent(key, row.toFeatureRow(spec)) != null) {
                        s.duplicates++;
                    } else {
                        s.firstWindowStart = Math.min(s.firstWindowStart, row.windowStart);
                        s.lastWindowEnd = Math.max(s.lastWindowEnd, row.windowEnd);
                    }
                }
            }
        }
        List<FeatureRow> sorted = new ArrayList<>(rows.values());
        sorted.sort(
                Comparator.comparingLong(FeatureRow::windowStart)
                        .thenComparing(FeatureRow::assetId));
        s.table = new FeatureTable(spec, sorted);
        return s;
    }

    /** The committed part files under {@code dir} in partitions that may end after cutOff. */
    private static List<Path> committedFiles(Path dir, long cutOff) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> LakeSinks.isCommittedPartFile(p.getFileName().toString()))
                    .filter(p -> !hiddenBelow(dir, p))
                    .filter(p -> Files.isRegularFile(p))
                    .filter(p -> !partitionEndsBefore(dir.relativize(p), cutOff))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static boolean hiddenBelow(Path dir, Path file) {
        for (Path segment : dir.relativize(file)) {
            if (segment.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the relative path's {@code dt=}/{@code hour=} partition (the hour of the window
     * end) ends at or before {@code cutOff}; false when it cannot tell.
     */
    static boolean partitionEndsBefore(Path relative, long cutOff) {
        String dt = null;
        String hour = null;
        for (Path segment : relative) {
            String s = segment.toString();
            if (s.startsWith("dt=")) {
                dt = s.substring(3);
            } else if (s.startsWith("hour=")) {
                hour = s.substring(5);
            }
        }
        if (dt == null || hour == null) {
            return false;
        }
        try {
            long hourStart =
                    LocalDate.parse(dt)
                            .atTime(Integer.parseInt(hour), 0)
                            .toInstant(ZoneOffset.UTC)
                            .toEpochMilli();
            return hourStart + Duration.ofHours(1).toMillis() <= cutOff;
        } catch (DateTimeParseException | NumberFormatException e) {
            return false; // not a partition this reader understands: read it
        }
    }

    private static List<LakeRow> read(Path file) throws IOException {
        List<LakeRow> rows = new ArrayList<>();
        try (ParquetReader<Group> reader =
                new ParquetReader.Builder<Group>(new NioInputFile(file)) {
                    @Override
                    protected ReadSupport<Group> getReadSupport() {
                        return new ProjectingReadSupport();
                    }
                }.withConf(new Configuration(false)).build()) {
            for (Group g = reader.read(); g != null; g = reader.read()) {
                rows.add(LakeRow.of(g));
            }
        } catch (RuntimeException e) {
            // Parquet reports corrupt or foreign files with unchecked exceptions.
            throw new IOException("cannot read " + file + ": " + e, e);
        }
        return rows;
    }

    /** Reads only the columns the selection needs (those present in the file). */
    private static final class ProjectingReadSupport extends GroupReadSupport {
        @Override
        public ReadContext init(InitContext context) {
            MessageType file = context.getFileSchema();
            List<Type> fields = new ArrayList<>();
            for (String column : COLUMNS) {
                if (file.containsField(column)) {
                    fields.add(file.getType(column));
                }
            }
            return new ReadContext(new MessageType(file.getName(), fields));
        }
    }

    /** The columns of one lake row the selection uses. */
    private static final class LakeRow {
        String assetId;
        String assetType;
        int specVersion;
        long windowStart;
        long windowEnd;
        Map<String, Double> features;
        Double target;

        static LakeRow of(Group g) {
            LakeRow r = new LakeRow();
            r.assetId = has(g, ASSET_ID) ? g.getString(ASSET_ID, 0) : "";
            r.assetType = has(g, ASSET_TYPE) ? g.getString(ASSET_TYPE, 0) : null;
            r.specVersion = has(g, SPEC_VERSION) ? g.getInteger(SPEC_VERSION, 0) : -1;
            r.windowStart = has(g, WINDOW_START) ? g.getLong(WINDOW_START, 0) : Long.MIN_VALUE;
            r.windowEnd = has(g, WINDOW_END) ? g.getLong(WINDOW_END, 0) : Long.MIN_VALUE;
            r.target = has(g, TARGET_ACTUAL) ? g.getDouble(TARGET_ACTUAL, 0) : null;
            r.features = new HashMap<>();
            if (has(g, FEATURES)) {
                Group map = g.getGroup(FEATURES, 0);
                int n = map.getFieldRepetitionCount(0);
                for (int i = 0; i < n; i++) {
                    Group kv = map.getGroup(0, i);
                    r.features.put(
                            kv.getString(0, 0),
                            kv.getFieldRepetitionCount(1) == 0 ? null : kv.getDouble(1, 0));
                }
            }
            return r;
        }

        private static boolean has(Group g, String field) {
            return g.getType().containsField(field) && g.getFieldRepetitionCount(field) > 0;
        }

        FeatureRow toFeatureRow(FeatureSpec spec) {
            List<String> names = spec.featureNames();
            float[] values = new float[names.size()];
            for (int i = 0; i < values.length; i++) {
                Double v = features.get(names.get(i));
                values[i] = v == null ? Float.NaN : v.floatValue();
            }
            return new FeatureRow(assetId, windowStart, values, target);
        }
    }

    /**
     * What {@link #select} found: the rows (as a {@link FeatureTable}, by window start, then asset)
     * and the counts of rows left out and why.
     */
    public static final class Selection {
        private final FeatureSpec spec;
        private final Path directory;
        private final Instant notBefore;
        private FeatureTable table;
        private int files;
        private int rowsRead;
        private int otherAssetType;
        private int otherSpecVersion;
        private int beforeCutOff;
        private int withoutTarget;
        private int duplicates;
        private long firstWindowStart = Long.MAX_VALUE;
        private long lastWindowEnd = Long.MIN_VALUE;

        private Selection(FeatureSpec spec, Path directory, Instant notBefore) {
            this.spec = spec;
            this.directory = directory;
            this.notBefore = notBefore;
        }

        /** The selected rows. */
        public FeatureTable table() {
            return table;
        }

        public int rows() {
            return table.size();
        }

        public FeatureSpec spec() {
            return spec;
        }

        /** The asset type's partition directory that was read. */
        public Path directory() {
            return directory;
        }

        /** The cut-off, or null. */
        public Instant notBefore() {
            return notBefore;
        }

        /** Committed part files read. */
        public int files() {
            return files;
        }

        /** Rows in those files, before any selection. */
        public int rowsRead() {
            return rowsRead;
        }

        /** Rows of the asset type's partition naming another asset type. */
        public int otherAssetType() {
            return otherAssetType;
        }

        /** Rows of another feature spec version. */
        public int otherSpecVersion() {
            return otherSpecVersion;
        }

        /** Rows whose window ended at or before the cut-off. */
        public int beforeCutOff() {
            return beforeCutOff;
        }

        /** Rows dropped because the target actual was missing. */
        public int withoutTarget() {
            return withoutTarget;
        }

        /** Repeated windows (same asset, same window start) dropped. */
        public int duplicates() {
            return duplicates;
        }

        /** The earliest selected window start; null when nothing was selected. */
        public Instant firstWindowStart() {
            return rows() == 0 ? null : Instant.ofEpochMilli(firstWindowStart);
        }

        /** The latest selected window end; null when nothing was selected. */
        public Instant lastWindowEnd() {
            return rows() == 0 ? null : Instant.ofEpochMilli(lastWindowEnd);
        }

        /** One line for the console. */
        public String describe() {
            StringBuilder sb = new StringBuilder();
            sb.append(rows())
                    .append(" rows of ")
                    .append(spec.assetType())
                    .append(" spec v")
                    .append(spec.version());
            if (notBefore != null) {
                sb.append(" with window end >= ").append(notBefore);
            }
            if (rows() > 0) {
                sb.append(" (windows ")
                        .append(firstWindowStart())
                        .append(" .. ")
                        .append(lastWindowEnd())
                        .append(')');
            }
            sb.append(" from ").append(files).append(" committed files; left out: ");
            sb.append(beforeCutOff).append(" before the cut-off, ");
            sb.append(withoutTarget).append(" without target, ");
            sb.append(otherSpecVersion).append(" of another spec version");
            if (otherAssetType > 0) {
                sb.append(", ").append(otherAssetType).append(" of another asset type");
            }
            if (duplicates > 0) {
                sb.append(", ").append(duplicates).append(" repeated windows");
            }
            return sb.toString();
        }
    }
}
