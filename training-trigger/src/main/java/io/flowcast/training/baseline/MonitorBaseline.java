package io.flowcast.training.baseline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowcast.training.history.FeatureRow;
import io.flowcast.training.history.FeatureTable;
import java.util.List;
import java.util.Objects;

/**
 * The training baseline in SageMaker Model Monitor's data-quality formats: {@code statistics.json}
 * and {@code constraints.json}, as the AWS documentation describes them ("Schema for Statistics
 * (statistics.json file)" and "Schema for Constraints (constraints.json file)" in the SageMaker
 * developer guide, pages model-monitor-byoc-statistics and model-monitor-byoc-constraints).
 *
 * <p>In: the training data (all rows, in spec order) and the held-out residuals. Out: two JSON
 * trees. {@code features[]} lists exactly the model inputs, so a Model Monitor job comparing
 * captured endpoint input (which holds only the inputs) against this baseline sees the same
 * columns. The target and the residual are not inputs, so they are not in {@code features[]}: they
 * sit in a top-level extension object, {@value #EXTENSION_KEY}, whose {@code target} and {@code
 * residual} entries have the same shape as a feature entry. The residual statistics come from the
 * held-out rows (actual minus predicted), the honest spread of the model's error.
 *
 * <p>Numbers: {@code std_dev} is the population standard deviation (Model Monitor computes it with
 * Deequ, which uses the population form); {@code distribution.kll} has 10 equal-width buckets
 * between min and max (Model Monitor's fixed bucket count) and a {@link KllSketch}.
 */
public final class MonitorBaseline {

    /** Top-level key of the extension with the target and residual statistics. */
    public static final String EXTENSION_KEY = "flowcast_extensions";

    /** Name of the residual entry in the extension. */
    public static final String RESIDUAL = "residual";

    static final int BUCKETS = 10;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final FeatureTable data;
    private final double[] residuals;
    private final long seed;

    /**
     * @param data every row the model was built from (training and held-out)
     * @param holdOutResiduals actual minus predicted on the held-out rows
     * @param seed for the KLL sketches' compaction coin
     */
    public MonitorBaseline(FeatureTable data, double[] holdOutResiduals, long seed) {
        this.data = Objects.requireNonNull(data, "data");
        this.residuals = Objects.requireNonNull(holdOutResiduals, "holdOutResiduals").clone();
        this.seed = seed;
    }

    /** The {@code statistics.json} tree. */
    public ObjectNode statistics() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", 0.0);
        root.putObject("dataset").put("item_count", data.size());
        ArrayNode features = root.putArray("features");
        List<String> names = data.featureNames();
        for (int f = 0; f < names.size(); f++) {
            features.add(featureStatistics(names.get(f), column(f), seed + f));
        }
        ObjectNode extension = root.putObject(EXTENSION_KEY);
        extension.put(
                "description",
                "Not model inputs: the target's statistics over all rows, and the residual"
                        + " (actual minus predicted) over the held-out rows.");
        double[] targets = new double[data.size()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = data.rows().get(i).target();
        }
        extension.set("target", featureStatistics(data.targetName(), targets, seed - 1));
        extension.set(RESIDUAL, featureStatistics(RESIDUAL, residuals, seed - 2));
        extension.put("residual_item_count", residuals.length);
        return root;
    }

    /** The {@code constraints.json} tree, inferred from the same statistics. */
    public ObjectNode constraints() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", 0.0);
        ArrayNode features = root.putArray("features");
        List<String> names = data.featureNames();
        for (int f = 0; f < names.size(); f++) {
            Summary s = Summary.of(column(f));
            ObjectNode feature = features.addObject();
            feature.put("name", names.get(f));
            feature.put("inferred_type", "Fractional");
            feature.put("completeness", data.size() == 0 ? 0.0 : (double) s.present / data.size());
            feature.putObject("num_constraints")
                    .put("is_non_negative", s.present > 0 && s.min >= 0);
        }
        ObjectNode config = root.putObject("monitoring_config");
        config.put("evaluate_constraints", "Enabled");
        config.put("emit_metrics", "Enabled");
        config.put("datatype_check_threshold", 1.0);
        config.put("domain_content_threshold", 1.0);
        ObjectNode distribution = config.putObject("distribution_constraints");
        distribution.put("perform_comparison", "Enabled");
        distribution.put("comparison_threshold", 0.1);
        distribution.put("comparison_method", "Robust");
        return root;
    }

    private double[] column(int f) {
        double[] out = new double[data.size()];
        List<FeatureRow> rows = data.rows();
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i).feature(f);
        }
        return out;
    }

    private static ObjectNode featureStatistics(String name, double[] values, long seed) {
        Summary s = Summary.of(values);
        ObjectNode feature = MAPPER.createObjectNode();
        feature.put("name", name);
        feature.put("inferred_type", "Fractional");
        ObjectNode numerical = feature.putObject("numerical_statistics");
        ObjectNode common = numerical.putObject("common");
        common.put("num_present", s.present);
        common.put("num_missing", values.length - s.present);
        if (s.present == 0) {
            return feature;
        }
        numerical.put("mean", s.mean);
        numerical.put("sum", s.sum);
        numerical.put("std_dev", s.std);
        numerical.put("min", s.min);
        numerical.put("max", s.max);
        ObjectNode kll = numerical.putObject("distribution").putObject("kll");
        ArrayNode buckets = kll.putArray("buckets");
        long[] counts = new long[BUCKETS];
        double width = (s.max - s.min) / BUCKETS;
        KllSketch sketch = new KllSketch(seed);
        for (double v : values) {
            if (Double.isNaN(v)) {
                continue;
            }
            int b = width > 0 ? (int) ((v - s.min) / width) : 0;
            counts[Math.min(BUCKETS - 1, Math.max(0, b))]++;
            sketch.update(v);
        }
        for (int b = 0; b < BUCKETS; b++) {
            ObjectNode bucket = buckets.addObject();
            bucket.put("lower_bound", s.min + b * width);
            bucket.put("upper_bound", b == BUCKETS - 1 ? s.max : s.min + (b + 1) * width);
            bucket.put("count", counts[b]);
        }
        ObjectNode sketchNode = kll.putObject("sketch");
        sketchNode.putObject("parameters").put("c", sketch.c()).put("k", (double) sketch.k());
        ArrayNode levels = sketchNode.putArray("data");
        for (double[] level : sketch.levels()) {
            ArrayNode items = levels.addArray();
            for (double v : level) {
                items.add(v);
            }
        }
        return feature;
    }

    /** Count, sum, mean, population std, min, max of the non-NaN values. */
    private static final class Summary {
        int present;
        double sum;
        double mean;
        double std;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;

        static Summary of(double[] values) {
            Summary s = new Summary();
            double m2 = 0;
            for (double v : values) {
                if (Double.isNaN(v)) {
                    continue;
                }
                s.present++;
                s.sum += v;
                double delta = v - s.mean;
                s.mean += delta / s.present;
                m2 += delta * (v - s.mean);
                s.min = Math.min(s.min, v);
                s.max = Math.max(s.max, v);
            }
            s.std = s.present > 0 ? Math.sqrt(m2 / s.present) : 0.0;
            return s;
        }
    }
}
