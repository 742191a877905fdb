package io.flowcast.stream.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The training baseline of one model version, read from the {@code statistics.json} and {@code
 * constraints.json} the trainer registers beside the model (SageMaker Model Monitor's data-quality
 * formats plus a {@code flowcast_extensions} object; see the trainer's {@code MonitorBaseline}).
 *
 * <p>What the detector uses:
 *
 * <ul>
 *   <li>per feature, in model order ({@code statistics.json features[]}): the histogram of {@code
 *       numerical_statistics.distribution.kll.buckets} as {@link BaselineBins} (absent when the
 *       feature had no value in training), and the missing rate {@code 1 - completeness} from
 *       {@code constraints.json};
 *   <li>the residual ({@code actual - predicted} on held-out rows): mean and {@code std_dev} of
 *       {@code flowcast_extensions.residual.numerical_statistics}. A baseline that SageMaker Model
 *       Monitor computed (the AWS retraining state machine copies its {@code statistics.json}
 *       unchanged into the registry) has no such extension: then the residual is the version's
 *       {@code metadata.json} {@code residualMean} and {@code residualStd}, which the state
 *       machine's evaluation writes from the same held-out rows.
 * </ul>
 *
 * <p>The KLL sketch itself is not read: the buckets are the bins. Anything missing or malformed
 * fails with a {@link DriftBaselineException} naming the model, the file and the JSON path.
 * Immutable and {@link Serializable}.
 */
public final class DriftBaseline implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String STATISTICS_FILE = "statistics.json";
    public static final String CONSTRAINTS_FILE = "constraints.json";
    public static final String EXTENSION_KEY = "flowcast_extensions";
    public static final String METADATA_FILE = "metadata.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String assetType;
    private final String modelVersion;
    private final List<String> featureNames;
    private final List<BaselineBins> bins;
    private final double[] missingRates;
    private final double residualMean;
    private final double residualStd;

    /**
     * A baseline from its parts (tests and generated baselines).
     *
     * @param bins per feature, null for a feature without values in training
     * @param missingRates per feature, in {@code [0, 1]}
     * @param residualStd above zero
     */
    public DriftBaseline(
            String assetType,
            String modelVersion,
            List<String> featureNames,
            List<BaselineBins> bins,
            double[] missingRates,
            double residualMean,
            double residualStd) {
        this.assetType = requireNonBlank(assetType, "assetType");
        this.modelVersion = requireNonBlank(modelVersion, "modelVersion");
        this.featureNames = List.copyOf(featureNames);
        this.bins = Collections.unmodifiableList(new ArrayList<>(bins));
        this.missingRates = missingRates.clone();
        if (this.featureNames.isEmpty()) {
            throw new IllegalArgumentException("a baseline needs at least one feature");
        }
        if (this.bins.size() != this.featureNames.size()
                || this.missingRates.length != this.featureNames.size()) {
            throw new IllegalArgumentException(
                    "featureNames, bins and missingRates must have the same length");
        }
        for (double r : this.missingRates) {
            if (!(r >= 0 && r <= 1)) {
                throw new IllegalArgumentException("missing rate " + r + " is not in [0, 1]");
            }
        }
        if (!Double.isFinite(residualMean)) {
            throw new IllegalArgumentException("residual mean must be finite");
        }
        if (!(residualStd > 0) || Double.isInfinite(residualStd)) {
            throw new IllegalArgumentException(
                    "residual std_dev must be above zero but is " + residualStd);
        }
        this.residualMean = residualMean;
        this.residualStd = residualStd;
    }

    /** Reads {@code <dir>/statistics.json} and {@code <dir>/constraints.json}. */
    public static DriftBaseline read(Path dir, String assetType, String modelVersion) {
        try {
            return parse(
                    assetType,
                    modelVersion,
                    Files.readAllBytes(dir.resolve(STATISTICS_FILE)),
                    Files.readAllBytes(dir.resolve(CONSTRAINTS_FILE)));
        } catch (IOException e) {
            throw new DriftBaselineException(
                    assetType + "/" + modelVersion + ": cannot read the baseline in " + dir, e);
        }
    }

    /** Parses the two files' contents; the residual must be in the statistics' extension. */
    public static DriftBaseline parse(
            String assetType, String modelVersion, byte[] statistics, byte[] constraints) {
        return parse(assetType, modelVersion, statistics, constraints, null);
    }

    /**
     * Parses the two files' contents, taking the residual from {@code metadata.json} (whose bytes
     * {@code metadata} supplies, called only then) when the statistics have no {@value
     * #EXTENSION_KEY}.
     *
     * @param metadata null: the extension is required
     */
    public static DriftBaseline parse(
            String assetType,
            String modelVersion,
            byte[] statistics,
            byte[] constraints,
            Supplier<byte[]> metadata) {
        String model = assetType + "/" + modelVersion;
        JsonNode stats = tree(model, STATISTICS_FILE, statistics);
        JsonNode cons = tree(model, CONSTRAINTS_FILE, constraints);

        Where s = new Where(model, STATISTICS_FILE);
        JsonNode features = s.array(stats, "features");
        if (features.size() == 0) {
            throw s.fail("features", "expected at least one feature");
        }
        List<String> names = new ArrayList<>();
        List<BaselineBins> bins = new ArrayList<>();
        for (int f = 0; f < features.size(); f++) {
            String path = "features[" + f + "]";
            JsonNode feature = s.object(features.get(f), path);
            String name = s.text(feature.get("name"), path + ".name");
            if (names.contains(name)) {
                throw s.fail(path + ".name", "feature '" + name + "' is listed twice");
            }
            names.add(name);
            bins.add(bins(s, feature, path));
        }

        Where c = new Where(model, CONSTRAINTS_FILE);
        JsonNode consFeatures = c.array(cons, "features");
        Map<String, Double> completeness = new HashMap<>();
        for (int f = 0; f < consFeatures.size(); f++) {
            String path = "features[" + f + "]";
            JsonNode feature = c.object(consFeatures.get(f), path);
            String name = c.text(feature.get("name"), path + ".name");
            double value = c.number(feature.get("completeness"), path + ".completeness");
            if (!(value >= 0 && value <= 1)) {
                throw c.fail(
                        path + ".completeness", "expected a number in [0, 1] but got " + value);
            }
            completeness.put(name, value);
        }
        double[] missing = new double[names.size()];
        for (int f = 0; f < names.size(); f++) {
            Double value = completeness.get(names.get(f));
            if (value == null) {
                throw c.fail(
                        "features",
                        "no entry for feature '" + names.get(f) + "' that statistics.json lists");
            }
            missing[f] = 1.0 - value;
        }

        if (stats.get(EXTENSION_KEY) == null && metadata != null) {
            Where m = new Where(model, METADATA_FILE);
            JsonNode meta = tree(model, METADATA_FILE, metadata.get());
            double mean = m.number(meta.get("residualMean"), "residualMean");
            double std = m.number(meta.get("residualStd"), "residualStd");
            if (!(std > 0)) {
                throw m.fail("residualStd", "expected a residual spread above zero but got " + std);
            }
            return new DriftBaseline(assetType, modelVersion, names, bins, missing, mean, std);
        }
        JsonNode extension = s.object(stats.get(EXTENSION_KEY), EXTENSION_KEY);
        String rpath = EXTENSION_KEY + ".residual.numerical_statistics";
        JsonNode residual =
                s.object(
                        s.object(extension.get("residual"), EXTENSION_KEY + ".residual")
                                .get("numerical_statistics"),
                        rpath);
        double mean = s.number(residual.get("mean"), rpath + ".mean");
        double std = s.number(residual.get("std_dev"), rpath + ".std_dev");
        if (!(std > 0)) {
            throw s.fail(
                    rpath + ".std_dev", "expected a residual spread above zero but got " + std);
        }
        return new DriftBaseline(assetType, modelVersion, names, bins, missing, mean, std);
    }

    private static BaselineBins bins(Where s, JsonNode feature, String path) {
        String npath = path + ".numerical_statistics";
        JsonNode numerical = s.object(feature.get("numerical_statistics"), npath);
        JsonNode common = s.object(numerical.get("common"), npath + ".common");
        long present = s.count(common.get("num_present"), npath + ".common.num_present");
        if (present == 0) {
            return null; // never seen in training: no bins, no PSI
        }
        String bpath = npath + ".distribution.kll.buckets";
        JsonNode distribution = s.object(numerical.get("distribution"), npath + ".distribution");
        JsonNode kll = s.object(distribution.get("kll"), npath + ".distribution.kll");
        JsonNode buckets = s.array(kll, "buckets", bpath);
        int n = buckets.size();
        double[] lower = new double[n];
        double[] upper = new double[n];
        long[] count = new long[n];
        for (int b = 0; b < n; b++) {
            String p = bpath + "[" + b + "]";
            JsonNode bucket = s.object(buckets.get(b), p);
            lower[b] = s.number(bucket.get("lower_bound"), p + ".lower_bound");
            upper[b] = s.number(bucket.get("upper_bound"), p + ".upper_bound");
            count[b] = s.count(bucket.get("count"), p + ".count");
        }
        try {
            return BaselineBins.of(lower, upper, count);
        } catch (IllegalArgumentException e) {
            throw s.fail(bpath, e.getMessage());
        }
    }

    private static JsonNode tree(String model, String file, byte[] content) {
        try {
            JsonNode node = MAPPER.readTree(content);
            if (node == null || !node.isObject()) {
                throw new DriftBaselineException(
                        model + " " + file + ": expected a JSON object at the top level");
            }
            return node;
        } catch (IOException e) {
            throw new DriftBaselineException(
                    model + " " + file + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Checks with messages that say which file and JSON path is wrong. */
    private static final class Where {
        final String model;
        final String file;

        Where(String model, String file) {
            this.model = model;
            this.file = file;
        }

        DriftBaselineException fail(String path, String what) {
            return new DriftBaselineException(model + " " + file + ": " + path + ": " + what);
        }

        JsonNode object(JsonNode node, String path) {
            if (node == null || !node.isObject()) {
                throw fail(path, node == null ? "missing" : "expected an object");
            }
            return node;
        }

        JsonNode array(JsonNode parent, String key) {
            return array(parent, key, key);
        }

        JsonNode array(JsonNode parent, String key, String path) {
            JsonNode node = parent.get(key);
            if (node == null || !node.isArray()) {
                throw fail(path, node == null ? "missing" : "expected an array");
            }
            return node;
        }

        String text(JsonNode node, String path) {
            if (node == null || !node.isTextual() || node.asText().isBlank()) {
                throw fail(path, node == null ? "missing" : "expected a non-empty string");
            }
            return node.asText();
        }

        double number(JsonNode node, String path) {
            if (node == null || !node.isNumber() || !Double.isFinite(node.asDouble())) {
                throw fail(path, node == null ? "missing" : "expected a finite number");
            }
            return node.asDouble();
        }

        long count(JsonNode node, String path) {
            double value = number(node, path);
            if (value < 0 || value != Math.rint(value)) {
                throw fail(path, "expected a non-negative whole number but got " + value);
            }
            return (long) value;
        }
    }

    private static String requireNonBlank(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    public String assetType() {
        return assetType;
    }

    public String modelVersion() {
        return modelVersion;
    }

    /** Feature names in model order. */
    public List<String> featureNames() {
        return featureNames;
    }

    public int featureCount() {
        return featureNames.size();
    }

    /** The bins of feature {@code f}, or null if the feature had no value in training. */
    public BaselineBins bins(int f) {
        return bins.get(f);
    }

    /** The training missing rate of feature {@code f}: {@code 1 - completeness}. */
    public double missingRate(int f) {
        return missingRates[f];
    }

    public double residualMean() {
        return residualMean;
    }

    public double residualStd() {
        return residualStd;
    }

    /** The hold-out residual RMSE: {@code sqrt(mean^2 + std^2)} (population std). */
    public double residualRmse() {
        return Math.sqrt(residualMean * residualMean + residualStd * residualStd);
    }

    @Override
    public String toString() {
        return "DriftBaseline{" + assetType + "/" + modelVersion + ", " + featureNames + "}";
    }
}
