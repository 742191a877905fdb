package io.flowcast.stream.sink.lake;

/**
 * Run by {@code ShadedJarParquetITCase} in a JVM whose classpath is the application jar, Flink's
 * own jars and the test classes, nothing else: writes {@link LakeTestJob}'s records into the lake
 * at {@code args[0]} with codec {@code args[1]} on a local Flink cluster, then prints where
 * Hadoop's {@code Configuration} and Parquet's writer were loaded from.
 */
public final class ShadedLakeWriterMain {

    private ShadedLakeWriterMain() {}

    public static void main(String[] args) throws Exception {
        LakeConfig defaults = LakeConfig.defaults(args[0]);
        LakeConfig config =
                new LakeConfig(
                        defaults.path(),
                        defaults.partMaxBytes(),
                        defaults.rolloverInterval(),
                        LakeCompression.valueOf(args[1]),
                        defaults.rowGroupBytes());
        LakeTestJob.run(config, false);
        System.out.println(
                "hadoop-from="
                        + org.apache.hadoop.conf.Configuration.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation());
        System.out.println(
                "parquet-from="
                        + org.apache.parquet.hadoop.ParquetWriter.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation());
    }
}
