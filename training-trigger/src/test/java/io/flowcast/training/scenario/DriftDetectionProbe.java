package io.flowcast.training.scenario;

import io.flowcast.stream.drift.DriftConfig;
import io.flowcast.stream.drift.DriftEvent;
import io.flowcast.stream.drift.DriftMonitor;
import io.flowcast.stream.drift.RegistryDriftBaselines;
import io.flowcast.stream.local.sagemaker.FeatureRows;
import io.flowcast.stream.local.sagemaker.ModelRegistry;
import io.flowcast.stream.local.sagemaker.ScoringModel;
import io.flowcast.stream.local.simulator.Signal;
import io.flowcast.stream.local.simulator.SimulatorOptions;
import io.flowcast.training.LocalTrainer;
import io.flowcast.training.history.FeatureRow;
import io.flowcast.training.history.HistoryConfig;
import io.flowcast.training.history.PlantWindows;
import io.flowcast.training.history.SimulatedHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Temporary probe: detection delay and false alarms of the default drift config. */
public final class DriftDetectionProbe {
    public static void main(String[] args) throws Exception {
        Path registry = Files.createTempDirectory("probe-registry");
        HistoryConfig history =
                HistoryConfig.builder()
                        .hours(24)
                        .seed(42)
                        .windowSize(Duration.ofSeconds(30))
                        .plant(2, 2, 4)
                        .build();
        io.flowcast.training.TrainerOptions opts =
                io.flowcast.training.TrainerOptions.parse(
                        new String[] {"--registry", registry.toString(), "--window", "30s"});
        LocalTrainer trainer = LocalTrainer.fromOptions(opts, Clock.systemUTC());
        System.out.println(trainer.trainFromHistory(history, List.of("pump", "compressor"), false));
        SimulatedHistory sim = SimulatedHistory.forAssetTypes(history, List.of("pump", "compressor"));
        long start = sim.startMillis() + history.span().toMillis();
        int onsetWindow = Integer.parseInt(args.length > 0 ? args[0] : "220");
        SimulatorOptions live =
                SimulatorOptions.builder()
                        .sites(2)
                        .linesPerSite(2)
                        .assetsPerLine(4)
                        .interval(Duration.ofSeconds(1))
                        .seed(42)
                        .driftStart(Duration.ofSeconds(30L * onsetWindow))
                        .driftSignal(Signal.BEARING_TEMP)
                        .driftOffset(6.0)
                        .build();
        PlantWindows windows =
                new PlantWindows(
                        live,
                        io.flowcast.stream.window.FeatureSpecs.loadFromClasspath(
                                List.of("pump", "compressor")),
                        sim.windowConfig(),
                        start);
        ScoringModel model = ScoringModel.load(new ModelRegistry(registry).latest("pump").get(), 1);
        DriftMonitor monitor =
                new DriftMonitor(
                        DriftConfig.defaults(),
                        new RegistryDriftBaselines(registry.toUri().toString()));
        List<String> names = model.metadata().featureNames();
        String[] nameArr = names.toArray(new String[0]);
        double ss = 0;
        int n = 0;
        for (int w = 0; w < onsetWindow + 30; w++) {
            List<FeatureRow> rows = windows.next().get("pump");
            float[] x = new float[rows.size() * names.size()];
            for (int r = 0; r < rows.size(); r++) {
                System.arraycopy(rows.get(r).features(), 0, x, r * names.size(), names.size());
            }
            float[] pred = model.predict(new FeatureRows(x, rows.size(), names.size()));
            long windowEnd = rows.get(0).windowStart() + 30_000;
            for (int r = 0; r < rows.size(); r++) {
                Double[] f = new Double[names.size()];
                for (int c = 0; c < f.length; c++) {
                    float v = rows.get(r).feature(c);
                    f[c] = Float.isNaN(v) ? null : (double) v;
                }
                double residual = rows.get(r).target() - pred[r];
                if (w < onsetWindow) {
                    ss += residual * residual;
                    n++;
                }
                for (DriftEvent e :
                        monitor.add("pump", model.version(), windowEnd, nameArr, f, residual)) {
                    System.out.printf(
                            "window %d (onset %d): %s%n",
                            (windowEnd - start) / 30_000 - 1, onsetWindow, e);
                }
            }
        }
        System.out.printf("pre-drift RMSE %.3f over %d%n", Math.sqrt(ss / n), n);
    }
}
