package io.flowcast.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowcast.stream.local.sagemaker.ModelArchive;
import io.flowcast.training.baseline.MonitorBaseline;
import io.flowcast.training.history.FeatureTable;
import io.flowcast.training.registry.ModelRegistry;
import io.flowcast.training.xgboost.RegressionMetrics;
import io.flowcast.training.xgboost.TrainedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files of one registry version, built from a {@link TrainedModel}: {@code model.tar.gz},
 * {@code metadata.json}, {@code metrics.json}, {@code statistics.json} and {@code constraints.json}
 * (see {@link ModelRegistry} and training-trigger/README.md for the contract).
 *
 * <p>{@code metadata.json} holds exactly the contract's keys; everything else about the run (split,
 * row counts, window size, timings) goes to {@code metrics.json}.
 */
public final class ModelPackage {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final TrainedModel model;
    private final Instant trainedAt;
    private final Map<String, Object> runInfo;
    private final long seed;

    /**
     * @param model the trained model
     * @param trainedAt written as {@code trainedAt}
     * @param runInfo extra facts about the data (e.g. source, window size), written under {@code
     *     metrics.json}'s {@code data}
     * @param seed for the baseline's sketches
     */
    public ModelPackage(
            TrainedModel model, Instant trainedAt, Map<String, Object> runInfo, long seed) {
        this.model = model;
        this.trainedAt = trainedAt;
        this.runInfo = new LinkedHashMap<>(runInfo);
        this.seed = seed;
    }

    /** The files of version {@code version}, by file name. */
    public Map<String, byte[]> files(String version) {
        try {
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put(ModelRegistry.MODEL_ARCHIVE, ModelArchive.toBytes(model.modelBytes()));
            files.put(ModelRegistry.METRICS, json(metrics()));
            MonitorBaseline baseline =
                    new MonitorBaseline(model.data(), model.holdOutResiduals(), seed);
            files.put(ModelRegistry.STATISTICS, json(baseline.statistics()));
            files.put(ModelRegistry.CONSTRAINTS, json(baseline.constraints()));
            // Last, so a reader polling the temporary directory could not mistake it anyway.
            files.put(ModelRegistry.METADATA, json(metadata(version)));
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the model package: " + e, e);
        }
    }

    /** {@code metadata.json}: the keys the model server reads. */
    public ObjectNode metadata(String version) {
        FeatureTable data = model.data();
        ObjectNode m = MAPPER.createObjectNode();
        m.put("assetType", data.assetType());
        m.put("version", version);
        ArrayNode names = m.putArray("featureNames");
        data.featureNames().forEach(names::add);
        m.put("target", data.targetName());
        m.put("specVersion", data.spec().version());
        m.put("objective", model.hyperparameters().asMap().get("objective"));
        m.put("residualStd", model.holdOutMetrics().residualStd());
        m.put("trainedAt", trainedAt.toString());
        ObjectNode hp = m.putObject("hyperparameters");
        model.hyperparameters().asMap().forEach(hp::put);
        return m;
    }

    /** {@code metrics.json}: hold-out and training metrics and how the data was split. */
    public ObjectNode metrics() {
        ObjectNode m = MAPPER.createObjectNode();
        m.put("assetType", model.data().assetType());
        m.put("target", model.data().targetName());
        m.set("holdOut", metricsNode(model.holdOutMetrics()));
        m.set("train", metricsNode(model.trainMetrics()));
        ObjectNode split = m.putObject("split");
        split.put("method", model.split().name());
        split.put("holdOutFraction", model.holdOutFraction());
        split.put("trainRows", model.trainPart().size());
        split.put("holdOutRows", model.holdOutPart().size());
        m.put("trainingMillis", model.trainingMillis());
        m.set("data", MAPPER.valueToTree(runInfo));
        return m;
    }

    private static ObjectNode metricsNode(RegressionMetrics metrics) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("rows", metrics.count());
        n.put("rmse", metrics.rmse());
        n.put("mae", metrics.mae());
        n.put("r2", metrics.r2());
        n.put("residualMean", metrics.residualMean());
        n.put("residualStd", metrics.residualStd());
        return n;
    }

    private static byte[] json(ObjectNode node) throws IOException {
        return MAPPER.writeValueAsBytes(node);
    }
}
