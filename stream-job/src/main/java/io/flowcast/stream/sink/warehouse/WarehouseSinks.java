package io.flowcast.stream.sink.warehouse;

import io.flowcast.stream.deadletter.DeadLetter;
import io.flowcast.stream.drift.DriftEvent;
import io.flowcast.stream.inference.Prediction;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Builds the warehouse sinks the pipeline wires: predictions into {@link
 * WarehouseTable#PREDICTIONS}, dead letters into {@link WarehouseTable#DEAD_LETTERS} and drift
 * events into {@link WarehouseTable#DRIFT_EVENTS}, on the engine of the {@link WarehouseConfig}
 * (Snowflake in production, the local PostgreSQL otherwise).
 */
public final class WarehouseSinks {

    private WarehouseSinks() {}

    /**
     * The predictions sink (features in the semi-structured {@code features} column).
     *
     * @throws IllegalArgumentException if the configuration is disabled ({@code engine=none})
     */
    public static Sink<Prediction> predictions(WarehouseConfig config) {
        return new WarehouseSink<>(
                config, WarehouseTable.PREDICTIONS, WarehouseRowMapper.predictions());
    }

    /**
     * The dead-letter sink.
     *
     * @throws IllegalArgumentException if the configuration is disabled ({@code engine=none})
     */
    public static Sink<DeadLetter> deadLetters(WarehouseConfig config) {
        return new WarehouseSink<>(
                config, WarehouseTable.DEAD_LETTERS, WarehouseRowMapper.deadLetters());
    }

    /**
     * The drift-event sink: one row per drift episode, upserted on its episode id, so a replayed
     * event never adds a row. Drift events are rare (a few per model per day): they are written at
     * the flush interval or the next checkpoint, whichever comes first.
     *
     * @throws IllegalArgumentException if the configuration is disabled ({@code engine=none})
     */
    public static Sink<DriftEvent> driftEvents(WarehouseConfig config) {
        return new WarehouseSink<>(
                config, WarehouseTable.DRIFT_EVENTS, WarehouseRowMapper.driftEvents());
    }
}
