package io.flowcast.stream.window;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which asset type an asset id belongs to, from ordered {@code type=regex} rules (the first whole
 * match wins), e.g. {@code pump=.*&#47;Pump-[^/]+;compressor=.*&#47;Compressor-[^/]+}. Asset types
 * come from configuration until the enrichment stage reads them from Aurora.
 *
 * <p>Resolution is cached per asset id (bounded), so the regexes run once per asset.
 */
public final class AssetTypeRules implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int CACHE_LIMIT = 100_000;
    private static final String UNKNOWN = "";

    private final LinkedHashMap<String, String> regexByType;
    private transient List<Map.Entry<String, Pattern>> compiled;
    private transient Map<String, String> cache;

    private AssetTypeRules(LinkedHashMap<String, String> regexByType) {
        this.regexByType = regexByType;
    }

    /**
     * Parses {@code type=regex;type=regex}. Types are lower case; each regex must compile.
     *
     * @throws IllegalArgumentException saying which rule is malformed
     */
    public static AssetTypeRules parse(String text) {
        LinkedHashMap<String, String> rules = new LinkedHashMap<>();
        for (String rule : text.split(";")) {
            if (rule.isBlank()) {
                continue;
            }
            int eq = rule.indexOf('=');
            if (eq <= 0 || eq == rule.length() - 1) {
                throw new IllegalArgumentException(
                        "expected rules like pump=.*/Pump-[^/]+ separated by ';' but got '"
                                + rule.trim()
                                + "'");
            }
            String type = rule.substring(0, eq).trim();
            String regex = rule.substring(eq + 1).trim();
            if (!type.matches("[a-z][a-z0-9_-]*")) {
                throw new IllegalArgumentException(
                        "asset type '" + type + "' must be lower case letters, digits, '_' or '-'");
            }
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        "rule for '"
                                + type
                                + "' is not a valid regular expression: "
                                + e.getDescription());
            }
            if (rules.put(type, regex) != null) {
                throw new IllegalArgumentException("asset type '" + type + "' has two rules");
            }
        }
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("expected at least one rule type=regex");
        }
        return new AssetTypeRules(rules);
    }

    /** The asset types the rules can produce, in rule order. */
    public List<String> types() {
        return Collections.unmodifiableList(new ArrayList<>(regexByType.keySet()));
    }

    /** The type of {@code assetId}, or empty when no rule matches. */
    public Optional<String> typeOf(String assetId) {
        if (compiled == null) {
            compiled = new ArrayList<>();
            regexByType.forEach(
                    (type, regex) -> compiled.add(Map.entry(type, Pattern.compile(regex))));
            cache = new HashMap<>();
        }
        String type = cache.get(assetId);
        if (type == null) {
            type = UNKNOWN;
            for (Map.Entry<String, Pattern> rule : compiled) {
                if (rule.getValue().matcher(assetId).matches()) {
                    type = rule.getKey();
                    break;
                }
            }
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(assetId, type);
        }
        return type.isEmpty() ? Optional.empty() : Optional.of(type);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AssetTypeRules && ((AssetTypeRules) o).regexByType.equals(regexByType);
    }

    @Override
    public int hashCode() {
        return regexByType.hashCode();
    }

    /** The rules as written in configuration. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        regexByType.forEach(
                (type, regex) ->
                        text.append(text.length() == 0 ? "" : ";")
                                .append(type)
                                .append('=')
                                .append(regex));
        return text.toString();
    }
}
