package io.flowcast.stream.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link ParseBenchmark} through the JMH Runner API and prints a summary: per scenario
 * records/s, samples/s (both with their 99.9% error) and the ratio to the 500k samples/s target.
 *
 * <p>Usage: {@code BenchmarkReport [--quick] [--json FILE]}. {@code --quick} shortens warmup and
 * measurement to a smoke run of about 30 seconds whose figures are indicative only; {@code --json}
 * also writes JMH's JSON result file, for comparing runs. The test classpath (including {@code
 * target/test-classes} with JMH's generated {@code META-INF/BenchmarkList}) must be on the class
 * path; {@code scripts/bench.sh} sets that up.
 */
public final class BenchmarkReport {

    private BenchmarkReport() {}

    /** Runs the benchmark and prints JMH's own output followed by the summary table. */
    public static void main(String[] args) throws RunnerException {
        boolean quick = false;
        String json = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick":
                    quick = true;
                    break;
                case "--json":
                    if (i + 1 >= args.length) {
                        fail("--json needs a file name");
                    }
                    json = args[++i];
                    break;
                case "-h":
                case "--help":
                    System.out.println(usage());
                    return;
                default:
                    fail("unknown argument: " + args[i]);
            }
        }

        ChainedOptionsBuilder options =
                new OptionsBuilder()
                        // Anchored: the include is a regex over "<class>.<method>" names.
                        .include("^" + Pattern.quote(ParseBenchmark.class.getName()) + "\\.")
                        .shouldFailOnError(true);
        if (quick) {
            // Enough for C2 to compile the hot path, and three measured iterations so JMH can
            // still give an error bar (it needs at least two).
            options.warmupIterations(3)
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(3)
                    .measurementTime(TimeValue.seconds(1));
        }
        if (json != null) {
            options.result(json).resultFormat(ResultFormatType.JSON);
        }

        Collection<RunResult> results = new Runner(options.build()).run();
        printSummary(results, quick, System.out);
    }

    /** The table the note quotes: one line per scenario. */
    static void printSummary(Collection<RunResult> results, boolean quick, PrintStream out) {
        List<RunResult> sorted = new ArrayList<>(results);
        // JMH runs benchmarks in name order; list them in the order the Javadoc describes them.
        sorted.sort((a, b) -> Integer.compare(rank(a), rank(b)));

        out.println();
        out.printf(
                Locale.ROOT,
                "Parse+validate throughput, 1 thread, JDK %s, %d CPUs visible%s%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                quick ? " (--quick: indicative only)" : "");
        out.printf(
                Locale.ROOT,
                "Target: %,.0f samples/s on one core. Errors are JMH's 99.9%% confidence half-width.%n",
                ParseBenchmark.TARGET_SAMPLES_PER_SECOND);
        String format = "%-20s %22s %11s %24s %10s  %s%n";
        out.printf(
                Locale.ROOT,
                format,
                "scenario",
                "records/s",
                "samples/rec",
                "samples/s",
                "vs target",
                "dead letters/s");
        for (RunResult r : sorted) {
            String method = methodName(r);
            Result<?> records = r.getPrimaryResult();
            Result<?> samples = r.getSecondaryResults().get("samples");
            Result<?> deadLetters = r.getSecondaryResults().get("deadLetters");
            if (samples == null) {
                out.printf(Locale.ROOT, "%-20s (no samples counter in the results)%n", method);
                continue;
            }
            double ratio = samples.getScore() / ParseBenchmark.TARGET_SAMPLES_PER_SECOND;
            out.printf(
                    Locale.ROOT,
                    format,
                    method,
                    withError(records),
                    String.format(Locale.ROOT, "%.2f", samples.getScore() / records.getScore()),
                    withError(samples),
                    String.format(Locale.ROOT, "%.2fx", ratio),
                    deadLetters == null || deadLetters.getScore() == 0
                            ? "0"
                            : withError(deadLetters));
        }
        out.println();
        out.println(
                "records/s is the JMH score (@OperationsPerInvocation over "
                        + ParseBenchmark.RECORDS_PER_INVOCATION
                        + " pre-built records); samples/s counts the samples the parser emitted.");
    }

    /** {@code 123,456 ± 1,234}; the error is NaN when JMH had a single iteration. */
    private static String withError(Result<?> result) {
        double error = result.getScoreError();
        String score = String.format(Locale.ROOT, "%,.0f", result.getScore());
        return Double.isNaN(error)
                ? score
                : score + " ± " + String.format(Locale.ROOT, "%,.0f", error);
    }

    private static String methodName(RunResult r) {
        String name = r.getParams().getBenchmark();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static int rank(RunResult r) {
        switch (methodName(r)) {
            case "typicalRecord":
                return 0;
            case "batchedRecord":
                return 1;
            case "flatSample":
                return 2;
            case "mixedWithMalformed":
                return 3;
            default:
                return 4;
        }
    }

    private static String usage() {
        return "Usage: BenchmarkReport [--quick] [--json FILE]\n"
                + "  --quick      short warmup and measurement (~30 s); figures indicative only\n"
                + "  --json FILE  also write JMH's JSON results to FILE";
    }

    private static void fail(String message) {
        System.err.println(message);
        System.err.println(usage());
        System.exit(2);
    }
}
