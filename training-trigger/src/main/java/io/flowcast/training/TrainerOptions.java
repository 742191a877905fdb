package io.flowcast.training;

import io.flowcast.stream.config.Durations;
import io.flowcast.training.xgboost.HoldOutSplit;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The local trainer's command-line options, immutable once parsed ({@link #parse(String...)}).
 *
 * <pre>
 * --registry DIR          model registry root (default data/model-registry)
 * --asset-types a,b       asset types to train (default pump,compressor)
 * --hours H               simulated history, hours of event time (default 24: a whole daily cycle)
 * --seed N                simulator, split and XGBoost seed (default 42)
 * --window D              window size, as the job's Windows/window.size (default 60s)
 * --plant S,L,A           sites, lines per site, assets per line (default 2,2,4)
 * --hold-out F            held-out share (default 0.2)
 * --split TIME|RANDOM     hold-out split (default TIME: the latest windows)
 * --hyperparameters k=v,. SageMaker XGBoost hyperparameter overrides, e.g. num_round=300
 * --if-empty              train only asset types without a version in the registry
 * </pre>
 */
public final class TrainerOptions {

    final Path registry;
    final List<String> assetTypes;
    final double hours;
    final long seed;
    final Duration window;
    final int sites;
    final int linesPerSite;
    final int assetsPerLine;
    final double holdOutFraction;
    final HoldOutSplit split;
    final Map<String, String> hyperparameters;
    final boolean ifEmpty;

    private TrainerOptions(Map<String, String> v, boolean ifEmpty) {
        this.registry = Paths.get(v.get("--registry"));
        this.assetTypes = new ArrayList<>();
        for (String t : v.get("--asset-types").split(",")) {
            if (!t.isBlank()) {
                assetTypes.add(t.trim());
            }
        }
        if (assetTypes.isEmpty()) {
            throw new IllegalArgumentException("--asset-types: name at least one asset type");
        }
        this.hours = number("--hours", v.get("--hours"));
        if (!(hours > 0)) {
            throw new IllegalArgumentException("--hours: must be above 0, got " + hours);
        }
        this.seed = (long) integer("--seed", v.get("--seed"));
        try {
            this.window = Durations.parse(v.get("--window"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--window: " + e.getMessage(), e);
        }
        String[] plant = v.get("--plant").split(",");
        if (plant.length != 3) {
            throw new IllegalArgumentException(
                    "--plant: expected sites,lines,assets such as 2,2,4, got " + v.get("--plant"));
        }
        this.sites = (int) integer("--plant", plant[0]);
        this.linesPerSite = (int) integer("--plant", plant[1]);
        this.assetsPerLine = (int) integer("--plant", plant[2]);
        this.holdOutFraction = number("--hold-out", v.get("--hold-out"));
        try {
            this.split = HoldOutSplit.valueOf(v.get("--split").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--split: TIME or RANDOM, got " + v.get("--split"), e);
        }
        this.hyperparameters =
                io.flowcast.training.xgboost.Hyperparameters.parseOverrides(
                        v.get("--hyperparameters"));
        this.ifEmpty = ifEmpty;
    }

    /**
     * Parses the flags listed on the class.
     *
     * @throws IllegalArgumentException naming the flag at fault
     */
    public static TrainerOptions parse(String... args) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("--registry", "data/model-registry");
        v.put("--asset-types", "pump,compressor");
        v.put("--hours", "24");
        v.put("--seed", "42");
        v.put("--window", "60s");
        v.put("--plant", "2,2,4");
        v.put("--hold-out", "0.2");
        v.put("--split", "TIME");
        v.put("--hyperparameters", "");
        boolean ifEmpty = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--if-empty")) {
                ifEmpty = true;
                continue;
            }
            String value = null;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            }
            if (!v.containsKey(flag)) {
                throw new IllegalArgumentException(
                        flag + ": unknown option; known: " + v.keySet() + " and --if-empty");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + ": missing value");
                }
                value = args[++i];
            }
            v.put(flag, value);
        }
        return new TrainerOptions(v, ifEmpty);
    }

    public Path registry() {
        return registry;
    }

    public List<String> assetTypes() {
        return assetTypes;
    }

    public boolean ifEmpty() {
        return ifEmpty;
    }

    private static double number(String flag, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": not a number: " + text, e);
        }
    }

    private static long integer(String flag, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": not an integer: " + text, e);
        }
    }
}
