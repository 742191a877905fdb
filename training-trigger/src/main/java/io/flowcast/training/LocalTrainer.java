package io.flowcast.training;

import io.flowcast.training.history.FeatureTable;
import io.flowcast.training.history.HistoryConfig;
import io.flowcast.training.history.SimulatedHistory;
import io.flowcast.training.registry.ModelRegistry;
import io.flowcast.training.xgboost.Hyperparameters;
import io.flowcast.training.xgboost.TrainedModel;
import io.flowcast.training.xgboost.XgboostTrainer;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The local trainer: trains each asset type's normal-behaviour model with XGBoost and publishes it
 * to the local {@link ModelRegistry}, with its hold-out metrics and its Model Monitor baseline.
 *
 * <p>Java API: {@link #trainFromHistory(HistoryConfig, Collection, boolean)} generates simulated
 * history with the job's own feature code and trains every type; {@link #trainAndPublish(
 * FeatureTable, Map)} trains one type from any feature table (the entry point for history read from
 * the data lake later). Command line: {@link #main(String[])}, flags in {@link TrainerOptions};
 * prints one line per asset type and exits non-zero on a bad flag or a failure.
 */
public final class LocalTrainer {

    private final ModelRegistry registry;
    private final XgboostTrainer trainer;
    private final Clock clock;
    private final long seed;

    /**
     * @param registry where versions are written
     * @param trainer the XGBoost trainer (hyperparameters, split)
     * @param clock stamps {@code trainedAt}
     * @param seed for the baseline sketches
     */
    public LocalTrainer(ModelRegistry registry, XgboostTrainer trainer, Clock clock, long seed) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.trainer = Objects.requireNonNull(trainer, "trainer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.seed = seed;
    }

    /** The trainer the options describe, writing to their registry. */
    public static LocalTrainer fromOptions(TrainerOptions options, Clock clock) {
        Hyperparameters hp = Hyperparameters.defaults(options.seed).with(options.hyperparameters);
        return new LocalTrainer(
                new ModelRegistry(options.registry),
                new XgboostTrainer(hp, options.split, options.holdOutFraction),
                clock,
                options.seed);
    }

    /** The history the options describe. */
    public static HistoryConfig historyConfig(TrainerOptions options) {
        return HistoryConfig.builder()
                .hours(options.hours)
                .seed(options.seed)
                .windowSize(options.window)
                .plant(options.sites, options.linesPerSite, options.assetsPerLine)
                .build();
    }

    public ModelRegistry registry() {
        return registry;
    }

    /**
     * Trains the given asset types from simulated history and publishes a version of each.
     *
     * @param ifEmpty skip types that already have a version
     * @return one outcome per asset type, in the given order
     */
    public List<TrainingOutcome> trainFromHistory(
            HistoryConfig history, Collection<String> assetTypes, boolean ifEmpty) {
        List<String> toTrain = new ArrayList<>();
        Map<String, TrainingOutcome> skipped = new LinkedHashMap<>();
        for (String type : assetTypes) {
            Optional<String> existing = registry.latestVersion(type);
            if (ifEmpty && existing.isPresent()) {
                skipped.put(type, TrainingOutcome.skipped(type, "has " + existing.get()));
            } else {
                toTrain.add(type);
            }
        }
        Map<String, FeatureTable> tables =
                toTrain.isEmpty()
                        ? Map.of()
                        : SimulatedHistory.forAssetTypes(history, toTrain).generate();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("source", "simulated");
        info.put("hours", history.span().toMillis() / 3_600_000.0);
        info.put("windowSize", history.windowSize().toString());
        info.put("start", history.start().toString());
        info.put("seed", history.seed());
        info.put(
                "plant",
                history.sites() + "x" + history.linesPerSite() + "x" + history.assetsPerLine());
        List<TrainingOutcome> outcomes = new ArrayList<>();
        for (String type : assetTypes) {
            TrainingOutcome outcome = skipped.get(type);
            outcomes.add(outcome != null ? outcome : trainAndPublish(tables.get(type), info));
        }
        return outcomes;
    }

    /**
     * Trains one asset type's model from {@code table} and publishes it as the next version.
     *
     * @param dataInfo facts about where the rows came from, written to {@code metrics.json}
     */
    public TrainingOutcome trainAndPublish(FeatureTable table, Map<String, Object> dataInfo) {
        long started = System.nanoTime();
        TrainedModel model = train(table);
        try {
            String version = publish(model, dataInfo);
            return TrainingOutcome.published(
                    table.assetType(),
                    version,
                    table.size(),
                    model.holdOutMetrics(),
                    model.trainingMillis(),
                    (System.nanoTime() - started) / 1e6);
        } finally {
            model.dispose();
        }
    }

    /**
     * Trains one asset type's model from {@code table} (split, XGBoost, hold-out metrics) without
     * publishing it: the first half of {@link #trainAndPublish}, for callers that judge the model
     * before they publish it (the local retraining pipeline). The caller disposes the model.
     *
     * @throws IllegalArgumentException if the table cannot be split (too few rows)
     * @throws IllegalStateException if XGBoost fails
     */
    public TrainedModel train(FeatureTable table) {
        return trainer.train(table);
    }

    /**
     * Like {@link #train(FeatureTable)}, continuing to boost a saved model ({@link
     * XgboostTrainer#train(FeatureTable, byte[])}).
     */
    public TrainedModel train(FeatureTable table, byte[] initialModel) {
        return trainer.train(table, initialModel);
    }

    /**
     * Publishes {@code model} as the next version of its asset type: the archive, metadata, metrics
     * (with {@code dataInfo} under {@code data}) and the Model Monitor baseline of its rows and
     * hold-out residuals (see {@link ModelPackage}).
     *
     * @return the version written, e.g. {@code v0002}
     * @throws java.io.UncheckedIOException if the registry cannot be written
     */
    public String publish(TrainedModel model, Map<String, Object> dataInfo) {
        ModelPackage pkg = new ModelPackage(model, clock.instant(), dataInfo, seed);
        return registry.publish(model.data().assetType(), pkg::files);
    }

    /** Runs the command line; see {@link TrainerOptions} for the flags. */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** The command line with its output streams: 0 on success, 2 on a bad flag, 1 on failure. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        TrainerOptions options;
        try {
            options = TrainerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("flowcast-trainer: " + e.getMessage());
            return 2;
        }
        try {
            HistoryConfig history = historyConfig(options);
            LocalTrainer trainer = fromOptions(options, Clock.systemUTC());
            long started = System.nanoTime();
            List<TrainingOutcome> outcomes =
                    trainer.trainFromHistory(history, options.assetTypes(), options.ifEmpty());
            for (TrainingOutcome outcome : outcomes) {
                out.println(outcome.describe());
            }
            out.printf(
                    Locale.ROOT,
                    "registry %s; %s; total %.1f s%n",
                    options.registry().toAbsolutePath().normalize(),
                    history,
                    (System.nanoTime() - started) / 1e9);
            return 0;
        } catch (RuntimeException e) {
            err.println("flowcast-trainer: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }
}
