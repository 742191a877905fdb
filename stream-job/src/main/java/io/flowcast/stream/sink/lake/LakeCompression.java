package io.flowcast.stream.sink.lake;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet page compression the lake offers: each works without native Hadoop libraries. SNAPPY uses
 * snappy-java (its native code ships inside the jar for Linux x86_64/aarch64 and is unpacked to
 * {@code java.io.tmpdir}); GZIP uses the JDK's zlib. ZSTD is left out: it would add zstd-jni (6.7
 * MB of native libraries) to the application jar.
 */
public enum LakeCompression {
    /** Fast, the usual choice of Athena, Spark and Glue. */
    SNAPPY(CompressionCodecName.SNAPPY),
    /** Smaller files, more CPU. */
    GZIP(CompressionCodecName.GZIP),
    UNCOMPRESSED(CompressionCodecName.UNCOMPRESSED);

    private final CompressionCodecName codec;

    LakeCompression(CompressionCodecName codec) {
        this.codec = codec;
    }

    /** Parquet's name of the codec. */
    public CompressionCodecName codec() {
        return codec;
    }
}
