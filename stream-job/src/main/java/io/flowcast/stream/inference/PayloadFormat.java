package io.flowcast.stream.inference;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * How rows of features travel to an endpoint and scores come back.
 *
 * <ul>
 *   <li>{@link #CSV}: {@code text/csv} as SageMaker's built-in XGBoost reads it: one row per line,
 *       no header, a missing feature is an empty field; the answer is one score per line (or, as
 *       some containers write, one line of comma-separated scores).
 *   <li>{@link #JSON}: {@code application/json} for custom containers: {@code
 *       {"instances":[{"features":[...]}]}}, a missing feature is {@code null}; the answer is
 *       {@code {"predictions":[{"score":x},...]}}.
 * </ul>
 *
 * Decoding is strict: a response with another number of scores than rows sent, or a score that is
 * not a finite number, is a {@link PayloadException}, never a silently shifted mapping.
 */
public enum PayloadFormat {
    CSV("text/csv"),
    JSON("application/json");

    private final String contentType;

    PayloadFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /**
     * At most the bytes {@code row} adds to a request body, without formatting it: 25 per value
     * (the longest double text, 24 characters, plus a separator) and 16 for the row's framing. Used
     * for the payload limit, where a safe bound is enough.
     */
    public int encodedSizeBound(double[] row) {
        return row.length * 25 + 16;
    }

    /** The request body for {@code rows}, in order. */
    public byte[] encode(List<double[]> rows) {
        StringBuilder sb = new StringBuilder(rows.size() * 16);
        if (this == CSV) {
            for (double[] row : rows) {
                sb.append(encodeRow(row)).append('\n');
            }
        } else {
            sb.append("{\"instances\":[");
            for (int i = 0; i < rows.size(); i++) {
                sb.append(i == 0 ? "" : ",")
                        .append("{\"features\":")
                        .append(encodeRow(rows.get(i)))
                        .append('}');
            }
            sb.append("]}");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The scores in {@code body}, one per row sent.
     *
     * @throws PayloadException if the body does not hold exactly {@code rows} finite scores
     */
    public double[] decode(byte[] body, int rows) {
        String text = new String(body, StandardCharsets.UTF_8).trim();
        double[] scores = this == CSV ? decodeCsv(text) : decodeJson(text);
        if (scores.length != rows) {
            throw new PayloadException(
                    "the endpoint answered " + scores.length + " scores for " + rows + " rows");
        }
        return scores;
    }

    private String encodeRow(double[] row) {
        StringBuilder sb = new StringBuilder(row.length * 8);
        if (this == JSON) {
            sb.append('[');
        }
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            if (Double.isNaN(row[i])) {
                sb.append(this == JSON ? "null" : "");
            } else {
                sb.append(number(row[i]));
            }
        }
        if (this == JSON) {
            sb.append(']');
        }
        return sb.toString();
    }

    private static String number(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("feature values must be finite or NaN, got " + v);
        }
        // Shortest round-trip representation; integral values without ".0".
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v).toLowerCase(Locale.ROOT);
    }

    private static double[] decodeCsv(String text) {
        if (text.isEmpty()) {
            return new double[0];
        }
        String[] parts = text.split("[\\r\\n,]+");
        double[] scores = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            scores[i] = score(parts[i].trim(), i);
        }
        return scores;
    }

    private static double[] decodeJson(String text) {
        // {"predictions":[{"score":1.5},{"score":2}]}: a small strict scanner, no JSON library
        // needed on this hot path.
        int at = text.indexOf("\"predictions\"");
        if (at < 0) {
            throw new PayloadException("the JSON answer has no \"predictions\" array");
        }
        int open = text.indexOf('[', at);
        int close = text.lastIndexOf(']');
        if (open < 0 || close < open) {
            throw new PayloadException("the JSON answer's \"predictions\" is not an array");
        }
        String body = text.substring(open + 1, close).trim();
        if (body.isEmpty()) {
            return new double[0];
        }
        String[] items = body.split("\\}\\s*,\\s*\\{");
        double[] scores = new double[items.length];
        for (int i = 0; i < items.length; i++) {
            String item = items[i];
            int key = item.indexOf("\"score\"");
            if (key < 0) {
                throw new PayloadException("prediction " + i + " has no \"score\"");
            }
            int start = item.indexOf(':', key) + 1;
            while (start < item.length() && Character.isWhitespace(item.charAt(start))) {
                start++;
            }
            int end = start;
            while (end < item.length() && ",}] \t\r\n".indexOf(item.charAt(end)) < 0) {
                end++;
            }
            scores[i] = score(item.substring(start, end), i);
        }
        return scores;
    }

    private static double score(String text, int index) {
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new PayloadException("score " + index + " is not a number: '" + text + "'");
        }
        if (!Double.isFinite(v)) {
            throw new PayloadException("score " + index + " is not finite: " + text);
        }
        return v;
    }
}
