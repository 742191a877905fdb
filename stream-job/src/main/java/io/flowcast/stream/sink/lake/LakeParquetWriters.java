package io.flowcast.stream.sink.lake;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Parquet writers for the lake's datasets, without Avro: a {@link ParquetRecordMapper} gives the
 * schema and the row mapping, Parquet's {@link WriteSupport} API does the rest. The bytes go to
 * whatever stream Flink's {@code FileSink} opens (local file or {@code s3://} through the Flink S3
 * plugin), never through a Hadoop file system; Hadoop's {@link Configuration} is created empty
 * ({@code new Configuration(false)}), so no Hadoop XML is read.
 */
public final class LakeParquetWriters {

    /** Footer key naming the dataset of a file. */
    public static final String DATASET_KEY = "flowcast.dataset";

    private LakeParquetWriters() {}

    /** The {@code BulkWriter.Factory} for {@code FileSink.forBulkFormat}. */
    public static <T> ParquetWriterFactory<T> factory(
            ParquetRecordMapper<T> mapper, LakeConfig config) {
        return new ParquetWriterFactory<>(builder(mapper, config));
    }

    /** The serializable builder of one part file's writer. */
    public static <T> ParquetBuilder<T> builder(ParquetRecordMapper<T> mapper, LakeConfig config) {
        LakeCompression compression = config.compression();
        int rowGroupBytes = config.rowGroupBytes();
        return out -> newWriter(out, mapper, compression, rowGroupBytes);
    }

    /** A writer of {@code mapper}'s records to {@code out}. */
    public static <T> ParquetWriter<T> newWriter(
            OutputFile out,
            ParquetRecordMapper<T> mapper,
            LakeCompression compression,
            int rowGroupBytes)
            throws IOException {
        return new Builder<>(out, mapper)
                .withConf(new Configuration(false))
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCompressionCodec(compression.codec())
                .withRowGroupSize((long) rowGroupBytes)
                .withDictionaryEncoding(true)
                .build();
    }

    private static final class Builder<T> extends ParquetWriter.Builder<T, Builder<T>> {
        private final ParquetRecordMapper<T> mapper;

        Builder(OutputFile out, ParquetRecordMapper<T> mapper) {
            super(out);
            this.mapper = mapper;
        }

        @Override
        protected Builder<T> self() {
            return this;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(Configuration conf) {
            return new MapperWriteSupport<>(mapper);
        }
    }

    /** Adapts a mapper to Parquet's write API: one message per record. */
    static final class MapperWriteSupport<T> extends WriteSupport<T> {
        private final ParquetRecordMapper<T> mapper;
        private final ParquetRow row;

        MapperWriteSupport(ParquetRecordMapper<T> mapper) {
            this.mapper = mapper;
            this.row = new ParquetRow(mapper.schema());
        }

        @Override
        public WriteContext init(Configuration configuration) {
            Map<String, String> meta = new HashMap<>();
            meta.put(DATASET_KEY, mapper.dataset());
            return new WriteContext(mapper.schema(), meta);
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            row.attach(recordConsumer);
        }

        @Override
        public void write(T record) {
            row.start();
            mapper.write(record, row);
            row.end();
        }

        @Override
        public String getName() {
            return "flowcast-" + mapper.dataset();
        }
    }
}
