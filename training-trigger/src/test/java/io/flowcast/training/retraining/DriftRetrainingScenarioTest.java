package io.flowcast.training.retraining;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.drift.DriftConfig;
import io.flowcast.stream.drift.DriftEvent;
import io.flowcast.stream.drift.DriftMonitor;
import io.flowcast.stream.drift.RegistryDriftBaselines;
import io.flowcast.stream.local.LoopbackCredentials;
import io.flowcast.stream.local.sagemaker.ModelServer;
import io.flowcast.stream.local.simulator.Signal;
import io.flowcast.stream.local.simulator.SimulatorOptions;
import io.flowcast.stream.local.stepfunctions.ExecutionRecord;
import io.flowcast.stream.local.stepfunctions.ExecutionRunner;
import io.flowcast.stream.local.stepfunctions.ExecutionRunnerProvider;
import io.flowcast.stream.local.stepfunctions.ExecutionRunners;
import io.flowcast.stream.local.stepfunctions.ExecutionStatus;
import io.flowcast.stream.local.stepfunctions.LocalStepFunctions;
import io.flowcast.stream.retrain.RetrainOutcome;
import io.flowcast.stream.retrain.RetrainRequest;
import io.flowcast.stream.retrain.RetrainTrigger;
import io.flowcast.stream.retrain.RetrainTriggerConfig;
import io.flowcast.stream.retrain.RetrainTriggerSink;
import io.flowcast.stream.window.FeatureSpec;
import io.flowcast.stream.window.FeatureSpecs;
import io.flowcast.training.LocalTrainer;
import io.flowcast.training.TrainerOptions;
import io.flowcast.training.history.FeatureRow;
import io.flowcast.training.history.HistoryConfig;
import io.flowcast.training.history.PlantWindows;
import io.flowcast.training.history.SimulatedHistory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole drift loop on a simulated plant, with every part real except the Flink runtime: the
 * simulator's physics windowed by the job's own aggregation ({@link PlantWindows}), the pump model
 * trained by the local trainer on a simulated day and served over HTTP by the local SageMaker model
 * server, the job's {@link DriftMonitor} with the registry's baselines, the job's retraining
 * trigger mapping ({@link RetrainTriggerSink#requestOf}) and {@link RetrainTrigger} calling the
 * local Step Functions stand-in, whose runner is the trainer's local retraining pipeline
 * (discovered by ServiceLoader, as in the local run), reading committed Parquet files of the lake's
 * {@code features/} dataset and publishing the new version to the registry the model server
 * hot-swaps from.
 *
 * <p>Scenario: {@value #STABLE_WINDOWS} stable windows of 30 s on 12 pumps, then a +6 °C offset of
 * every pump's bearing-temperature sensor (the model's target). Checked: no drift event in the
 * stable windows, a drift event within 3 windows of the onset, exactly one retraining run in the
 * cooldown however many events the episode raises, the new version served without a restart, and
 * its residual RMSE within 20% of the pre-drift figure. The figures are printed.
 *
 * <p>The stream pauses only while the retraining has all the rows it waits for and is training, so
 * its dataset does not depend on the machine's speed.
 */
class DriftRetrainingScenarioTest {

    static final int STABLE_WINDOWS = 220;
    static final Duration WINDOW = Duration.ofSeconds(30);

    /** Rows after the change the retraining waits for: 34 windows of the 12 pumps. */
    static final int MIN_ROWS = 400;

    /**
     * The retraining continues the served model with 30 depth-1 trees: a small correction, which is
     * what a sensor offset needs. Training from nothing on 400 rows, or continuing with the
     * trainer's default 200 depth-5 trees, gave 1.35-1.42x the pre-drift RMSE (see the note).
     */
    static final String RETRAINING_HYPERPARAMETERS = "num_round=30,max_depth=1";

    static final int WINDOWS_AFTER_SWAP = 60;
    static final double OFFSET = 6.0;
    static final String STATE_MACHINE =
            "arn:aws:states:us-east-1:000000000000:stateMachine:flowcast-retraining";

    @TempDir Path dir;

    @Test
    void aSensorOffsetIsDetectedRetrainedOnceAndTheNewVersionFitsAgain() throws Exception {
        Path registry = dir.resolve("registry");
        Path lake = dir.resolve("lake");
        List<String> types = List.of("pump", "compressor");
        HistoryConfig history =
                HistoryConfig.builder()
                        .hours(24)
                        .seed(42)
                        .windowSize(WINDOW)
                        .plant(2, 2, 5)
                        .build();
        LocalTrainer trainer =
                LocalTrainer.fromOptions(
                        TrainerOptions.parse("--registry", registry.toString()), Clock.systemUTC());
        trainer.trainFromHistory(history, types, false);

        // The live plant: the trained fleet on the next day, from the same hour.
        SimulatedHistory trained = SimulatedHistory.forAssetTypes(history, types);
        long liveStart = trained.startMillis() + history.span().toMillis();
        SimulatorOptions live =
                SimulatorOptions.builder()
                        .sites(2)
                        .linesPerSite(2)
                        .assetsPerLine(5)
                        .interval(Duration.ofSeconds(1))
                        .seed(42)
                        .driftStart(WINDOW.multipliedBy(STABLE_WINDOWS))
                        .driftSignal(Signal.BEARING_TEMP)
                        .driftOffset(OFFSET)
                        .build();
        PlantWindows plant =
                new PlantWindows(
                        live,
                        FeatureSpecs.loadFromClasspath(types),
                        trained.windowConfig(),
                        liveStart);
        FeatureSpec pump = FeatureSpecs.loadFromClasspath(List.of("pump")).forType("pump");

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(ExecutionRunnerProvider.LAKE_PATH, lake.toString());
        settings.put(ExecutionRunnerProvider.MODEL_REGISTRY, registry.toString());
        settings.put(ExecutionRunnerProvider.RUNS_PATH, dir.resolve("runs").toString());
        settings.put("dataset.min.rows", String.valueOf(MIN_ROWS));
        settings.put("dataset.poll.interval", "100ms");
        settings.put("training.mode", "continue");
        settings.put("hyperparameters", RETRAINING_HYPERPARAMETERS);
        ExecutionRunner runner = ExecutionRunners.load(settings).orElseThrow();

        Figures figures = new Figures();
        try (ModelServer models =
                        ModelServer.builder(registry).pollInterval(Duration.ofMillis(100)).start();
                LocalStepFunctions stepFunctions =
                        LocalStepFunctions.builder().stateMachine(STATE_MACHINE, runner).start();
                RetrainTrigger trigger =
                        RetrainTrigger.create(
                                RetrainTriggerConfig.builder(STATE_MACHINE)
                                        .endpointOverride(stepFunctions.endpoint())
                                        .build())) {
            LoopbackCredentials.useDummyCredentialsForLoopback(stepFunctions.endpoint());
            DriftMonitor monitor =
                    new DriftMonitor(
                            DriftConfig.defaults(),
                            new RegistryDriftBaselines(registry.toUri().toString()));
            HttpClient http = HttpClient.newHttpClient();
            long cutOff = Long.MAX_VALUE; // the started run's evidence.windowStart
            int rowsForTheRun = 0;
            for (int w = 0; figures.windowsServedBy("v0002") < WINDOWS_AFTER_SWAP; w++) {
                assertThat(w)
                        .as("windows without the new version")
                        .isLessThan(STABLE_WINDOWS + 200);
                List<FeatureRow> rows = plant.next().get("pump");
                LakeFiles.writeCommitted(lake, vectors(pump, rows));
                if (rows.get(0).windowStart() + WINDOW.toMillis() >= cutOff) {
                    rowsForTheRun += rows.size();
                }
                Scored scored = score(http, models.endpoint(), rows, pump.featureCount(), null);
                if (!scored.version.equals("v0001")) {
                    // v0001 on the same windows, with the known offset taken off the actuals
                    Scored old = score(http, models.endpoint(), rows, pump.featureCount(), "v0001");
                    for (int r = 0; r < rows.size(); r++) {
                        figures.residual(
                                "v0001-offset-removed",
                                true,
                                rows.get(r).target() - OFFSET - old.predictions[r]);
                    }
                }
                figures.window(w, scored.version);
                long windowEnd = rows.get(0).windowStart() + WINDOW.toMillis();
                for (int r = 0; r < rows.size(); r++) {
                    double residual = rows.get(r).target() - scored.predictions[r];
                    figures.residual(scored.version, w >= STABLE_WINDOWS, residual);
                    List<DriftEvent> events =
                            monitor.add(
                                    "pump",
                                    scored.version,
                                    windowEnd,
                                    pump.featureNames().toArray(new String[0]),
                                    features(rows.get(r)),
                                    residual);
                    for (DriftEvent e : events) {
                        int detectedIn =
                                (int) ((e.lastWindowEnd - liveStart) / WINDOW.toMillis()) - 1;
                        figures.event(detectedIn, e);
                        RetrainRequest request = RetrainTriggerSink.requestOf(e);
                        RetrainOutcome outcome = trigger.trigger(request);
                        figures.outcome(outcome.status());
                        if (outcome.status() == RetrainOutcome.Status.STARTED) {
                            cutOff = request.windowStart().toEpochMilli();
                            rowsForTheRun =
                                    (int) ((windowEnd - cutOff) / WINDOW.toMillis() + 1)
                                            * rows.size();
                        }
                    }
                }
                if (rowsForTheRun >= MIN_ROWS && running(stepFunctions)) {
                    // The run has every row it waits for: let it train before the plant goes on.
                    assertThat(stepFunctions.awaitIdle(Duration.ofMinutes(3))).isTrue();
                    awaitServed(models, registry);
                }
            }
            figures.print(STABLE_WINDOWS);

            List<ExecutionRecord> runs = stepFunctions.executions();
            assertThat(runs).as("retraining runs").hasSize(1);
            assertThat(runs.get(0).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(runs.get(0).output()).contains("\"status\":\"PROMOTED\"", "v0002");
            assertThat(runs.get(0).name()).startsWith("retrain-pump-v0001-");
        }

        assertThat(figures.eventsBefore(STABLE_WINDOWS)).as("false alarms").isZero();
        assertThat(figures.firstDetection()).as("first drift event's window").isPresent();
        assertThat(figures.firstDetection().get() - STABLE_WINDOWS)
                .as("detection delay in windows")
                .isBetween(0, 3);
        assertThat(figures.outcomes.get(RetrainOutcome.Status.STARTED)).isEqualTo(1);
        assertThat(figures.eventsOf("v0002")).as("drift events of the new version").isZero();
        double before = figures.rmse("v0001", false);
        double drifted = figures.rmse("v0001", true);
        double after = figures.rmse("v0002", true);
        assertThat(drifted).as("v0001 on drifted data").isGreaterThan(2 * before);
        assertThat(after).as("v0002 against the pre-drift RMSE").isLessThanOrEqualTo(1.2 * before);
    }

    private static boolean running(LocalStepFunctions stepFunctions) {
        return stepFunctions.executions().stream()
                .anyMatch(e -> e.status() == ExecutionStatus.RUNNING);
    }

    /** Waits until the model server serves the registry's newest pump version. */
    private static void awaitServed(ModelServer models, Path registry) throws Exception {
        String newest =
                new io.flowcast.stream.local.sagemaker.ModelRegistry(registry)
                        .latest("pump")
                        .orElseThrow()
                        .version();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!models.servedVersion("pump").orElse("").equals(newest)
                && System.nanoTime() < deadline) {
            models.refresh();
            Thread.sleep(50);
        }
    }

    private static Double[] features(FeatureRow row) {
        Double[] out = new Double[row.width()];
        for (int i = 0; i < out.length; i++) {
            float v = row.feature(i);
            out[i] = Float.isNaN(v) ? null : (double) v;
        }
        return out;
    }

    private static List<io.flowcast.stream.window.FeatureVector> vectors(
            FeatureSpec spec, List<FeatureRow> rows) {
        List<io.flowcast.stream.window.FeatureVector> out = new ArrayList<>();
        for (FeatureRow row : rows) {
            out.add(LakeFiles.vector(spec, row, WINDOW));
        }
        return out;
    }

    /** One window's rows scored through the model server's InvokeEndpoint API (text/csv). */
    private static Scored score(
            HttpClient http, URI server, List<FeatureRow> rows, int columns, String pinned)
            throws Exception {
        StringBuilder csv = new StringBuilder();
        for (FeatureRow row : rows) {
            for (int c = 0; c < columns; c++) {
                float v = row.feature(c);
                csv.append(c == 0 ? "" : ",").append(Float.isNaN(v) ? "" : Float.toString(v));
            }
            csv.append('\n');
        }
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(
                                        server.resolve(
                                                "/endpoints/"
                                                        + ModelServer.endpointName("pump")
                                                        + "/invocations"))
                                .header("Content-Type", "text/csv")
                                .headers(
                                        pinned == null
                                                ? new String[] {"Accept", "text/csv"}
                                                : new String[] {
                                                    "X-Amzn-SageMaker-Target-Model", pinned
                                                })
                                .POST(HttpRequest.BodyPublishers.ofString(csv.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String attributes =
                response.headers().firstValue("X-Amzn-SageMaker-Custom-Attributes").orElseThrow();
        String version = attributes.replaceFirst("^model-version=([^,]+).*$", "$1");
        String[] lines = response.body().trim().split("\n");
        double[] predictions = new double[lines.length];
        for (int i = 0; i < lines.length; i++) {
            predictions[i] = Double.parseDouble(lines[i].trim());
        }
        assertThat(predictions).hasSize(rows.size());
        return new Scored(version, predictions);
    }

    private static final class Scored {
        final String version;
        final double[] predictions;

        Scored(String version, double[] predictions) {
            this.version = version;
            this.predictions = predictions;
        }
    }

    /** What the scenario measured. */
    private static final class Figures {
        final Map<String, double[]> squares = new TreeMap<>(); // version/phase -> {sq, n, sum}
        final Map<String, Integer> windowsByVersion = new TreeMap<>();
        final List<String> eventLines = new ArrayList<>();
        final List<Integer> eventWindows = new ArrayList<>();
        final List<String> eventVersions = new ArrayList<>();
        final Map<RetrainOutcome.Status, Integer> outcomes =
                new EnumMap<>(RetrainOutcome.Status.class);
        Integer firstV2Window;

        void window(int w, String version) {
            windowsByVersion.merge(version, 1, Integer::sum);
            if (version.equals("v0002") && firstV2Window == null) {
                firstV2Window = w;
            }
        }

        int windowsServedBy(String version) {
            return windowsByVersion.getOrDefault(version, 0);
        }

        void residual(String version, boolean afterOnset, double r) {
            double[] acc = squares.computeIfAbsent(version + "/" + afterOnset, k -> new double[3]);
            acc[0] += r * r;
            acc[1]++;
            acc[2] += r;
        }

        double mean(String version, boolean afterOnset) {
            double[] acc = squares.get(version + "/" + afterOnset);
            return acc == null ? Double.NaN : acc[2] / acc[1];
        }

        double rmse(String version, boolean afterOnset) {
            double[] acc = squares.get(version + "/" + afterOnset);
            return acc == null ? Double.NaN : Math.sqrt(acc[0] / acc[1]);
        }

        void event(int window, DriftEvent e) {
            eventWindows.add(window);
            eventVersions.add(e.modelVersion);
            eventLines.add("window " + window + ": " + e);
        }

        void outcome(RetrainOutcome.Status status) {
            outcomes.merge(status, 1, Integer::sum);
        }

        long eventsBefore(int window) {
            return eventWindows.stream().filter(w -> w < window).count();
        }

        long eventsOf(String version) {
            return eventVersions.stream().filter(version::equals).count();
        }

        java.util.Optional<Integer> firstDetection() {
            return eventWindows.stream().min(Integer::compare);
        }

        void print(int onset) {
            System.out.println("Drift scenario figures (onset at window " + onset + "):");
            eventLines.forEach(line -> System.out.println("  " + line));
            System.out.printf(
                    "  stable windows %d, false alarms %d, detection delay %s windows%n",
                    onset,
                    eventsBefore(onset),
                    firstDetection().map(w -> String.valueOf(w - onset)).orElse("-"));
            System.out.printf("  trigger outcomes %s%n", outcomes);
            System.out.printf(
                    "  residual RMSE: v0001 before onset %.3f, v0001 after onset %.3f, v0002 %.3f"
                            + " (%.2fx the pre-drift figure); v0002 served from window %s for %d"
                            + " windows%n",
                    rmse("v0001", false),
                    rmse("v0001", true),
                    rmse("v0002", true),
                    rmse("v0002", true) / rmse("v0001", false),
                    firstV2Window,
                    windowsServedBy("v0002"));
            System.out.printf(
                    "  v0002 residual mean %.3f; v0001 on the same windows with the offset taken"
                            + " off the actuals: RMSE %.3f%n",
                    mean("v0002", true), rmse("v0001-offset-removed", true));
        }
    }
}
