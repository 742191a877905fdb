package io.flowcast.stream.sink.warehouse;

import java.util.List;

/**
 * One row for a {@link WarehouseTable}: its key and its values in the table's column order. Values
 * are Java objects of the column's {@link WarehouseColumn.Type} ({@code String}, {@code Integer},
 * {@code Long}, {@code Double}, {@code Boolean}; epoch-ms {@code Long} for timestamps, JSON text
 * for semi-structured columns) or {@code null}. Rows never reach SQL text: they are only bound.
 */
public interface WarehouseRow {

    /** The table the row belongs to. */
    WarehouseTable table();

    /** The value of the table's key column; never null. */
    String key();

    /** The values in {@link WarehouseTable#columns()} order, the key first. */
    List<Object> values();
}
