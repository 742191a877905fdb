package io.flowcast.stream.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.flowcast.stream.config.RepoPaths;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A finished run of one of the repository's shell scripts in a test: exit code, standard output and
 * standard error. The AWS operator script tests ({@code OperatorScriptsTest}, {@code
 * ModelScriptsTest}) run their scripts through {@link #run}.
 */
final class ScriptRun {
    final int exit;
    final String stdout;
    final String stderr;

    private ScriptRun(int exit, String stdout, String stderr) {
        this.exit = exit;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Runs {@code scripts/<script>} of {@code repo} with bash from that directory, without the AWS
     * environment variables that would change its output, with JAVA_HOME set to this JVM's.
     *
     * @param tmp where the captured output goes
     * @param extraPath a directory put first on the PATH (a stand-in {@code aws}), or null
     * @param env further environment variables
     */
    static ScriptRun run(
            Path repo,
            Path tmp,
            Path extraPath,
            Map<String, String> env,
            String script,
            String... args)
            throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "scripts/" + script));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .directory(repo.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
        Map<String, String> environment = builder.environment();
        for (String name : List.of("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE")) {
            environment.remove(name);
        }
        if (extraPath != null) {
            environment.put(
                    "PATH", extraPath + File.pathSeparator + environment.getOrDefault("PATH", ""));
        }
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.putAll(env);
        Process process = builder.start();
        try {
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(script + " finished").isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new ScriptRun(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The printed AWS CLI calls; fails if standard output holds any other line. */
    List<String> awsLines() {
        List<String> lines = stdout.lines().collect(Collectors.toList());
        assertThat(lines).allSatisfy(line -> assertThat(line).startsWith("aws "));
        return lines;
    }

    /** The service and operation of each AWS CLI call, e.g. "s3 cp". */
    static List<String> subcommands(List<String> awsLines) {
        List<String> out = new ArrayList<>();
        for (String line : awsLines) {
            String[] words = line.split(" ");
            out.add(words[1] + " " + words[2]);
        }
        return out;
    }

    /** Whether {@code program} is an executable on this process's PATH. */
    static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    /**
     * Runs shellcheck (following sourced files) on {@code files}, relative to {@code scripts/}, and
     * fails on any finding; skipped when shellcheck is not installed.
     */
    static void assertShellcheckFindsNothing(Path tmp, List<String> files) throws Exception {
        assumeTrue(onPath("shellcheck"), "shellcheck is not installed");
        List<String> command = new ArrayList<>(List.of("shellcheck", "-x"));
        command.addAll(files);
        Path log = Files.createTempFile(tmp, "shellcheck", ".log");
        Process process =
                new ProcessBuilder(command)
                        .directory(RepoPaths.repoDir().resolve("scripts").toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("shellcheck finished").isTrue();
        assertThat(process.exitValue()).as(Files.readString(log)).isZero();
    }
}
