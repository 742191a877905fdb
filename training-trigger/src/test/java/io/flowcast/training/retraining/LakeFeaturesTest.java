package io.flowcast.training.retraining;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.window.FeatureSpec;
import io.flowcast.stream.window.FeatureSpecs;
import io.flowcast.stream.window.FeatureVector;
import io.flowcast.training.history.FeatureRow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which lake rows become training data: real Parquet files written by the job's lake writer, read
 * back by {@link LakeFeatures}. Post-change rows only (window end after the cut-off), committed
 * files only, the asset type's partition and spec version only, rows without a target dropped,
 * repeated windows counted once.
 */
class LakeFeaturesTest {

    private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
    private static final Instant CUT_OFF = T0.plus(Duration.ofHours(2));
    private static final Duration WINDOW = Duration.ofSeconds(60);

    @TempDir Path lake;

    private FeatureSpec pump;
    private FeatureSpec compressor;

    @BeforeEach
    void specs() {
        FeatureSpecs specs = FeatureSpecs.loadFromClasspath(List.of("pump", "compressor"));
        pump = specs.forType("pump");
        compressor = specs.forType("compressor");
    }

    /** Rows of two pumps every 10 minutes from T0 for 4 hours: 24 before the cut-off, 24 after. */
    private List<FeatureVector> pumpHistory() {
        List<FeatureVector> out = new ArrayList<>();
        for (int m = 0; m < 240; m += 10) {
            for (String asset : List.of("SiteA/Line1/Pump-001", "SiteA/Line1/Pump-002")) {
                out.add(vector(pump, asset, T0.plus(Duration.ofMinutes(m)), 40 + m / 10.0));
            }
        }
        return out;
    }

