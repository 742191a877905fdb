package io.flowcast.training.trigger;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The npm checkers pinned in {@code scripts/emulators} (cfn-lint, asl-validator), run with Node.js
 * by the tests of the deployment files. The build installs them before the tests; without Node.js
 * on the PATH a check is skipped.
 */
final class NodeTools {

    private NodeTools() {}

    /** Exit code and output (standard output and error together) of a finished tool. */
    static final class Output {
        final int exitCode;
        final String text;

        Output(int exitCode, String text) {
            this.exitCode = exitCode;
            this.text = text;
        }
    }

    /**
     * Runs {@code node scripts/emulators/node_modules/<script> <args>}; skips the test when Node.js
     * is missing, fails when the tool is not installed or does not finish in 120 s.
     *
     * @param tool the tool's name, for messages
     */
    static Output run(String tool, String script, String... args)
            throws IOException, InterruptedException {
        Assumptions.assumeTrue(
                nodeAvailable(),
                "Node.js not found on PATH: the "
                        + tool
                        + " check is skipped (install Node.js 18+ to run it)");
        Path file = emulatorsDir().resolve("node_modules").resolve(script);
        if (!Files.isRegularFile(file)) {
            fail(
                    tool
                            + " is not installed at "
                            + file
                            + "; run `npm ci` in scripts/emulators (the build does it before tests)");
        }
        List<String> command = new ArrayList<>(List.of("node", file.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(tool + " did not finish in 120 s");
        }
        return new Output(process.exitValue(), output);
    }

    /** {@code scripts/emulators} (or the {@code flowcast.emulators.dir} system property). */
    static Path emulatorsDir() {
        String configured = System.getProperty("flowcast.emulators.dir");
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        return new File("..").toPath().toAbsolutePath().normalize().resolve("scripts/emulators");
    }

    /** The repository's root, two levels above {@link #emulatorsDir}. */
    static Path repoDir() {
        return emulatorsDir().toAbsolutePath().normalize().getParent().getParent();
    }

    private static boolean nodeAvailable() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
