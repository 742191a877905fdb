package io.flowcast.stream.sink.lake;

import java.io.Serializable;
import org.apache.parquet.schema.MessageType;

/**
 * How one record type becomes one Parquet row: the dataset's schema and the mapping of a record's
 * fields to its columns. Stateless and {@link Serializable}, so it travels inside the sink to the
 * task managers; implemented without Avro or reflection.
 *
 * @param <T> the record type
 */
public interface ParquetRecordMapper<T> extends Serializable {

    /** The dataset's name, also its folder under the lake path, e.g. {@code predictions}. */
    String dataset();

    /** The Parquet schema of every file of the dataset. */
    MessageType schema();

    /** Writes {@code record}'s columns; null values are simply not written (optional columns). */
    void write(T record, ParquetRow row);
}
