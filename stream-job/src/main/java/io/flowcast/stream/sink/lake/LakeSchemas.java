package io.flowcast.stream.sink.lake;

import static org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit.MILLIS;

import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Column builders shared by the datasets' schemas: UTF-8 strings, UTC millisecond timestamps, and
 * the Parquet format's standard three-level MAP and LIST groups (readable by Athena, Spark, Trino,
 * pyarrow and DuckDB).
 */
final class LakeSchemas {

    private LakeSchemas() {}

    static Type optionalString(String name) {
        return Types.optional(PrimitiveTypeName.BINARY)
                .as(LogicalTypeAnnotation.stringType())
                .named(name);
    }

    static Type requiredTimestamp(String name) {
        return Types.required(PrimitiveTypeName.INT64)
                .as(LogicalTypeAnnotation.timestampType(true, MILLIS))
                .named(name);
    }

    static Type optionalTimestamp(String name) {
        return Types.optional(PrimitiveTypeName.INT64)
                .as(LogicalTypeAnnotation.timestampType(true, MILLIS))
                .named(name);
    }

    static Type required(PrimitiveTypeName type, String name) {
        return Types.required(type).named(name);
    }

    static Type optional(PrimitiveTypeName type, String name) {
        return Types.optional(type).named(name);
    }

    /** {@code MAP<string, value>} with optional values. */
    static GroupType optionalMap(String name, PrimitiveTypeName valueType) {
        return Types.optionalGroup()
                .as(LogicalTypeAnnotation.mapType())
                .repeatedGroup()
                .required(PrimitiveTypeName.BINARY)
                .as(LogicalTypeAnnotation.stringType())
                .named("key")
                .optional(valueType)
                .named("value")
                .named("key_value")
                .named(name);
    }

    /** {@code LIST<string>}. */
    static GroupType optionalStringList(String name) {
        return Types.optionalGroup()
                .as(LogicalTypeAnnotation.listType())
                .repeatedGroup()
                .optional(PrimitiveTypeName.BINARY)
                .as(LogicalTypeAnnotation.stringType())
                .named("element")
                .named("list")
                .named(name);
    }
}
