package io.flowcast.stream.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * The value types the job configuration uses. Every parser is strict: a value that is not exactly
 * of the expected form is rejected with a message that says what was expected, never replaced by a
 * default.
 */
public final class OptionTypes {

    private static final Pattern BYTE_SIZE =
            Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib)?", Pattern.CASE_INSENSITIVE);

    private OptionTypes() {}

    /** Any text, trimmed; an empty value is rejected. */
    public static final OptionType<String> NON_BLANK_STRING =
            new OptionType<String>() {
                @Override
                public String parse(String raw) {
                    String trimmed = raw.trim();
                    if (trimmed.isEmpty()) {
                        throw new IllegalArgumentException("expected a non-empty value");
                    }
                    return trimmed;
                }

                @Override
                public String describe() {
                    return "string";
                }
            };

    /** A whole number of at least 1. */
    public static final OptionType<Integer> POSITIVE_INT =
            new OptionType<Integer>() {
                @Override
                public Integer parse(String raw) {
                    int value;
                    try {
                        value = Integer.parseInt(raw.trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(
                                "expected a positive whole number but got '" + raw + "'");
                    }
                    if (value < 1) {
                        throw new IllegalArgumentException(
                                "expected a positive whole number but got " + value);
                    }
                    return value;
                }

                @Override
                public String describe() {
                    return "positive integer";
                }
            };

    /** A finite number greater than 0, such as {@code 3} or {@code 2.5}. */
    public static final OptionType<Double> POSITIVE_NUMBER =
            new OptionType<Double>() {
                private static final long serialVersionUID = 1L;

                @Override
                public Double parse(String raw) {
                    double value;
                    try {
                        value = Double.parseDouble(raw.trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(
                                "expected a positive number but got '" + raw + "'");
                    }
                    if (!(value > 0) || Double.isInfinite(value)) {
                        throw new IllegalArgumentException(
                                "expected a positive number but got " + raw.trim());
                    }
                    return value;
                }

                @Override
                public String describe() {
                    return "positive number";
                }

                @Override
                public String format(Double value) {
                    return value == Math.rint(value)
                            ? Long.toString(value.longValue())
                            : value.toString();
                }
            };

    /**
     * {@code key=value} pairs separated by {@code ;}, e.g. {@code pump=flowcast-pump-v2}; keys
     * unique, neither side blank. An empty text is an empty map.
     */
    public static final OptionType<java.util.LinkedHashMap<String, String>> KEY_VALUE_PAIRS =
            new OptionType<java.util.LinkedHashMap<String, String>>() {
                private static final long serialVersionUID = 1L;

                @Override
                public java.util.LinkedHashMap<String, String> parse(String raw) {
                    java.util.LinkedHashMap<String, String> map = new java.util.LinkedHashMap<>();
                    for (String pair : raw.split(";")) {
                        if (pair.isBlank()) {
                            continue;
                        }
                        int eq = pair.indexOf('=');
                        String key = eq < 0 ? "" : pair.substring(0, eq).trim();
                        String value = eq < 0 ? "" : pair.substring(eq + 1).trim();
                        if (key.isEmpty() || value.isEmpty()) {
                            throw new IllegalArgumentException(
                                    "expected key=value pairs separated by ';' but got '"
                                            + pair.trim()
                                            + "'");
                        }
                        if (map.put(key, value) != null) {
                            throw new IllegalArgumentException("'" + key + "' is given twice");
                        }
                    }
                    return map;
                }

                @Override
                public String describe() {
                    return "key=value pairs";
                }

                @Override
                public String format(java.util.LinkedHashMap<String, String> value) {
                    StringBuilder sb = new StringBuilder();
                    value.forEach(
                            (k, v) ->
                                    sb.append(sb.length() == 0 ? "" : ";")
                                            .append(k)
                                            .append('=')
                                            .append(v));
                    return sb.toString();
                }
            };

    /** {@code true} or {@code false}, nothing else. */
    public static final OptionType<Boolean> BOOLEAN =
            new OptionType<Boolean>() {
                @Override
                public Boolean parse(String raw) {
                    String value = raw.trim().toLowerCase(Locale.ROOT);
                    if (value.equals("true")) {
                        return true;
                    }
                    if (value.equals("false")) {
                        return false;
                    }
                    throw new IllegalArgumentException(
                            "expected true or false but got '" + raw + "'");
                }

                @Override
                public String describe() {
                    return "boolean";
                }
            };

    /**
     * A positive duration written as a number and a unit: {@code 250ms}, {@code 30s}, {@code 5m}.
     */
    public static final OptionType<Duration> DURATION_TYPE =
            new OptionType<Duration>() {
                @Override
                public Duration parse(String raw) {
                    Duration duration = Durations.parse(raw);
                    if (duration.isZero()) {
                        throw new IllegalArgumentException(
                                "expected a duration above zero but got '" + raw + "'");
                    }
                    return duration;
                }

                @Override
                public String describe() {
                    return "duration (e.g. 500ms, 30s, 5m, 2h, 7d)";
                }

                @Override
                public String format(Duration value) {
                    return Durations.format(value);
                }
            };

    /** A duration that may be zero: {@code 0}, {@code 500ms}, {@code 30s}. */
    public static final OptionType<Duration> NON_NEGATIVE_DURATION =
            new OptionType<Duration>() {
                @Override
                public Duration parse(String raw) {
                    return Durations.parse(raw);
                }

                @Override
                public String describe() {
                    return "duration, 0 allowed (e.g. 0, 500ms, 30s)";
                }

                @Override
                public String format(Duration value) {
                    return Durations.format(value);
                }
            };

    /** A size in bytes: {@code 512}, {@code 16kb}, {@code 1mb} (binary multiples). */
    public static final OptionType<Integer> BYTE_SIZE_TYPE =
            new OptionType<Integer>() {
                @Override
                public Integer parse(String raw) {
                    Matcher m = BYTE_SIZE.matcher(raw.trim());
                    if (!m.matches()) {
                        throw new IllegalArgumentException(
                                "expected a size such as 512, 16kb or 1mb but got '" + raw + "'");
                    }
                    long number = Long.parseLong(m.group(1));
                    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
                    long multiplier =
                            unit.startsWith("k") ? 1024 : unit.startsWith("m") ? 1024 * 1024 : 1;
                    long bytes = number * multiplier;
                    if (bytes < 1 || bytes > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException(
                                "expected a size between 1 byte and 2 GiB but got '" + raw + "'");
                    }
                    return (int) bytes;
                }

                @Override
                public String describe() {
                    return "size (e.g. 512, 16kb, 1mb)";
                }

                @Override
                public String format(Integer value) {
                    if (value % (1024 * 1024) == 0) {
                        return value / (1024 * 1024) + "mb";
                    }
                    if (value % 1024 == 0) {
                        return value / 1024 + "kb";
                    }
                    return String.valueOf(value);
                }
            };

    /** An absolute URI such as {@code http://127.0.0.1:4568}. */
    public static final OptionType<URI> ABSOLUTE_URI =
            new OptionType<URI>() {
                @Override
                public URI parse(String raw) {
                    try {
                        URI uri = new URI(raw.trim());
                        if (!uri.isAbsolute() || uri.getHost() == null) {
                            throw new IllegalArgumentException(
                                    "expected an absolute URI with a host, such as https://host:443, but got '"
                                            + raw
                                            + "'");
                        }
                        return uri;
                    } catch (URISyntaxException e) {
                        throw new IllegalArgumentException(
                                "expected a URI but got '" + raw + "': " + e.getReason());
                    }
                }

                @Override
                public String describe() {
                    return "URI";
                }
            };

    /** A Java regular expression; compiled here so a typo fails at start-up. */
    public static final OptionType<String> REGEX =
            new OptionType<String>() {
                @Override
                public String parse(String raw) {
                    try {
                        Pattern.compile(raw);
                        return raw;
                    } catch (PatternSyntaxException e) {
                        throw new IllegalArgumentException(
                                "expected a Java regular expression: " + e.getDescription());
                    }
                }

                @Override
                public String describe() {
                    return "regular expression";
                }
            };

    /** One constant of an enum, matched without regard to case. */
    public static <E extends Enum<E>> OptionType<E> enumType(Class<E> type) {
        return new OptionType<E>() {
            private static final long serialVersionUID = 1L;

            @Override
            public E parse(String raw) {
                String wanted = raw.trim();
                for (E constant : type.getEnumConstants()) {
                    if (constant.name().equalsIgnoreCase(wanted)) {
                        return constant;
                    }
                }
                throw new IllegalArgumentException(
                        "expected one of " + describe() + " but got '" + raw + "'");
            }

            @Override
            public String describe() {
                return Arrays.stream(type.getEnumConstants())
                        .map(Enum::name)
                        .collect(Collectors.joining(", "));
            }
        };
    }
}
