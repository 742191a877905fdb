package io.flowcast.stream.sink.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The lake's {@code s3://} path: the three sinks write through Flink's S3 file system ({@code
 * flink-s3-fs-hadoop}, the plugin Managed Flink installs) to an S3-compatible server (Adobe S3Mock,
 * started in its own JVM on a free loopback port), each stream failing once after a checkpoint. The
 * committed objects, listed and read with the AWS SDK, hold every record exactly once; objects of
 * parts still in progress or temporary are not counted.
 */
class S3LakeITCase {

    private static final String BUCKET = "flowcast-lake";

    /** Loopback-only placeholder keys: S3Mock accepts any signature. */
    private static final String LOOPBACK_KEY = "flowcast-loopback";

    private static Process s3mock;
    private static URI endpoint;

    @TempDir static Path work;

    @BeforeAll
    static void startS3Mock() throws Exception {
        Path jar =
                Paths.get(
                        System.getProperty("flowcast.s3mock.jar", "target/s3mock/s3mock-exec.jar"));
        assertThat(jar).as("copied by maven-dependency-plugin (pre-integration-test)").exists();
        int httpPort = freePort();
        endpoint = URI.create("http://127.0.0.1:" + httpPort);
        Path root = Files.createDirectories(work.resolve("s3mock-root"));
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.address=127.0.0.1");
        command.add("--server.port=0");
        command.add("--com.adobe.testing.s3mock.http-port=" + httpPort);
        command.add("--com.adobe.testing.s3mock.store.initial-buckets=" + BUCKET);
        command.add("--com.adobe.testing.s3mock.store.root=" + root);
        command.add("--com.adobe.testing.s3mock.store.retain-files-on-exit=false");
        command.add("--spring.main.banner-mode=off");
        s3mock =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(work.resolve("s3mock.log").toFile())
                        .start();
        Runtime.getRuntime().addShutdownHook(new Thread(S3LakeITCase::stopS3Mock));
        awaitPort(httpPort);

        Configuration conf = s3Configuration();
        FileSystem.initialize(conf, null);
    }

    @AfterAll
    static void stopS3Mock() {
        FileSystem.initialize(new Configuration(), null);
        if (s3mock != null) {
            s3mock.descendants().forEach(ProcessHandle::destroy);
            s3mock.destroy();
            try {
                if (!s3mock.waitFor(20, TimeUnit.SECONDS)) {
                    s3mock.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                s3mock.destroyForcibly();
            }
        }
    }

    @Test
    void theS3PathCommitsEachRecordExactlyOnce() throws Exception {
        LakeConfig config =
                new LakeConfig(
                        "s3://" + BUCKET + "/lake",
                        LakeConfig.MIN_PART_BYTES,
                        Duration.ofMinutes(10),
                        LakeCompression.SNAPPY,
                        LakeConfig.MIN_ROW_GROUP_BYTES);

        LakeTestJob.run(config, true, s3Configuration());

        assertThat(LakeTestJob.FAILED.values()).allSatisfy(f -> assertThat(f).isTrue());
        Map<String, byte[]> objects = new TreeMap<>();
        try (S3Client s3 =
                S3Client.builder()
                        .endpointOverride(endpoint)
                        .region(Region.US_EAST_1)
                        .forcePathStyle(true)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(LOOPBACK_KEY, LOOPBACK_KEY)))
                        .build()) {
            for (S3Object o :
                    s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix("lake/")).contents()) {
                objects.put(
                        o.key().substring("lake/".length()),
                        s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(o.key())).asByteArray());
            }
        }
        assertThat(objects.keySet())
                .anyMatch(k -> k.startsWith("predictions/"))
                .anyMatch(k -> k.startsWith("features/"))
                .anyMatch(k -> k.startsWith("dead-letters/"));
        LakeAssertions.assertEveryRecordOnce(objects);
        long bytes = objects.values().stream().mapToLong(b -> b.length).sum();
        System.out.printf(
                "S3 lake: %d objects, %d bytes for %d records (%.1f bytes/record)%n",
                objects.size(), bytes, 3 * LakeTestJob.COUNT, bytes / (3.0 * LakeTestJob.COUNT));
    }

    /** Flink's S3 file system pointed at the local server; loopback placeholder keys only. */
    private static Configuration s3Configuration() {
        Configuration conf = new Configuration();
        conf.setString("s3.endpoint", endpoint.toString());
        conf.setString("s3.endpoint.region", "us-east-1");
        conf.setString("s3.path.style.access", "true");
        conf.setString("s3.access-key", LOOPBACK_KEY);
        conf.setString("s3.secret-key", LOOPBACK_KEY);
        return conf;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket =
                new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Waits until the server accepts connections (it needs a few seconds to start). */
    private static void awaitPort(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            assertThat(s3mock.isAlive())
                    .as("S3Mock is running; see " + work.resolve("s3mock.log"))
                    .isTrue();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "S3Mock did not open port "
                                    + port
                                    + "; log: "
                                    + Files.readString(work.resolve("s3mock.log")));
                }
                Thread.sleep(200);
            }
        }
    }
}
