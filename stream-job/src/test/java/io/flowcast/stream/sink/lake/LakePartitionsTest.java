package io.flowcast.stream.sink.lake;

import static io.flowcast.stream.sink.lake.LakeRecords.HOUR_04;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.drift.DriftEvent;
import io.flowcast.stream.inference.Prediction;
import io.flowcast.stream.testing.SampleDriftEvents;
import org.junit.jupiter.api.Test;

/** Partition paths: event time in UTC, Hive-style, and path-safe whatever the asset type. */
class LakePartitionsTest {

    @Test
    void predictionsAndFeaturesArePartitionedByAssetTypeAndWindowEndHour() {
        Prediction p = LakeRecords.prediction("pump-7", "pump", HOUR_04 + 59 * 60_000L);

        assertThat(LakePartitions.of(p)).isEqualTo("asset_type=pump/dt=2026-11-22/hour=04");
        assertThat(LakePartitions.of(LakeRecords.vector("m-1", "motor", HOUR_04)))
                .isEqualTo("asset_type=motor/dt=2026-11-22/hour=04");
    }

    @Test
    void aWindowEndingOnTheHourBelongsToThatHour() {
        assertThat(LakePartitions.hour(HOUR_04 - 1)).isEqualTo("dt=2026-11-22/hour=03");
        assertThat(LakePartitions.hour(HOUR_04)).isEqualTo("dt=2026-11-22/hour=04");
    }

    @Test
    void datesAreUtcAcrossMidnightAndTheYear() {
        assertThat(LakePartitions.hour(0L)).isEqualTo("dt=1970-01-01/hour=00");
        // 2026-12-31T23:59:59.999Z and one millisecond later.
        long newYear = 1_798_761_600_000L;
        assertThat(LakePartitions.hour(newYear - 1)).isEqualTo("dt=2026-12-31/hour=23");
        assertThat(LakePartitions.hour(newYear)).isEqualTo("dt=2027-01-01/hour=00");
    }

    @Test
    void deadLettersUseArrivalTimeElseDetectionTime() {
        DeadLetter parse = LakeRecords.deadLetter("1", HOUR_04 - 1);
        parse.detectedAtMillis = HOUR_04 + 10;
        DeadLetter later = LakeRecords.laterStageDeadLetter(HOUR_04 + 10);

        assertThat(LakePartitions.of(parse)).isEqualTo("dt=2026-11-22/hour=03");
        assertThat(LakePartitions.of(later)).isEqualTo("dt=2026-11-22/hour=04");
    }

    @Test
    void driftEventsArePartitionedByAssetTypeAndTheHourOfTheirLastWindowEnd() {
        // The episode's first window ends in hour 03, its last in hour 04: detection time counts.
        DriftEvent e =
                SampleDriftEvents.psi("pump", "v0003", "Load.mean", HOUR_04 + LakeRecords.MINUTE);
        e.firstWindowEnd = HOUR_04 - 10 * LakeRecords.MINUTE;
        DriftEvent replayed = SampleDriftEvents.copyOf(e);
        DriftEvent odd = SampleDriftEvents.residualRmse("../pump", "v1", HOUR_04 - 1);

        assertThat(LakePartitions.of(e)).isEqualTo("asset_type=pump/dt=2026-11-22/hour=04");
        assertThat(LakePartitions.of(replayed)).isEqualTo(LakePartitions.of(e));
        assertThat(LakePartitions.of(odd))
                .isEqualTo("asset_type=%2E%2E%2Fpump/dt=2026-11-22/hour=03");
    }

    @Test
    void ordinaryAssetTypesAreKeptAsTheyAre() {
        assertThat(LakePartitions.escape("pump")).isEqualTo("pump");
        assertThat(LakePartitions.escape("Heat_Exchanger-2")).isEqualTo("Heat_Exchanger-2");
    }

    @Test
    void unsafeAssetTypesCannotAddLevelsClimbOrHideFiles() {
        assertThat(LakePartitions.escape("../etc")).isEqualTo("%2E%2E%2Fetc");
        assertThat(LakePartitions.escape("a/b")).isEqualTo("a%2Fb");
        assertThat(LakePartitions.escape(".hidden")).isEqualTo("%2Ehidden");
        assertThat(LakePartitions.escape("x=1")).isEqualTo("x%3D1");
        assertThat(LakePartitions.escape("pompe à eau")).isEqualTo("pompe%20%C3%A0%20eau");
        assertThat(LakePartitions.escape("a\\b:c")).isEqualTo("a%5Cb%3Ac");
    }

    @Test
    void aMissingAssetTypeIsHivesNullPartition() {
        assertThat(LakePartitions.assetTypeHour(null, HOUR_04))
                .isEqualTo("asset_type=__HIVE_DEFAULT_PARTITION__/dt=2026-11-22/hour=04");
        assertThat(LakePartitions.escape("")).isEqualTo(LakePartitions.NULL_PARTITION);
    }

    @Test
    void anEventTimeBeyondFourDigitYearsIsRejected() {
        assertThatThrownBy(() -> LakePartitions.hour(Long.MAX_VALUE / 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside years 1000-9999");
    }
}
