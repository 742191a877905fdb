package io.flowcast.stream.sink.lake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads Parquet files back with parquet-hadoop's own reader (no Hadoop file system: the bytes are
 * read into memory) and turns each row into a plain map: strings, longs, ints, doubles, booleans,
 * {@code MAP} columns as ordered maps, {@code LIST} columns as lists; an absent optional column is
 * absent from the map.
 */
public final class ParquetFiles {

    private ParquetFiles() {}

    /** Every row of the file at {@code file}. */
    public static List<Map<String, Object>> rows(Path file) throws IOException {
        return rows(Files.readAllBytes(file));
    }

    /** Every row of a Parquet file's bytes. */
    public static List<Map<String, Object>> rows(byte[] bytes) throws IOException {
        InputFile in = inputFile(bytes);
        List<Map<String, Object>> rows = new ArrayList<>();
        try (ParquetReader<Group> reader =
                new ParquetReader.Builder<Group>(in) {
                    @Override
                    protected ReadSupport<Group> getReadSupport() {
                        return new GroupReadSupport();
                    }
                }.withConf(new Configuration(false)).build()) {
            for (Group g = reader.read(); g != null; g = reader.read()) {
                rows.add(toMap(g));
            }
        }
        return rows;
    }

    /** The schema and the footer's key/value metadata of a file. */
    public static Map.Entry<MessageType, Map<String, String>> footer(byte[] bytes)
            throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(inputFile(bytes))) {
            return Map.entry(
                    reader.getFileMetaData().getSchema(),
                    reader.getFileMetaData().getKeyValueMetaData());
        }
    }

    /** The compression codec of the first column chunk. */
    public static String codec(byte[] bytes) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(inputFile(bytes))) {
            return reader.getFooter().getBlocks().get(0).getColumns().get(0).getCodec().name();
        }
    }

    static Map<String, Object> toMap(Group g) {
        Map<String, Object> row = new LinkedHashMap<>();
        GroupType type = g.getType();
        for (int i = 0; i < type.getFieldCount(); i++) {
            Type field = type.getType(i);
            if (g.getFieldRepetitionCount(i) == 0) {
                continue;
            }
            row.put(field.getName(), value(g, i, 0, field));
        }
        return row;
    }

    private static Object value(Group g, int field, int index, Type type) {
        if (type.isPrimitive()) {
            PrimitiveType p = type.asPrimitiveType();
            switch (p.getPrimitiveTypeName()) {
                case BINARY:
                    return g.getString(field, index);
                case INT64:
                    return g.getLong(field, index);
                case INT32:
                    return g.getInteger(field, index);
                case DOUBLE:
                    return g.getDouble(field, index);
                case BOOLEAN:
                    return g.getBoolean(field, index);
                default:
                    throw new IllegalStateException("unexpected type " + p);
            }
        }
        Group nested = g.getGroup(field, index);
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        if (logical instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation) {
            Map<String, Object> map = new LinkedHashMap<>();
            int n = nested.getFieldRepetitionCount(0);
            for (int i = 0; i < n; i++) {
                Group kv = nested.getGroup(0, i);
                Type valueType = kv.getType().getType(1);
                map.put(
                        kv.getString(0, 0),
                        kv.getFieldRepetitionCount(1) == 0 ? null : value(kv, 1, 0, valueType));
            }
            return map;
        }
        if (logical instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            List<Object> list = new ArrayList<>();
            int n = nested.getFieldRepetitionCount(0);
            for (int i = 0; i < n; i++) {
                Group element = nested.getGroup(0, i);
                list.add(
                        element.getFieldRepetitionCount(0) == 0
                                ? null
                                : value(element, 0, 0, element.getType().getType(0)));
            }
            return list;
        }
        return toMap(nested);
    }

    static InputFile inputFile(byte[] bytes) {
        return new InputFile() {
            @Override
            public long getLength() {
                return bytes.length;
            }

            @Override
            public SeekableInputStream newStream() {
                ByteArrayInputStream in = new ByteArrayInputStream(bytes);
                return new DelegatingSeekableInputStream(in) {

                    @Override
                    public long getPos() {
                        return bytes.length - in.available();
                    }

                    @Override
                    public void seek(long newPos) {
                        in.reset();
                        in.skip(newPos);
                    }
                };
            }
        };
    }
}
