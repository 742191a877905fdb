package io.flowcast.training.retraining;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowcast.stream.local.sagemaker.FeatureRows;
import io.flowcast.stream.local.sagemaker.ModelArchive;
import io.flowcast.stream.local.sagemaker.RegisteredModel;
import io.flowcast.stream.local.sagemaker.ScoringModel;
import io.flowcast.stream.local.stepfunctions.ExecutionFailedException;
import io.flowcast.stream.local.stepfunctions.ExecutionRunner;
import io.flowcast.stream.local.stepfunctions.LocalExecution;
import io.flowcast.stream.window.FeatureSpec;
import io.flowcast.stream.window.FeatureSpecs;
import io.flowcast.training.LocalTrainer;
import io.flowcast.training.history.FeatureTable;
import io.flowcast.training.registry.ModelRegistry;
import io.flowcast.training.xgboost.HoldOutSplit;
import io.flowcast.training.xgboost.RegressionMetrics;
import io.flowcast.training.xgboost.TrainedModel;
import io.flowcast.training.xgboost.XgboostTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retraining state machine ({@code kda-config/retraining.asl.json}) run locally, in Java, on
 * the local lake and the local model registry: the local Step Functions stand-in's {@link
 * ExecutionRunner} (created by {@link LocalRetrainingProvider}).
 *
 * <p>Steps, each logged at INFO as one line starting {@code retrain <execution name>:}:
 *
 * <ol>
 *   <li><b>RecordStart</b>: a RUNNING {@link RunRecord} in the {@link RunRecordStore}.
 *   <li><b>BuildDataset</b>: the asset type's rows of its current feature spec version from the
 *       lake's committed {@code features/} files whose window ends after the drift evidence's
 *       {@code windowStart} ({@link LakeFeatures}); rows without a target actual are dropped. With
 *       fewer than {@code dataset.min.rows}, the lake is read again every {@code
 *       dataset.poll.interval} until there are enough; after {@code dataset.wait.timeout} the run
 *       fails with {@value #DATASET_TOO_SMALL}.
 *   <li><b>Train</b>: XGBoost through {@link LocalTrainer#train} with the local trainer's
 *       hyperparameters; the newest {@code holdout.fraction} of windows is held out ({@link
 *       HoldOutSplit#TIME}). {@code training.mode=continue} boosts the serving model further
 *       instead of starting from nothing; {@code best} trains both ways and keeps the one with the
 *       lower hold-out RMSE.
 *   <li><b>Evaluate</b>: the served (latest) registry version scores the same held-out rows, the
 *       way the model server loads it ({@link ScoringModel}). The candidate is better when its RMSE
 *       is below the current RMSE times {@code 1 - min.improvement}, or when there is no current
 *       model. Not better: <b>RecordNotPromoted</b>, and the execution succeeds (the ASL's {@code
 *       NotPromoted}).
 *   <li><b>Register</b> (the ASL's ProduceBaseline, RegisterModelPackage, RegistryVersion, the
 *       Publish* states and the endpoint update in between): {@link LocalTrainer#publish} writes
 *       the next registry version with metrics, the Model Monitor baseline and, under {@code
 *       metrics.json}'s {@code data}, the dataset and the drift episode, renaming the finished
 *       directory into place as the ASL's last upload, {@code metadata.json}, completes the entry.
 *       The model server polls the registry and serves it: publishing is the local deployment. The
 *       version is the next free registry number; on AWS it is the model package's number, which
 *       the first model's {@code scripts/publish-model.sh} registers too, so both count up from the
 *       first published version.
 *   <li><b>RecordPromoted</b>, or on any failure <b>RecordFailure</b> (error, cause, failing state)
 *       and an {@link ExecutionFailedException}: {@value #INVALID_INPUT}, {@value #DATASET_FAILED},
 *       {@value #DATASET_TOO_SMALL}, {@value #TRAINING_FAILED}, {@value #EVALUATION_FAILED},
 *       {@value #REGISTRATION_FAILED}, {@value #RUN_RECORD_FAILED}, {@value #INTERRUPTED}.
 * </ol>
 *
 * <p>Returns the execution output, a JSON object: {@code status} (PROMOTED or NOT_PROMOTED), {@code
 * assetType}, {@code runId}, {@code currentModelVersion}, {@code newModelVersion}, {@code
 * candidateRmse}, {@code currentRmse}, {@code datasetRows}, {@code runRecord} (its file), {@code
 * durationMillis}. One execution at a time per instance (the stand-in's contract).
 */
public final class LocalRetrainingPipeline implements ExecutionRunner {

    public static final String INVALID_INPUT = "Flowcast.InvalidInput";
    public static final String DATASET_FAILED = "Flowcast.DatasetFailed";
    public static final String DATASET_TOO_SMALL = "Flowcast.DatasetTooSmall";
    public static final String TRAINING_FAILED = "Flowcast.TrainingFailed";
    public static final String EVALUATION_FAILED = "Flowcast.EvaluationFailed";
    public static final String REGISTRATION_FAILED = "Flowcast.RegistrationFailed";
    public static final String RUN_RECORD_FAILED = "Flowcast.RunRecordFailed";
    public static final String INTERRUPTED = "Flowcast.Interrupted";

    private static final Logger LOG = LoggerFactory.getLogger(LocalRetrainingPipeline.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final RetrainingSettings settings;
    private final LocalTrainer trainer;
    private final io.flowcast.stream.local.sagemaker.ModelRegistry registry;
    private final RunRecordStore runs;
    private final Clock clock;

    /**
     * @param settings paths and knobs
     * @param clock stamps run records and {@code trainedAt}
     */
    public LocalRetrainingPipeline(RetrainingSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.trainer =
                new LocalTrainer(
                        new ModelRegistry(settings.registryPath()),
                        new XgboostTrainer(
                                settings.hyperparameters(),
                                HoldOutSplit.TIME,
                                settings.holdOutFraction()),
                        clock,
                        settings.seed());
        this.registry =
                new io.flowcast.stream.local.sagemaker.ModelRegistry(settings.registryPath());
        this.runs = new RunRecordStore(settings.runsPath());
    }

    public RetrainingSettings settings() {
        return settings;
    }

    @Override
    public String run(LocalExecution execution) throws ExecutionFailedException {
        RetrainingInput input;
        try {
            input = RetrainingInput.parse(execution.input());
        } catch (IllegalArgumentException e) {
            LOG.warn("retrain {}: rejected input: {}", execution.name(), e.getMessage());
            throw new ExecutionFailedException(INVALID_INPUT, e.getMessage(), e);
        }
        return new Run(execution, input).execute();
    }

    /** One execution's state: its record and the step it is in. */
    private final class Run {
        private final LocalExecution execution;
        private final RetrainingInput input;
        private final RunRecord record;
        private final String tag;
        private final long startedNanos = System.nanoTime();
        private String state = "RecordStart";
        private Path recordFile;

        Run(LocalExecution execution, RetrainingInput input) {
            this.execution = execution;
            this.input = input;
            this.record =
                    RunRecord.start(
                            UUID.randomUUID().toString(), execution, input, clock.instant());
            this.tag = "retrain " + execution.name() + ":";
        }

        String execute() throws ExecutionFailedException {
            try {
                recordFile = runs.write(record);
            } catch (IOException e) {
                // Like the ASL's RecordStart: without a record there is nothing to record into.
                throw new ExecutionFailedException(
                        RUN_RECORD_FAILED, "cannot write the run record: " + e, e);
            }
            LOG.info(
                    "{} RecordStart: {} run {} (serving {}, episode {}, reason {}, by {}); record {}",
                    tag,
                    input.assetType(),
                    record.toJson().get("id").asText(),
                    input.modelVersion(),
                    input.episodeId(),
                    input.reason(),
                    input.requestedBy(),
                    recordFile);

            try {
                state = "BuildDataset";
                LakeFeatures.Selection dataset = buildDataset();

                state = "Train";
                TrainedModel model;
                try {
                    model = trainCandidate(dataset);
                } catch (IOException | RuntimeException | LinkageError e) {
                    // LinkageError: XGBoost's native library could not be loaded.
                    throw fail(TRAINING_FAILED, "training failed: " + e, e);
                }
                try {
                    return evaluateAndRegister(dataset, model);
                } finally {
                    model.dispose();
                }
            } catch (RuntimeException e) {
                // A bug rather than a foreseen failure: still recorded, as the ASL's States.ALL.
                throw fail("States.Runtime", e.toString(), e);
            }
        }

        /**
         * Train: from nothing ({@code fresh}), by boosting the serving model further ({@code
         * continue}), or both, keeping the one with the lower hold-out RMSE ({@code best}). The
         * record's {@code training} says which.
         */
        private TrainedModel trainCandidate(LakeFeatures.Selection dataset) throws IOException {
            RetrainingSettings.TrainingMode mode = settings.trainingMode();
            String modeName = mode.name().toLowerCase(Locale.ROOT);
            Optional<RegisteredModel> start =
                    mode == RetrainingSettings.TrainingMode.FRESH
                            ? Optional.empty()
                            : continuable(dataset.spec());
            if (start.isEmpty()) {
                record.training(modeName, null, "fresh", null, null);
                return trainer.train(dataset.table());
            }
            byte[] saved = ModelArchive.readModel(start.get().modelArchive());
            String version = start.get().version();
            if (mode == RetrainingSettings.TrainingMode.CONTINUE) {
                record.training(modeName, version, "continue", null, null);
                return trainer.train(dataset.table(), saved);
            }
            TrainedModel fresh = trainer.train(dataset.table());
            TrainedModel continued;
            try {
                continued = trainer.train(dataset.table(), saved);
            } catch (RuntimeException e) {
                fresh.dispose();
                throw e;
            }
            double freshRmse = fresh.holdOutMetrics().rmse();
            double continuedRmse = continued.holdOutMetrics().rmse();
            boolean keepContinued = continuedRmse < freshRmse;
            LOG.info(
                    String.format(
                            Locale.ROOT,
                            "%s Train: hold-out rmse from nothing %.4f, continuing %s %.4f: keeping"
                                    + " %s",
                            tag,
                            freshRmse,
                            version,
                            continuedRmse,
                            keepContinued ? "the continued one" : "the new one"));
            (keepContinued ? fresh : continued).dispose();
            record.training(
                    modeName,
                    keepContinued ? version : null,
                    keepContinued ? "continue" : "fresh",
                    freshRmse,
                    continuedRmse);
            return keepContinued ? continued : fresh;
        }

        /** The serving version, if its inputs are the spec's (so its trees can be continued). */
        private Optional<RegisteredModel> continuable(FeatureSpec spec) throws IOException {
            Optional<RegisteredModel> current = registry.latest(input.assetType());
            if (current.isEmpty()) {
                LOG.info("{} Train: no serving model to continue: training from nothing", tag);
                return Optional.empty();
            }
            if (!current.get().metadata().featureNames().equals(spec.featureNames())) {
                LOG.info(
                        "{} Train: {}'s inputs differ from spec v{}'s: training from nothing",
                        tag,
                        current.get().version(),
                        spec.version());
                return Optional.empty();
            }
            return current;
        }

        private String evaluateAndRegister(LakeFeatures.Selection dataset, TrainedModel model)
                throws ExecutionFailedException {
            ObjectNode d = record.dataset();
            d.put("trainRows", model.trainPart().size());
            d.put("holdOutRows", model.holdOutPart().size());
            String startedFrom = record.toJson().path("training").path("startedFrom").asText(null);
            LOG.info(
                    String.format(
                            Locale.ROOT,
                            "%s Train: XGBoost%s on %d rows in %.0f ms; hold-out (newest %d rows)"
                                    + " rmse %.4f mae %.4f",
                            tag,
                            startedFrom == null ? "" : " (continuing " + startedFrom + ")",
                            model.trainPart().size(),
                            model.trainingMillis(),
                            model.holdOutPart().size(),
                            model.holdOutMetrics().rmse(),
                            model.holdOutMetrics().mae()));

            state = "Evaluate";
            RegressionMetrics candidate = model.holdOutMetrics();
            Optional<RegisteredModel> current;
            RegressionMetrics currentMetrics = null;
            try {
                current = registry.latest(input.assetType());
                if (current.isPresent()) {
                    currentMetrics = score(current.get(), model.holdOutPart());
                }
            } catch (IOException | RuntimeException e) {
                throw fail(
                        EVALUATION_FAILED, "cannot score the serving model: " + e.getMessage(), e);
            }
            double bar =
                    currentMetrics == null
                            ? Double.POSITIVE_INFINITY
                            : currentMetrics.rmse() * (1 - settings.minImprovement());
            boolean better = candidate.rmse() < bar;
            String currentVersion = current.map(RegisteredModel::version).orElse(null);
            record.evaluation(
                    currentVersion, candidate, currentMetrics, settings.minImprovement(), better);
            if (currentMetrics == null) {
                LOG.info(
                        "{} Evaluate: no {} model in the registry: the candidate is promoted",
                        tag,
                        input.assetType());
            } else {
                LOG.info(
                        String.format(
                                Locale.ROOT,
                                "%s Evaluate: on the %d newest rows candidate rmse %.4f vs"
                                        + " serving %s rmse %.4f (must be < %.4f): %s",
                                tag,
                                candidate.count(),
                                candidate.rmse(),
                                currentVersion,
                                currentMetrics.rmse(),
                                bar,
                                better ? "better" : "not better"));
            }

            if (!better) {
                state = "RecordNotPromoted";
                record.notPromoted(clock.instant());
                writeRecord();
                LOG.info(
                        "{} RecordNotPromoted: {} stays; run NOT_PROMOTED in {} ms",
                        tag,
                        currentVersion,
                        elapsedMillis());
                return output(dataset, null);
            }

            state = "RegisterModel";
            String version;
            try {
                version = trainer.publish(model, dataInfo(dataset, currentVersion, currentMetrics));
            } catch (RuntimeException e) {
                throw fail(REGISTRATION_FAILED, "cannot register the model: " + e.getMessage(), e);
            }
            LOG.info(
                    "{} Register: {}/{} with metrics and baseline (statistics.json,"
                            + " constraints.json) in {}; the model server serves it at its next"
                            + " registry poll",
                    tag,
                    input.assetType(),
                    version,
                    settings.registryPath());

            state = "RecordPromoted";
            record.promoted(version, clock.instant());
            writeRecord();
            LOG.info(
                    "{} RecordPromoted: {} replaces {}; run PROMOTED in {} ms",
                    tag,
                    version,
                    currentVersion == null ? "nothing" : currentVersion,
                    elapsedMillis());
            return output(dataset, version);
        }

        /** BuildDataset, waiting for enough rows. */
        private LakeFeatures.Selection buildDataset() throws ExecutionFailedException {
            FeatureSpec spec;
            try {
                spec =
                        FeatureSpecs.loadFromClasspath(List.of(input.assetType()))
                                .forType(input.assetType());
            } catch (RuntimeException e) {
                throw fail(
                        DATASET_FAILED,
                        "no feature spec for asset type "
                                + input.assetType()
                                + ": "
                                + e.getMessage(),
                        e);
            }
            LakeFeatures lake = new LakeFeatures(settings.lakePath());
            long waitNanos = settings.waitTimeout().toNanos();
            long start = System.nanoTime();
            int polls = 0;
            int lastLogged = -1;
            while (true) {
                LakeFeatures.Selection s;
                try {
                    s = lake.select(spec, input.windowStart());
                } catch (IOException | RuntimeException e) {
                    throw fail(DATASET_FAILED, "cannot read the lake: " + e.getMessage(), e);
                }
                polls++;
                long waited = System.nanoTime() - start;
                record.dataset(describe(s, polls, waited));
                if (s.rows() >= settings.minRows()) {
                    writeRecordQuietly();
                    LOG.info(
                            "{} BuildDataset: {}{}",
                            tag,
                            s.describe(),
                            polls > 1 ? "; waited " + waited / 1_000_000 + " ms" : "");
                    return s;
                }
                if (waited >= waitNanos) {
                    throw fail(
                            DATASET_TOO_SMALL,
                            "only "
                                    + s.rows()
                                    + " of the "
                                    + settings.minRows()
                                    + " rows needed after waiting "
                                    + Duration.ofNanos(waited).toMillis()
                                    + " ms: "
                                    + s.describe(),
                            null);
                }
                if (s.rows() != lastLogged) {
                    lastLogged = s.rows();
                    // The record shows the wait too (dataset.polls, dataset.rows).
                    writeRecordQuietly();
                    LOG.info(
                            "{} BuildDataset: waiting for {} rows: {}; reading the lake again"
                                    + " every {} ms for up to {} ms",
                            tag,
                            settings.minRows(),
                            s.describe(),
                            settings.pollInterval().toMillis(),
                            settings.waitTimeout().toMillis());
                }
                long sleep =
                        Math.min(
                                settings.pollInterval().toNanos(), Math.max(0, waitNanos - waited));
                try {
                    Thread.sleep(Math.max(1, sleep / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw fail(INTERRUPTED, "interrupted while waiting for data", e);
                }
            }
        }

        private ObjectNode describe(LakeFeatures.Selection s, int polls, long waitedNanos) {
            ObjectNode d = MAPPER.createObjectNode();
            d.put("path", s.directory().toString());
            d.put("cutOff", s.notBefore() == null ? null : s.notBefore().toString());
            d.put("specVersion", s.spec().version());
            d.put("files", s.files());
            d.put("rows", s.rows());
            d.put(
                    "firstWindowStart",
                    s.firstWindowStart() == null ? null : s.firstWindowStart().toString());
            d.put("lastWindowEnd", s.lastWindowEnd() == null ? null : s.lastWindowEnd().toString());
            d.put("beforeCutOff", s.beforeCutOff());
            d.put("withoutTarget", s.withoutTarget());
            d.put("otherSpecVersion", s.otherSpecVersion());
            d.put("otherAssetType", s.otherAssetType());
            d.put("duplicates", s.duplicates());
            d.put("polls", polls);
            d.put("waitedMillis", waitedNanos / 1_000_000);
            return d;
        }

        /** The registry version's predictions for {@code rows}, scored as the server scores. */
        private RegressionMetrics score(RegisteredModel version, FeatureTable rows)
                throws IOException {
            ScoringModel model = ScoringModel.load(version, 1);
            try {
                List<String> inputs = model.metadata().featureNames();
                float[] values = new float[rows.size() * inputs.size()];
                int unknown = 0;
                for (int c = 0; c < inputs.size(); c++) {
                    int f = rows.spec().featureNames().indexOf(inputs.get(c));
                    unknown += f < 0 ? 1 : 0;
                    for (int r = 0; r < rows.size(); r++) {
                        values[r * inputs.size() + c] =
                                f < 0 ? Float.NaN : rows.rows().get(r).feature(f);
                    }
                }
                if (unknown > 0) {
                    LOG.info(
                            "{} Evaluate: {} of {}'s {} inputs are not in spec v{}: scored as"
                                    + " missing",
                            tag,
                            unknown,
                            version.version(),
                            inputs.size(),
                            rows.spec().version());
                }
                float[] predicted =
                        model.predict(new FeatureRows(values, rows.size(), inputs.size()));
                double[] p = new double[predicted.length];
                double[] actual = new double[predicted.length];
                for (int i = 0; i < p.length; i++) {
                    p[i] = predicted[i];
                    actual[i] = rows.rows().get(i).target();
                }
                return RegressionMetrics.of(actual, p);
            } catch (ml.dmlc.xgboost4j.java.XGBoostError e) {
                throw new IOException(version + ": XGBoost cannot score: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while scoring " + version, e);
            } finally {
                model.retire();
            }
        }

        private Map<String, Object> dataInfo(
                LakeFeatures.Selection dataset, String currentVersion, RegressionMetrics current) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("source", "lake");
            info.put("dataset", record.dataset().deepCopy());
            ObjectNode r = MAPPER.createObjectNode();
            r.put("executionName", execution.name());
            r.put("runId", record.toJson().get("id").asText());
            r.put("episodeId", input.episodeId());
            r.put("reason", input.reason());
            r.put("requestedBy", input.requestedBy());
            r.put("driftSeenOn", input.modelVersion());
            r.set("evidence", input.evidence());
            r.set("training", record.toJson().get("training"));
            r.put("evaluatedAgainst", currentVersion);
            if (current != null) {
                r.set("current", RunRecord.metrics(current));
            }
            r.put("minImprovement", settings.minImprovement());
            info.put("retraining", r);
            return info;
        }

        private String output(LakeFeatures.Selection dataset, String newVersion) {
            ObjectNode rec = record.toJson();
            ObjectNode out = MAPPER.createObjectNode();
            out.put("status", rec.get("status").asText());
            out.put("assetType", input.assetType());
            out.put("runId", rec.get("id").asText());
            out.set("currentModelVersion", rec.get("currentModelVersion"));
            out.put("newModelVersion", newVersion);
            out.set("candidateRmse", rec.get("candidateRmse"));
            out.set("currentRmse", rec.get("currentRmse"));
            out.put("datasetRows", dataset.rows());
            out.put("runRecord", recordFile.toString());
            out.put("durationMillis", elapsedMillis());
            return out.toString();
        }

        /**
         * RecordFailure: marks the record FAILED (a record that cannot be written is logged, the
         * original error still wins) and returns the exception that fails the execution.
         */
        private ExecutionFailedException fail(String error, String cause, Throwable reason) {
            record.failed(error, cause, state, clock.instant());
            writeRecordQuietly();
            LOG.warn(
                    "{} RecordFailure: {} in {}: {}; run FAILED in {} ms",
                    tag,
                    error,
                    state,
                    cause,
                    elapsedMillis());
            return reason == null
                    ? new ExecutionFailedException(error, cause)
                    : new ExecutionFailedException(error, cause, reason);
        }

        private void writeRecord() throws ExecutionFailedException {
            try {
                runs.write(record);
            } catch (IOException e) {
                throw new ExecutionFailedException(
                        RUN_RECORD_FAILED, "cannot write the run record: " + e, e);
            }
        }

        private void writeRecordQuietly() {
            try {
                runs.write(record);
            } catch (IOException e) {
                LOG.warn("{} cannot write the run record {}: {}", tag, recordFile, e.toString());
            }
        }

        private long elapsedMillis() {
            return (System.nanoTime() - startedNanos) / 1_000_000;
        }
    }
}
