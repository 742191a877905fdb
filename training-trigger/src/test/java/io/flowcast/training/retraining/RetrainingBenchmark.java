package io.flowcast.training.retraining;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.stream.local.stepfunctions.ExecutionRunnerProvider;
import io.flowcast.stream.local.stepfunctions.LocalExecution;
import io.flowcast.stream.retrain.RetrainRequest;
import io.flowcast.stream.window.FeatureSpecs;
import io.flowcast.training.LocalTrainer;
import io.flowcast.training.history.FeatureRow;
import io.flowcast.training.history.FeatureTable;
import io.flowcast.training.history.HistoryConfig;
import io.flowcast.training.history.SimulatedHistory;
import io.flowcast.training.registry.ModelRegistry;
import io.flowcast.training.xgboost.HoldOutSplit;
import io.flowcast.training.xgboost.Hyperparameters;
import io.flowcast.training.xgboost.XgboostTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How long one local retraining takes: the whole {@link LocalRetrainingPipeline} (read the lake,
 * train, score the serving model, register with baseline, run records) on N post-change rows of
 * simulated pump history (8 pumps, 60 s windows, drift +6 after 6 h), against a v0001 trained on
 * the 6 h before, in each training mode (fresh, continue, best). Prints figures; asserts nothing.
 *
 * <pre>
 * mvn -o -q -pl training-trigger -am test-compile dependency:build-classpath \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/retrain-bench.cp -Dspotless.check.skip=true
 * java -cp training-trigger/target/test-classes:training-trigger/target/classes:\
 * stream-job/target/classes:$(cat /tmp/retrain-bench.cp) \
 *     io.flowcast.training.retraining.RetrainingBenchmark [rows...] (default 500 2000)
 * </pre>
 */
public final class RetrainingBenchmark {

    private static final int REPEATS = 3;

    public static void main(String[] args) throws Exception {
        List<Integer> sizes =
                args.length == 0
                        ? List.of(500, 2000)
                        : Arrays.stream(args).map(Integer::valueOf).collect(Collectors.toList());
        int largest = sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
        Duration window = Duration.ofSeconds(60);
        Duration driftAfter = Duration.ofHours(6);
        // 8 pumps: one row per pump and window.
        long postMinutes = (largest + 7) / 8 + 1;
        HistoryConfig config =
                HistoryConfig.builder()
                        .span(driftAfter.plusMinutes(postMinutes))
                        .windowSize(window)
                        .drift(driftAfter, 6.0)
                        .build();
        long t = System.nanoTime();
        FeatureTable all =
                SimulatedHistory.forAssetTypes(config, List.of("pump", "compressor"))
                        .generate()
                        .get("pump");
        System.out.printf(
                Locale.ROOT,
                "simulated %s: %d pump rows in %.1f s%n",
                config,
                all.size(),
                (System.nanoTime() - t) / 1e9);
        Instant driftStart = config.start().plus(driftAfter);
        List<FeatureRow> pre = new ArrayList<>();
        List<FeatureRow> post = new ArrayList<>();
        for (FeatureRow r : all.rows()) {
            (r.windowStart() < driftStart.toEpochMilli() ? pre : post).add(r);
        }

        Path root = Files.createTempDirectory("retrain-bench");
        Path seedRegistry = root.resolve("seed-registry");
        new LocalTrainer(
                        new ModelRegistry(seedRegistry),
                        new XgboostTrainer(Hyperparameters.defaults(42), HoldOutSplit.TIME, 0.2),
                        Clock.systemUTC(),
                        42)
                .trainAndPublish(all.withRows(pre), Map.of("source", "benchmark"));
        ObjectMapper json = new ObjectMapper();
        FeatureSpecs.loadFromClasspath(List.of("pump")); // warm the class path

        for (int n : sizes) {
            Path lake = root.resolve("lake-" + n);
            LakeFiles.writeCommitted(lake, LakeFiles.vectors(all.withRows(pre), window));
            LakeFiles.writeCommitted(
                    lake, LakeFiles.vectors(all.withRows(post.subList(0, n)), window));
            for (String mode : List.of("fresh", "continue", "best")) {
                for (int run = 1; run <= REPEATS; run++) {
                    Path registry = root.resolve("registry-" + n + "-" + mode + "-" + run);
                    copy(seedRegistry, registry);
                    Map<String, String> settings = new HashMap<>();
                    settings.put(ExecutionRunnerProvider.LAKE_PATH, lake.toString());
                    settings.put(ExecutionRunnerProvider.MODEL_REGISTRY, registry.toString());
                    settings.put(
                            ExecutionRunnerProvider.RUNS_PATH, root.resolve("runs").toString());
                    settings.put(RetrainingSettings.TRAINING_MODE, mode);
                    LocalRetrainingPipeline pipeline =
                            (LocalRetrainingPipeline)
                                    new LocalRetrainingProvider().create(settings);
                    String name = "retrain-pump-v0001-bench-" + n + "-" + mode + "-" + run;
                    String input =
                            RetrainRequest.builder(
                                            "pump", "v0001", "bench-" + n + "-" + mode + "-" + run)
                                    .window(driftStart, driftStart.plusSeconds(180))
                                    .build()
                                    .toExecutionInput();
                    long started = System.nanoTime();
                    JsonNode out =
                            json.readTree(
                                    pipeline.run(
                                            new LocalExecution(
                                                    "arn:local:execution:" + name,
                                                    "arn:local:stateMachine:bench",
                                                    name,
                                                    input,
                                                    Instant.now())));
                    double totalMs = (System.nanoTime() - started) / 1e6;
                    JsonNode metrics =
                            out.get("newModelVersion").isNull()
                                    ? null
                                    : json.readTree(
                                            registry.resolve("pump")
                                                    .resolve(out.get("newModelVersion").asText())
                                                    .resolve("metrics.json")
                                                    .toFile());
                    System.out.printf(
                            Locale.ROOT,
                            "rows %5d %-8s run %d: %s in %6.0f ms (XGBoost training %s ms); candidate"
                                    + " rmse %.3f vs serving %.3f%n",
                            out.get("datasetRows").asInt(),
                            mode,
                            run,
                            out.get("status").asText(),
                            totalMs,
                            metrics == null
                                    ? "-"
                                    : String.format(
                                            Locale.ROOT,
                                            "%.0f",
                                            metrics.get("trainingMillis").asDouble()),
                            out.get("candidateRmse").asDouble(),
                            out.get("currentRmse").asDouble());
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%d cores, load average %.2f%n",
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage());
        delete(root);
    }

    private static void delete(Path root) throws java.io.IOException {
        try (var files = Files.walk(root)) {
            for (Path p :
                    files.sorted(java.util.Comparator.reverseOrder())
                            .collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }

    private static void copy(Path from, Path to) throws java.io.IOException {
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
