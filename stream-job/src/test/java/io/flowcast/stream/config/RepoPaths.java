package io.flowcast.stream.config;

import java.io.File;
import java.nio.file.Path;

/** Finds the repository root from tests (set by Maven, or by walking up from the working dir). */
public final class RepoPaths {

    private RepoPaths() {}

    public static Path repoDir() {
        String configured = System.getProperty("flowcast.repo.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        File dir = new File("").getAbsoluteFile();
        while (dir != null) {
            if (new File(dir, "kda-config").isDirectory() && new File(dir, "pom.xml").isFile()) {
                return dir.toPath();
            }
            dir = dir.getParentFile();
        }
        throw new IllegalStateException(
                "Cannot find the repository root from " + new File("").getAbsolutePath());
    }
}
