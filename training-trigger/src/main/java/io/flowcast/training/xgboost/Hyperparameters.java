package io.flowcast.training.xgboost;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * XGBoost hyperparameters under the names SageMaker's built-in XGBoost algorithm uses ({@code
 * num_round}, {@code max_depth}, {@code eta}, {@code subsample}, {@code min_child_weight}, {@code
 * objective}, {@code eval_metric}, ...), as strings, the way a SageMaker training job's {@code
 * HyperParameters} carries them. So the same map can later start the built-in algorithm on
 * SageMaker unchanged.
 *
 * <p>{@code num_round} is the number of boosting rounds and not a booster parameter; every other
 * entry is passed to the booster as is. Immutable.
 *
 * <p>Defaults ({@link #defaults(long)}): {@code num_round=200, max_depth=5, eta=0.1, subsample=0.8,
 * min_child_weight=1, gamma=0, lambda=1, alpha=0, colsample_bytree=1, tree_method=hist,
 * objective=reg:squarederror, eval_metric=rmse, seed=<run seed>}.
 */
public final class Hyperparameters {

    /** The number of boosting rounds (required by SageMaker; not a booster parameter). */
    public static final String NUM_ROUND = "num_round";

    public static final String OBJECTIVE = "objective";

    /** The only objective this trainer produces: the registry contract fixes it. */
    public static final String SQUARED_ERROR = "reg:squarederror";

    // The built-in algorithm's hyperparameters this trainer accepts (a subset of SageMaker's list).
    private static final Set<String> KNOWN =
            Set.of(
                    NUM_ROUND,
                    "max_depth",
                    "eta",
                    "gamma",
                    "min_child_weight",
                    "max_delta_step",
                    "subsample",
                    "colsample_bytree",
                    "colsample_bylevel",
                    "colsample_bynode",
                    "lambda",
                    "alpha",
                    "tree_method",
                    "max_bin",
                    "grow_policy",
                    "max_leaves",
                    "objective",
                    "eval_metric",
                    "base_score",
                    "seed",
                    "nthread",
                    "verbosity");

    private final Map<String, String> values;

    private Hyperparameters(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The defaults listed on the class, with {@code seed} set to {@code seed}. */
    public static Hyperparameters defaults(long seed) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put(NUM_ROUND, "200");
        v.put("max_depth", "5");
        v.put("eta", "0.1");
        v.put("subsample", "0.8");
        v.put("min_child_weight", "1");
        v.put("gamma", "0");
        v.put("lambda", "1");
        v.put("alpha", "0");
        v.put("colsample_bytree", "1");
        v.put("tree_method", "hist");
        v.put(OBJECTIVE, SQUARED_ERROR);
        v.put("eval_metric", "rmse");
        v.put("seed", Long.toString(seed));
        return new Hyperparameters(v);
    }

    /**
     * These values with {@code overrides} applied.
     *
     * @throws IllegalArgumentException for a name this trainer does not know, a {@code num_round}
     *     that is not a positive integer, or an objective other than {@code reg:squarederror}
     */
    public Hyperparameters with(Map<String, String> overrides) {
        Map<String, String> v = new LinkedHashMap<>(values);
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "name").trim();
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException(
                        "unknown hyperparameter '"
                                + name
                                + "'; use SageMaker built-in XGBoost names: "
                                + new java.util.TreeSet<>(KNOWN));
            }
            v.put(name, Objects.requireNonNull(e.getValue(), name).trim());
        }
        Hyperparameters result = new Hyperparameters(v);
        result.numRound(); // validates
        if (!SQUARED_ERROR.equals(v.get(OBJECTIVE))) {
            throw new IllegalArgumentException(
                    "objective must be " + SQUARED_ERROR + ", got " + v.get(OBJECTIVE));
        }
        return result;
    }

    /**
     * Parses {@code name=value,name=value} (e.g. {@code num_round=300,eta=0.05}) into overrides.
     *
     * @throws IllegalArgumentException for an entry without {@code =}
     */
    public static Map<String, String> parseOverrides(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "hyperparameter '" + part + "' is not name=value");
            }
            out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        return out;
    }

    /** The number of boosting rounds. */
    public int numRound() {
        String raw = values.get(NUM_ROUND);
        try {
            int n = Integer.parseInt(raw);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    NUM_ROUND + " must be a positive integer, got " + raw, e);
        }
    }

    /** The booster parameters: every entry except {@code num_round}. */
    public Map<String, Object> boosterParams() {
        Map<String, Object> params = new LinkedHashMap<>(values);
        params.remove(NUM_ROUND);
        return params;
    }

    /** All entries under their SageMaker names, in insertion order. */
    public Map<String, String> asMap() {
        return values;
    }

    /** One entry, or null. */
    public String get(String name) {
        return values.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
