package io.flowcast.stream.sink.warehouse;

import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.drift.DriftEvent;
import io.flowcast.stream.inference.Prediction;
import io.flowcast.stream.inference.PredictionJson;
import java.io.Serializable;

/**
 * Turns a stream element into the {@link WarehouseRow} of one table. Serializable: it is part of
 * the {@link WarehouseSink}.
 *
 * @param <T> the stream element type
 */
@FunctionalInterface
public interface WarehouseRowMapper<T> extends Serializable {

    /**
     * The element's row.
     *
     * @throws IllegalArgumentException if the element cannot be a row (e.g. a prediction without an
     *     id)
     */
    WarehouseRow map(T element);

    /** Predictions, with their model input features as the JSON {@code features} column. */
    static WarehouseRowMapper<Prediction> predictions() {
        return p -> PredictionRow.of(p, PredictionJson.featuresJsonString(p));
    }

    /** Dead letters, keyed on their deterministic id ({@link DeadLetterRow#idOf}). */
    static WarehouseRowMapper<DeadLetter> deadLetters() {
        return DeadLetterRow::of;
    }

    /** Drift events, one row per episode, keyed on the episode id ({@link DriftEventRow#idOf}). */
    static WarehouseRowMapper<DriftEvent> driftEvents() {
        return DriftEventRow::of;
    }
}