    private static FeatureVector vector(FeatureSpec spec, String asset, Instant start, double y) {
        float[] features = new float[spec.featureCount()];
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) (y / 10 + i);
        }
        return LakeFiles.vector(
                spec, new FeatureRow(asset, start.toEpochMilli(), features, y), WINDOW);
    }

    private static List<String> keys(LakeFeatures.Selection s) {
        return s.table().rows().stream()
                .map(r -> r.assetId() + "@" + Instant.ofEpochMilli(r.windowStart()))
                .collect(Collectors.toList());
    }

    @Test
    void selectsCommittedPostChangeRowsOfTheTypeAndSpecVersionWithATarget() throws Exception {
        LakeFiles.writeCommitted(lake, pumpHistory());
        // Windows at the boundary: one ends exactly at the cut-off (the evidence's windowStart is
        // the end of the first drifted window, so this is it), one straddles it, one ends before.
        FeatureVector endsAtCutOff =
                vector(pump, "SiteA/Line2/Pump-003", CUT_OFF.minus(WINDOW), 50);
        FeatureVector straddles =
                vector(pump, "SiteA/Line2/Pump-003", CUT_OFF.minusSeconds(30), 51);
        FeatureVector endsBefore =
                vector(pump, "SiteA/Line2/Pump-003", CUT_OFF.minus(WINDOW).minusSeconds(1), 49);
        // After the cut-off but not usable: no target (3), another spec version (4).
        List<FeatureVector> unusable = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            FeatureVector v =
                    vector(pump, "SiteB/Line1/Pump-004", CUT_OFF.plus(Duration.ofMinutes(i)), 1);
            v.targetActual = null;
            unusable.add(v);
        }
        for (int i = 0; i < 4; i++) {
            FeatureVector v =
                    vector(pump, "SiteB/Line1/Pump-005", CUT_OFF.plus(Duration.ofMinutes(i)), 1);
            v.specVersion = pump.version() + 1;
            unusable.add(v);
        }
        // A feature the job could not compute: missing, not zero.
        FeatureVector gap = vector(pump, "SiteB/Line2/Pump-006", CUT_OFF.plusSeconds(600), 45);
        gap.features[6] = null;
        List<FeatureVector> more =
                new ArrayList<>(List.of(endsBefore, endsAtCutOff, straddles, gap));
        more.addAll(unusable);
        LakeFiles.writeCommitted(lake, more);
        // The same window again in another committed file (a replayed write): counted once.
        LakeFiles.writeCommitted(lake, List.of(pumpHistory().get(47)));
        // Not visible yet: FileSink's in-progress file before the checkpoint.
        LakeFiles.writeInProgress(
                lake, List.of(vector(pump, "SiteC/Line1/Pump-007", CUT_OFF.plusSeconds(60), 60)));
        // Another asset type.
        LakeFiles.writeCommitted(
                lake,
                List.of(vector(compressor, "SiteA/Line1/Comp-001", CUT_OFF.plusSeconds(60), 70)));

        LakeFeatures.Selection s = new LakeFeatures(lake).select(pump, CUT_OFF);

        List<String> expected = new ArrayList<>();
        expected.add("SiteA/Line2/Pump-003@" + CUT_OFF.minus(WINDOW));
        expected.add("SiteA/Line2/Pump-003@" + CUT_OFF.minusSeconds(30));
        for (int m = 120; m < 240; m += 10) {
            expected.add("SiteA/Line1/Pump-001@" + T0.plus(Duration.ofMinutes(m)));
            expected.add("SiteA/Line1/Pump-002@" + T0.plus(Duration.ofMinutes(m)));
            if (m == 130) {
                expected.add("SiteB/Line2/Pump-006@" + CUT_OFF.plusSeconds(600));
            }
        }
        assertThat(keys(s)).as("in time order, then by asset").isEqualTo(expected);
        assertThat(s.withoutTarget()).isEqualTo(3);
        assertThat(s.otherSpecVersion()).isEqualTo(4);
        assertThat(s.duplicates()).isEqualTo(1);
        assertThat(s.otherAssetType()).isZero();
        // Hour partitions 00 and 01 (window ends before the cut-off) are not even read; of the
        // files read none ends before the cut-off: the window that ends a second before it is in
        // hour 01 too.
        assertThat(s.beforeCutOff()).isZero();
        assertThat(s.files()).isEqualTo(4); // history 02 + 03, the extra rows 02, the repeat 03
        assertThat(s.firstWindowStart()).isEqualTo(CUT_OFF.minus(WINDOW));
        assertThat(s.lastWindowEnd()).isEqualTo(T0.plus(Duration.ofMinutes(231)));

        FeatureRow withGap =
                s.table().rows().stream()
                        .filter(r -> r.assetId().equals("SiteB/Line2/Pump-006"))
                        .findFirst()
                        .orElseThrow();
        assertThat(withGap.target()).isEqualTo(45.0);
        assertThat(withGap.feature(0)).isEqualTo(4.5f);
        assertThat(withGap.feature(6)).isNaN();
        assertThat(s.table().featureNames()).isEqualTo(pump.featureNames());
    }

    @Test
    void withoutACutOffEveryCommittedRowOfTheSpecVersionCounts() throws Exception {
        LakeFiles.writeCommitted(lake, pumpHistory());

        LakeFeatures.Selection s = new LakeFeatures(lake).select(pump, null);

        assertThat(s.rows()).isEqualTo(48);
        assertThat(s.beforeCutOff()).isZero();
        assertThat(s.firstWindowStart()).isEqualTo(T0);
    }

    @Test
    void aFileCommittedLaterIsSeenByTheNextSelection() throws Exception {
        LakeFiles.writeCommitted(lake, pumpHistory());
        List<FeatureVector> late = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            late.add(vector(pump, "SiteC/Line1/Pump-007", CUT_OFF.plus(Duration.ofMinutes(i)), 9));
        }
        Path pending = LakeFiles.writeInProgress(lake, late).get(0);
        LakeFeatures features = new LakeFeatures(lake);
        assertThat(features.select(pump, CUT_OFF).rows()).isEqualTo(24);

        LakeFiles.commit(pending);

        assertThat(features.select(pump, CUT_OFF).rows()).isEqualTo(29);
    }

    @Test
    void anEmptyOrMissingLakeSelectsNothing() throws Exception {
        LakeFeatures.Selection s = new LakeFeatures(lake.resolve("nowhere")).select(pump, CUT_OFF);
        assertThat(s.rows()).isZero();
        assertThat(s.files()).isZero();
        assertThat(s.firstWindowStart()).isNull();
        assertThat(s.describe()).startsWith("0 rows of pump spec v1");
    }
}
