package io.flowcast.stream.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.sink.lake.LakeAssertions;
import io.flowcast.stream.sink.lake.ShadedLakeWriterMain;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The application jar writes the lake's Parquet on its own: a separate JVM whose classpath is the
 * shaded jar plus what Managed Flink provides (the 'provided' dependencies: Flink itself) runs the
 * three lake sinks on a local cluster. Hadoop's {@code Configuration} and Parquet must be loaded
 * from the application jar, and the committed files must hold every record once.
 */
class ShadedJarParquetITCase {

    @TempDir Path lake;

    @ParameterizedTest
    @ValueSource(strings = {"SNAPPY", "GZIP"})
    void theApplicationJarWritesEveryDatasetWithFlinkAloneBesideIt(String codec) throws Exception {
        Path jar = Paths.get(System.getProperty("flowcast.shaded.jar"));
        List<String> provided =
                Arrays.asList(
                        Files.readString(
                                        Paths.get(
                                                System.getProperty("flowcast.provided.classpath")),
                                        StandardCharsets.UTF_8)
                                .trim()
                                .split(File.pathSeparator));
        assertThat(provided)
                .as("Flink's classpath carries neither Hadoop nor Parquet")
                .noneMatch(e -> e.contains("/org/apache/hadoop/"))
                .noneMatch(e -> e.contains("/org/apache/parquet/"));
        List<String> classpath = new ArrayList<>();
        classpath.add(jar.toString());
        classpath.add(testClasses());
        classpath.addAll(provided);
        // The test job's generator source (test scope; no Hadoop in it).
        classpath.add(onTestClasspath("flink-connector-datagen"));

        List<String> command =
                List.of(
                        Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        String.join(File.pathSeparator, classpath),
                        ShadedLakeWriterMain.class.getName(),
                        lake.toString(),
                        codec);
        Path log = lake.resolveSibling(lake.getFileName() + "-" + codec + ".log");
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        try {
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("writer JVM finished").isTrue();
        } finally {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output)
                .contains("hadoop-from=" + jar.toFile().toURI())
                .contains("parquet-from=" + jar.toFile().toURI());

        LakeAssertions.assertEveryRecordOnce(lake);
    }

    private static String testClasses() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.endsWith("test-classes"))
                .findFirst()
                .orElseThrow();
    }

    private static String onTestClasspath(String artifact) {
        List<String> hits =
                Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                        .filter(e -> new File(e).getName().startsWith(artifact + "-"))
                        .collect(Collectors.toList());
        assertThat(hits).as(artifact).hasSize(1);
        return hits.get(0);
    }
}
