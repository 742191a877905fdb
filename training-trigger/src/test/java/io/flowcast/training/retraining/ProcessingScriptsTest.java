package io.flowcast.training.retraining;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The SageMaker Processing scripts the state machine runs ({@code src/main/python}): they compile,
 * their standard-library unit tests ({@code src/test/python}) pass, and the state machine calls
 * them with arguments they accept and reads the report key they write. Skipped when python3 is
 * absent; pandas, pyarrow and xgboost are not needed here (the scripts import them lazily).
 */
class ProcessingScriptsTest {

    private static final Path SCRIPTS = Paths.get("src/main/python").toAbsolutePath();
    private static final Path TESTS = Paths.get("src/test/python").toAbsolutePath();
    private static final Path ASL =
            Paths.get("../kda-config/retraining.asl.json").toAbsolutePath().normalize();

    @Test
    void theScriptsCompile() throws Exception {
        Result r =
                python(
                        "-m",
                        "py_compile",
                        SCRIPTS.resolve("build_dataset.py").toString(),
                        SCRIPTS.resolve("evaluate.py").toString());
        assertThat(r.exitCode).as(r.output).isZero();
    }

    @Test
    void theirUnitTestsPass() throws Exception {
        Result r = python("-m", "unittest", "discover", "-s", TESTS.toString(), "-v");
        assertThat(r.exitCode).as(r.output).isZero();
        assertThat(r.output).contains("OK").doesNotContain("FAILED");
    }

    @Test
    void theStateMachineCallsThemWithArgumentsTheyAccept() throws Exception {
        JsonNode states = new ObjectMapper().readTree(ASL.toFile()).path("States");
        String build =
                states.path("BuildDataset").path("Parameters").path("AppSpecification").toString();
        assertThat(build)
                .contains("/opt/ml/processing/code/build_dataset.py")
                .contains("'--asset-type', $.assetType")
                .contains("'--lookback-days', $.settings.lookbackDays")
                .contains("'--evidence', States.JsonToString($.evidence)");
        String evaluate =
                states.path("Evaluate").path("Parameters").path("AppSpecification").toString();
        assertThat(evaluate)
                .contains("/opt/ml/processing/code/evaluate.py")
                .contains("'--current-endpoint', $.names.endpointName")
                .contains("'--min-improvement', $.settings.minImprovement")
                .contains("'--trained-at', $$.State.EnteredTime");
        // The argument parsers accept exactly those flags (with sample values).
        Result r =
                python(
                        "-c",
                        "import build_dataset as b, evaluate as e\n"
                                + "b.parse_args(['--asset-type', 'pump', '--lookback-days', '30',"
                                + " '--evidence', '{}'])\n"
                                + "e.parse_args(['--current-endpoint', 'flowcast-pump',"
                                + " '--min-improvement', '0.02',"
                                + " '--trained-at', '2026-01-05T06:00:00.123Z'])\n"
                                + "print('parsed')");
        assertThat(r.exitCode).as(r.output).isZero();
        assertThat(r.output).contains("parsed");
        // IsBetter reads $.evaluation.report.better; the records read the two RMSEs.
        assertThat(states.path("IsBetter").toString()).contains("$.evaluation.report.better");
        assertThat(states.path("RecordPromoted").toString())
                .contains("$.evaluation.report.candidateRmse")
                .contains("$.evaluation.report.currentRmse");
        assertThat(states.path("Evaluate").path("Parameters").toString())
                .contains("/opt/ml/processing/output/evaluation");
        assertThat(states.path("Names").path("Parameters").path("evaluationKey.$").asText())
                .contains("/evaluation/evaluation.json'");
        // build_dataset.py's summary goes to evaluate.py, whose metadata and metrics.json the
        // registry entry is built from (RetrainingStateMachineRunTest runs that data flow).
        assertThat(states.path("BuildDataset").path("Parameters").toString())
                .contains("/opt/ml/processing/output/summary");
        assertThat(states.path("Evaluate").path("Parameters").toString())
                .contains("/opt/ml/processing/input/dataset");
        assertThat(states.path("RegistryEntry").toString())
                .contains("$.evaluation.report.metadata");
        assertThat(states.path("PublishMetrics").toString()).contains("evaluation/metrics.json");
    }

    private static final class Result {
        final int exitCode;
        final String output;

        Result(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }
    }

    private static Result python(String... args) throws IOException, InterruptedException {
        Assumptions.assumeTrue(
                pythonAvailable(),
                "python3 not found on PATH: the processing scripts' checks skip");
        List<String> command = new java.util.ArrayList<>(List.of("python3"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", SCRIPTS.toString());
        // No __pycache__ in the source tree.
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        pb.environment()
                .put(
                        "PYTHONPYCACHEPREFIX",
                        Paths.get("target/pycache").toAbsolutePath().toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python3 did not finish in 120 s: " + output);
        }
        return new Result(p.exitValue(), output);
    }

    private static boolean pythonAvailable() {
        try {
            Process p =
                    new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
