package io.flowcast.training.retraining;

import io.flowcast.stream.config.Durations;
import io.flowcast.stream.local.stepfunctions.ExecutionRunnerProvider;
import io.flowcast.training.xgboost.Hyperparameters;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of the local retraining pipeline, immutable, read from the string map the local Step
 * Functions stand-in hands to {@link LocalRetrainingProvider} ({@link #from(Map)}; unknown keys are
 * ignored, a missing or malformed value fails naming its key).
 *
 * <pre>
 * lake.path               required  the lake's root; its features/ dataset is the training data
 * model.registry          required  the local model registry's root
 * runs.path               required  directory of run records (the DynamoDB runs table's stand-in)
 * dataset.min.rows        200       rows (with a target) needed to train; fewer: wait for more
 * dataset.wait.timeout    15m       how long to wait for them, then fail Flowcast.DatasetTooSmall
 * dataset.poll.interval   5s        how often the lake is read again while waiting
 * holdout.fraction        0.2       the newest share of windows held out for evaluation
 * min.improvement         0.05      promote when new RMSE &lt; current RMSE * (1 - this)
 * seed                    42        XGBoost seed and baseline sketches
 * hyperparameters         (none)    overrides, SageMaker XGBoost names: num_round=300,eta=0.05
 * training.mode           fresh     fresh: a new model from the post-change rows only (as the
 *                                   state machine's training job); continue: num_round more
 *                                   trees on top of the serving model; best: both, the one with
 *                                   the lower hold-out RMSE is the candidate (continue and best
 *                                   train fresh when there is no serving model or its inputs
 *                                   differ from the spec's)
 * </pre>
 *
 * Durations use the job's syntax ({@code 500ms}, {@code 5s}, {@code 15m}, {@code 1h}).
 */
public final class RetrainingSettings {

    public static final String MIN_ROWS = "dataset.min.rows";
    public static final String WAIT_TIMEOUT = "dataset.wait.timeout";
    public static final String POLL_INTERVAL = "dataset.poll.interval";
    public static final String HOLD_OUT_FRACTION = "holdout.fraction";
    public static final String MIN_IMPROVEMENT = "min.improvement";
    public static final String SEED = "seed";
    public static final String HYPERPARAMETERS = "hyperparameters";
    public static final String TRAINING_MODE = "training.mode";

    /** How the candidate is trained. */
    public enum TrainingMode {
        /** From nothing, on the post-change rows: the state machine's training job does this. */
        FRESH,
        /** The serving model boosted further on the post-change rows (training continuation). */
        CONTINUE,
        /** Both; the one with the lower hold-out RMSE becomes the candidate. */
        BEST
    }

    /** Every key with its default; the three paths have none. */
    public static final Map<String, String> DEFAULTS = defaults();

    private final Path lakePath;
    private final Path registryPath;
    private final Path runsPath;
    private final int minRows;
    private final Duration waitTimeout;
    private final Duration pollInterval;
    private final double holdOutFraction;
    private final double minImprovement;
    private final long seed;
    private final Hyperparameters hyperparameters;
    private final TrainingMode trainingMode;

    private RetrainingSettings(Map<String, String> v) {
        this.lakePath = path(v, ExecutionRunnerProvider.LAKE_PATH);
        this.registryPath = path(v, ExecutionRunnerProvider.MODEL_REGISTRY);
        this.runsPath = path(v, ExecutionRunnerProvider.RUNS_PATH);
        this.minRows = (int) integer(v, MIN_ROWS);
        if (minRows < 10) {
            throw new IllegalArgumentException(
                    MIN_ROWS
                            + ": at least 10 rows are needed to train and evaluate, got "
                            + minRows);
        }
        this.waitTimeout = duration(v, WAIT_TIMEOUT, false);
        this.pollInterval = duration(v, POLL_INTERVAL, true);
        this.holdOutFraction = number(v, HOLD_OUT_FRACTION);
        if (!(holdOutFraction > 0 && holdOutFraction < 1)) {
            throw new IllegalArgumentException(
                    HOLD_OUT_FRACTION + ": must be between 0 and 1, got " + holdOutFraction);
        }
        this.minImprovement = number(v, MIN_IMPROVEMENT);
        if (!(minImprovement >= 0 && minImprovement < 1)) {
            throw new IllegalArgumentException(
                    MIN_IMPROVEMENT + ": must be in [0, 1), got " + minImprovement);
        }
        this.seed = integer(v, SEED);
        try {
            this.hyperparameters =
                    Hyperparameters.defaults(seed)
                            .with(Hyperparameters.parseOverrides(v.get(HYPERPARAMETERS)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(HYPERPARAMETERS + ": " + e.getMessage(), e);
        }
        String mode = v.get(TRAINING_MODE).trim().toUpperCase(java.util.Locale.ROOT);
        try {
            this.trainingMode = TrainingMode.valueOf(mode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    TRAINING_MODE + ": fresh, continue or best, got '" + v.get(TRAINING_MODE) + "'",
                    e);
        }
    }

    /**
     * The settings in {@code settings}, defaults for absent optional keys.
     *
     * @throws IllegalArgumentException naming the key at fault
     */
    public static RetrainingSettings from(Map<String, String> settings) {
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        settings.forEach(
                (key, value) -> {
                    if (value != null) {
                        v.put(key, value);
                    }
                });
        return new RetrainingSettings(v);
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(MIN_ROWS, "200");
        d.put(WAIT_TIMEOUT, "15m");
        d.put(POLL_INTERVAL, "5s");
        d.put(HOLD_OUT_FRACTION, "0.2");
        d.put(MIN_IMPROVEMENT, "0.05");
        d.put(SEED, "42");
        d.put(HYPERPARAMETERS, "");
        d.put(TRAINING_MODE, "fresh");
        return java.util.Collections.unmodifiableMap(d);
    }

    public Path lakePath() {
        return lakePath;
    }

    public Path registryPath() {
        return registryPath;
    }

    public Path runsPath() {
        return runsPath;
    }

    public int minRows() {
        return minRows;
    }

    public Duration waitTimeout() {
        return waitTimeout;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public double holdOutFraction() {
        return holdOutFraction;
    }

    public double minImprovement() {
        return minImprovement;
    }

    public long seed() {
        return seed;
    }

    public TrainingMode trainingMode() {
        return trainingMode;
    }

    /** The defaults of the local trainer with the configured overrides. */
    public Hyperparameters hyperparameters() {
        return hyperparameters;
    }

    private static Path path(Map<String, String> v, String key) {
        String text = v.get(key);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(key + ": required (a directory path)");
        }
        return Paths.get(text.trim());
    }

    private static long integer(Map<String, String> v, String key) {
        String text = Objects.requireNonNull(v.get(key), key);
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not an integer: '" + text + "'", e);
        }
    }

    private static double number(Map<String, String> v, String key) {
        String text = Objects.requireNonNull(v.get(key), key);
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not a number: '" + text + "'", e);
        }
    }

    private static Duration duration(Map<String, String> v, String key, boolean positive) {
        Duration d;
        try {
            d = Durations.parse(v.get(key).trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
        if (d.isNegative() || (positive && d.isZero())) {
            throw new IllegalArgumentException(
                    key + ": must be " + (positive ? "above" : "at least") + " 0, got " + d);
        }
        return d;
    }

    @Override
    public String toString() {
        return "RetrainingSettings{lake="
                + lakePath
                + ", registry="
                + registryPath
                + ", runs="
                + runsPath
                + ", minRows="
                + minRows
                + ", waitTimeout="
                + waitTimeout
                + ", pollInterval="
                + pollInterval
                + ", holdOut="
                + holdOutFraction
                + ", minImprovement="
                + minImprovement
                + ", seed="
                + seed
                + ", hyperparameters="
                + hyperparameters
                + ", trainingMode="
                + trainingMode
                + '}';
    }
}
