package io.flowcast.training.retraining;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.UUID;

/**
 * The local runs table: one JSON file per run, {@code <runs>/<assetType>/<startedAt>_<execution
 * name>.json}, rewritten after each step. Each write goes to a hidden temporary file in the same
 * directory and is renamed over the record atomically, so a reader sees the previous or the new
 * record, never half of one.
 */
public final class RunRecordStore {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    public RunRecordStore(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    public Path root() {
        return root;
    }

    /** Where {@code record} is kept. */
    public Path pathOf(RunRecord record) {
        return root.resolve(record.assetType()).resolve(record.fileName());
    }

    /**
     * Writes {@code record} (replacing its previous state).
     *
     * @return the record's file
     */
    public Path write(RunRecord record) throws IOException {
        Path file = pathOf(record);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(".tmp-" + UUID.randomUUID() + ".json");
        try {
            Files.write(tmp, MAPPER.writeValueAsBytes(record.toJson()));
            try {
                Files.move(
                        tmp,
                        file,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the runs directory cannot rename atomically: " + root, e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return file;
    }
}
