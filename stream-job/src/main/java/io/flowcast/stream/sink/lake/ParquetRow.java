package io.flowcast.stream.sink.lake;

import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes the columns of one row through Parquet's {@link RecordConsumer}: scalars, timestamps,
 * {@code MAP<string, double|int>} and {@code LIST<string>}, in the three-level layouts the Parquet
 * format specifies for maps and lists. A null value, or a map/list given as null, is skipped: the
 * column is optional. Field positions come from the schema by name, so a mapper cannot write a
 * value into the wrong column.
 */
public final class ParquetRow {

    private final MessageType schema;
    private RecordConsumer consumer;

    ParquetRow(MessageType schema) {
        this.schema = schema;
    }

    void attach(RecordConsumer consumer) {
        this.consumer = consumer;
    }

    void start() {
        consumer.startMessage();
    }

    void end() {
        consumer.endMessage();
    }

    public void string(String column, String value) {
        if (value != null) {
            int index = schema.getFieldIndex(column);
            consumer.startField(column, index);
            consumer.addBinary(Binary.fromString(value));
            consumer.endField(column, index);
        }
    }

    public void int64(String column, long value) {
        int index = schema.getFieldIndex(column);
        consumer.startField(column, index);
        consumer.addLong(value);
        consumer.endField(column, index);
    }

    /** A TIMESTAMP(MILLIS, UTC) column. */
    public void timestamp(String column, Long epochMillis) {
        if (epochMillis != null) {
            int64(column, epochMillis);
        }
    }

    public void int32(String column, Integer value) {
        if (value != null) {
            int index = schema.getFieldIndex(column);
            consumer.startField(column, index);
            consumer.addInteger(value);
            consumer.endField(column, index);
        }
    }

    public void float64(String column, Double value) {
        if (value != null) {
            int index = schema.getFieldIndex(column);
            consumer.startField(column, index);
            consumer.addDouble(value);
            consumer.endField(column, index);
        }
    }

    public void bool(String column, boolean value) {
        int index = schema.getFieldIndex(column);
        consumer.startField(column, index);
        consumer.addBoolean(value);
        consumer.endField(column, index);
    }

    /** A {@code MAP<string, double>}: keys in the given order, a null value kept as null. */
    public void doubleMap(String column, String[] keys, Double[] values) {
        if (keys == null || values == null) {
            return;
        }
        checkAligned(column, keys.length, values.length);
        startMap(column, keys.length);
        for (int i = 0; i < keys.length; i++) {
            consumer.startGroup();
            key(keys[i]);
            if (values[i] != null) {
                consumer.startField("value", 1);
                consumer.addDouble(values[i]);
                consumer.endField("value", 1);
            }
            consumer.endGroup();
        }
        endMap(column, keys.length);
    }

    /** A {@code MAP<string, int>}. */
    public void intMap(String column, String[] keys, int[] values) {
        if (keys == null || values == null) {
            return;
        }
        checkAligned(column, keys.length, values.length);
        startMap(column, keys.length);
        for (int i = 0; i < keys.length; i++) {
            consumer.startGroup();
            key(keys[i]);
            consumer.startField("value", 1);
            consumer.addInteger(values[i]);
            consumer.endField("value", 1);
            consumer.endGroup();
        }
        endMap(column, keys.length);
    }

    /** A {@code LIST<string>}. */
    public void stringList(String column, String[] values) {
        if (values == null) {
            return;
        }
        int index = schema.getFieldIndex(column);
        consumer.startField(column, index);
        consumer.startGroup();
        if (values.length > 0) {
            consumer.startField("list", 0);
            for (String value : values) {
                consumer.startGroup();
                if (value != null) {
                    consumer.startField("element", 0);
                    consumer.addBinary(Binary.fromString(value));
                    consumer.endField("element", 0);
                }
                consumer.endGroup();
            }
            consumer.endField("list", 0);
        }
        consumer.endGroup();
        consumer.endField(column, index);
    }

    private void startMap(String column, int size) {
        int index = schema.getFieldIndex(column);
        consumer.startField(column, index);
        consumer.startGroup();
        if (size > 0) {
            consumer.startField("key_value", 0);
        }
    }

    private void endMap(String column, int size) {
        if (size > 0) {
            consumer.endField("key_value", 0);
        }
        consumer.endGroup();
        consumer.endField(column, schema.getFieldIndex(column));
    }

    private void key(String key) {
        consumer.startField("key", 0);
        // A map key is required; a null name cannot come from a feature spec, but must not fail
        // the writer (and restart the job) if it ever did.
        consumer.addBinary(Binary.fromString(key == null ? "" : key));
        consumer.endField("key", 0);
    }

    private static void checkAligned(String column, int keys, int values) {
        if (keys != values) {
            throw new IllegalArgumentException(
                    column + ": " + keys + " keys but " + values + " values");
        }
    }
}
