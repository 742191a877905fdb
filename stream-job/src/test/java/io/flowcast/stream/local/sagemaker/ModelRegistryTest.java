package io.flowcast.stream.local.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry layout: archive, metadata, complete versions only, the newest by number. */
class ModelRegistryTest {

    private static final byte[] BOOSTER = "not really a booster".getBytes(StandardCharsets.UTF_8);

    @TempDir Path root;

    @Test
    void archiveHoldsTheModelUnderXgboostModel() throws IOException {
        byte[] model = new byte[1500];
        for (int i = 0; i < model.length; i++) {
            model[i] = (byte) (i * 31);
        }
        Path archive = root.resolve("model.tar.gz");

        ModelArchive.write(archive, model);

        assertThat(ModelArchive.readModel(archive)).isEqualTo(model);
    }

    @Test
    void archiveIsReadableByTar() throws Exception {
        Path archive = root.resolve("model.tar.gz");
        ModelArchive.write(archive, BOOSTER);
        Process tar =
                new ProcessBuilder("tar", "-tzf", archive.toString())
                        .redirectErrorStream(true)
                        .start();
        String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(tar.waitFor()).isZero();
        assertThat(listing.trim()).isEqualTo(ModelArchive.MODEL_ENTRY);
    }

    @Test
    void writerNumbersVersionsAndTheReaderServesTheHighest() throws IOException {
        ModelRegistryWriter writer = new ModelRegistryWriter(root);
        ModelRegistry registry = new ModelRegistry(root);

        RegisteredModel first = writer.registerNext(TinyModels.metadata("pump"), BOOSTER);
        RegisteredModel second = writer.registerNext(TinyModels.metadata("pump"), BOOSTER);

        assertThat(first.version()).isEqualTo("v0001");
        assertThat(second.version()).isEqualTo("v0002");
        assertThat(registry.versions("pump")).containsExactly("v0001", "v0002");
        assertThat(registry.latest("pump"))
                .get()
                .extracting(RegisteredModel::version)
                .isEqualTo("v0002");
        assertThat(registry.latest("pump").get().metadata())
                .isEqualTo(TinyModels.metadata("pump").withVersion("v0002"));
        assertThat(Files.list(root.resolve("pump")).map(p -> p.getFileName().toString()))
                .as("no temporary directories are left behind")
                .containsExactlyInAnyOrder("v0001", "v0002");
        assertThat(root.resolve("pump/v0002/metrics.json")).exists();
    }

    @Test
    void versionsCompareByNumberNotByText() throws IOException {
        ModelRegistryWriter writer = new ModelRegistryWriter(root);
        writer.register(TinyModels.metadata("pump").withVersion("v9999"), BOOSTER);
        writer.register(TinyModels.metadata("pump").withVersion("v10000"), BOOSTER);

        assertThat(new ModelRegistry(root).latest("pump").get().version()).isEqualTo("v10000");
    }

    @Test
    void incompleteAndForeignDirectoriesAreIgnored() throws IOException {
        new ModelRegistryWriter(root).registerNext(TinyModels.metadata("pump"), BOOSTER);
        // A version still being written: metadata but no archive yet.
        Path partial = Files.createDirectories(root.resolve("pump/v0002"));
        TinyModels.metadata("pump").withVersion("v0002").write(partial.resolve("metadata.json"));
        Files.createDirectories(root.resolve("pump/.v0003.tmp-1"));
        Files.createDirectories(root.resolve("pump/latest"));

        ModelRegistry registry = new ModelRegistry(root);

        assertThat(registry.versions("pump")).containsExactly("v0001");
        assertThat(registry.latest("pump").get().version()).isEqualTo("v0001");
        assertThat(registry.latest("fan")).isEmpty();
        assertThat(new ModelRegistry(root.resolve("missing")).assetTypes()).isEmpty();
    }

    @Test
    void metadataThatDisagreesWithItsDirectoryIsAnError() throws IOException {
        Path dir = Files.createDirectories(root.resolve("pump/v0001"));
        ModelArchive.write(dir.resolve("model.tar.gz"), BOOSTER);
        TinyModels.metadata("fan").write(dir.resolve("metadata.json"));

        assertThatThrownBy(() -> new ModelRegistry(root).latest("pump"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("says fan/v0001 but lies in pump/v0001");
    }

    @Test
    void metadataWithAMissingFieldNamesTheField() throws IOException {
        Path file = root.resolve("metadata.json");
        Files.writeString(file, "{\"assetType\":\"pump\",\"version\":\"v0001\"}");

        assertThatThrownBy(() -> ModelMetadata.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("featureNames");
    }

    @Test
    void registeringAnExistingVersionFails() throws IOException {
        ModelRegistryWriter writer = new ModelRegistryWriter(root);
        writer.register(TinyModels.metadata("pump"), BOOSTER);

        assertThatThrownBy(() -> writer.register(TinyModels.metadata("pump"), BOOSTER))
                .isInstanceOf(FileAlreadyExistsException.class);
    }
}
