package io.flowcast.stream.sink.warehouse;

import io.flowcast.stream.drift.DriftEvent;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A {@link DriftEvent} as a row of {@link WarehouseTable#DRIFT_EVENTS}: one row per drift episode,
 * keyed on the event's deterministic {@linkplain #idOf episode id}, so a replayed event upserts the
 * same row. Every field of the event is a column ({@code value} as {@code metric_value}; the window
 * ends as UTC timestamps). Immutable.
 */
public final class DriftEventRow implements WarehouseRow {

    private final String episodeId;
    private final List<Object> values;

    private DriftEventRow(String episodeId, List<Object> values) {
        this.episodeId = episodeId;
        this.values = values;
    }

    /** The row of {@code event}, keyed on {@link #idOf(DriftEvent)}. */
    public static DriftEventRow of(DriftEvent event) {
        Objects.requireNonNull(event, "event");
        String id = idOf(event);
        List<Object> values =
                Arrays.asList(
                        id,
                        event.assetType,
                        event.modelVersion,
                        event.metric,
                        event.feature,
                        event.value,
                        event.threshold,
                        event.firstWindowEnd,
                        event.lastWindowEnd,
                        event.sampleCount,
                        event.evaluations);
        return new DriftEventRow(id, Collections.unmodifiableList(values));
    }

    /**
     * The event's episode id: its {@code episodeId}, or, should an event ever arrive without one,
     * the same deterministic id recomputed with {@link DriftEvent#episodeIdOf} (asset type, model
     * version, metric, feature, first window end), so a replay still lands on one row and one
     * retraining execution.
     */
    public static String idOf(DriftEvent event) {
        if (event.episodeId != null && !event.episodeId.isEmpty()) {
            return event.episodeId;
        }
        return DriftEvent.episodeIdOf(
                event.assetType,
                event.modelVersion,
                event.metric,
                event.feature,
                event.firstWindowEnd);
    }

    @Override
    public WarehouseTable table() {
        return WarehouseTable.DRIFT_EVENTS;
    }

    @Override
    public String key() {
        return episodeId;
    }

    @Override
    public List<Object> values() {
        return values;
    }

    @Override
    public String toString() {
        return "DriftEventRow" + values;
    }
}
