package io.flowcast.training.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Version numbering, completeness and the atomic publish of the local registry. */
class ModelRegistryTest {

    @TempDir Path root;

    private static Map<String, byte[]> files(String version) {
        Map<String, byte[]> f = new LinkedHashMap<>();
        f.put(ModelRegistry.MODEL_ARCHIVE, new byte[] {1});
        f.put(ModelRegistry.METADATA, ("{\"version\":\"" + version + "\"}").getBytes());
        return f;
    }

    @Test
    void versionsCountUpAndTheHighestCompleteOneIsLatest() throws Exception {
        ModelRegistry registry = new ModelRegistry(root);
        assertThat(registry.latestVersion("pump")).isEmpty();

        assertThat(registry.publish("pump", ModelRegistryTest::files)).isEqualTo("v0001");
        assertThat(registry.publish("pump", ModelRegistryTest::files)).isEqualTo("v0002");
        // An incomplete directory is not a version, but its number is taken.
        Files.createDirectories(root.resolve("pump/v0003"));
        assertThat(registry.latestVersion("pump")).contains("v0002");
        assertThat(registry.publish("pump", ModelRegistryTest::files)).isEqualTo("v0004");

        assertThat(registry.versions("pump")).containsExactly("v0001", "v0002", "v0004");
        assertThat(registry.versions("compressor")).isEmpty();
        try (Stream<Path> left = Files.list(root.resolve("pump"))) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith(".tmp-"));
        }
        assertThat(Files.readString(root.resolve("pump/v0004/metadata.json"))).contains("v0004");
    }
}
