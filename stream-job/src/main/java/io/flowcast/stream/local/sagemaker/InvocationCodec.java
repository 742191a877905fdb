package io.flowcast.stream.local.sagemaker;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns invocation bodies into {@link FeatureRows} and predictions into response bodies, for the
 * two content types the stand-in's model container speaks. No HTTP and no model here.
 *
 * <ul>
 *   <li>{@value #CSV}: one row per line ({@code \n} or {@code \r\n}; a final line break is
 *       optional), no header, comma-separated; an empty field is a missing value ({@code NaN}), and
 *       so are {@code nan}/{@code NaN}. Answer: one prediction per line.
 *   <li>{@value #JSON}: {@code {"instances":[{"features":[1.0,null,3.0]},...]}}, {@code null} is a
 *       missing value. Answer: {@code {"predictions":[{"score":0.5},...]}}.
 * </ul>
 *
 * Every row must have exactly as many columns as the model has features; anything else fails with a
 * {@link ModelInputException} (status 400) whose message names the row and the problem. Predictions
 * are written with {@link Float#toString(float)}, so they parse back to the very same float.
 */
public final class InvocationCodec {

    /** CSV rows, no header. */
    public static final String CSV = "text/csv";

    /** JSON instances. */
    public static final String JSON = "application/json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private InvocationCodec() {}

    /**
     * The media type of a {@code Content-Type} or single {@code Accept} value without parameters,
     * lower case: {@code "text/csv; charset=utf-8"} gives {@code "text/csv"}.
     */
    public static String mediaType(String headerValue) {
        if (headerValue == null) {
            return "";
        }
        int semicolon = headerValue.indexOf(';');
        String type = semicolon < 0 ? headerValue : headerValue.substring(0, semicolon);
        return type.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The content type to answer in: the first of the {@code Accept} header's types that this codec
     * writes, or the request's content type for a missing, empty or {@code *}{@code /*} {@code
     * Accept}.
     *
     * @throws ModelInputException (406) if the caller accepts only types this codec cannot write
     */
    public static String responseType(String accept, String requestType)
            throws ModelInputException {
        if (accept == null || accept.isBlank()) {
            return requestType;
        }
        for (String candidate : accept.split(",")) {
            String type = mediaType(candidate);
            if (type.equals(CSV) || type.equals(JSON)) {
                return type;
            }
            if (type.equals("*/*")) {
                return requestType;
            }
        }
        throw new ModelInputException(
                ModelInputException.NOT_ACCEPTABLE,
                "accept type '" + accept + "' not supported; use " + CSV + " or " + JSON);
    }

    /** Parses a body of media type {@code type} (see {@link #mediaType(String)}). */
    public static FeatureRows parse(String type, byte[] body, int columns)
            throws ModelInputException {
        if (CSV.equals(type)) {
            return parseCsv(new String(body, StandardCharsets.UTF_8), columns);
        }
        if (JSON.equals(type)) {
            return parseJson(body, columns);
        }
        throw new ModelInputException(
                ModelInputException.UNSUPPORTED_MEDIA_TYPE,
                "content type '" + type + "' not supported; use " + CSV + " or " + JSON);
    }

    /** Parses CSV rows of {@code columns} fields each. */
    public static FeatureRows parseCsv(String body, int columns) throws ModelInputException {
        int end = body.length();
        if (end > 0 && body.charAt(end - 1) == '\n') {
            end--;
            if (end > 0 && body.charAt(end - 1) == '\r') {
                end--;
            }
        }
        if (end == 0) {
            throw new ModelInputException(ModelInputException.BAD_REQUEST, "empty payload");
        }
        int rows = 1;
        for (int i = 0; i < end; i++) {
            if (body.charAt(i) == '\n') {
                rows++;
            }
        }
        float[] values = new float[rows * columns];
        int row = 0;
        int lineStart = 0;
        while (lineStart <= end) {
            int lineEnd = body.indexOf('\n', lineStart);
            if (lineEnd < 0 || lineEnd > end) {
                lineEnd = end;
            }
            int contentEnd = lineEnd;
            if (contentEnd > lineStart && body.charAt(contentEnd - 1) == '\r') {
                contentEnd--;
            }
            int column = 0;
            int fieldStart = lineStart;
            while (true) {
                int comma = body.indexOf(',', fieldStart);
                int fieldEnd = comma < 0 || comma > contentEnd ? contentEnd : comma;
                if (column >= columns) {
                    throw wrongColumns(row, columns, countFields(body, lineStart, contentEnd));
                }
                values[row * columns + column] =
                        parseField(body, fieldStart, fieldEnd, row, column);
                column++;
                if (fieldEnd == contentEnd) {
                    break;
                }
                fieldStart = fieldEnd + 1;
            }
            if (column != columns) {
                throw wrongColumns(row, columns, column);
            }
            row++;
            lineStart = lineEnd + 1;
        }
        return new FeatureRows(values, rows, columns);
    }

    /** Parses {@code {"instances":[{"features":[...]}]}} with {@code columns} features each. */
    public static FeatureRows parseJson(byte[] body, int columns) throws ModelInputException {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ModelInputException(
                    ModelInputException.BAD_REQUEST,
                    "payload is not valid JSON: " + e.getMessage());
        }
        JsonNode instances = root == null ? null : root.get("instances");
        if (instances == null || !instances.isArray() || instances.isEmpty()) {
            throw new ModelInputException(
                    ModelInputException.BAD_REQUEST,
                    "expected {\"instances\":[{\"features\":[...]},...]} with at least one instance");
        }
        int rows = instances.size();
        float[] values = new float[rows * columns];
        for (int row = 0; row < rows; row++) {
            JsonNode features = instances.get(row).get("features");
            if (features == null || !features.isArray()) {
                throw new ModelInputException(
                        ModelInputException.BAD_REQUEST,
                        "instance " + (row + 1) + " has no \"features\" array");
            }
            if (features.size() != columns) {
                throw wrongColumns(row, columns, features.size());
            }
            for (int column = 0; column < columns; column++) {
                JsonNode value = features.get(column);
                if (value.isNull()) {
                    values[row * columns + column] = Float.NaN;
                } else if (value.isNumber()) {
                    values[row * columns + column] = value.floatValue();
                } else {
                    throw new ModelInputException(
                            ModelInputException.BAD_REQUEST,
                            "instance "
                                    + (row + 1)
                                    + ", feature "
                                    + (column + 1)
                                    + ": expected a number or null, got "
                                    + value);
                }
            }
        }
        return new FeatureRows(values, rows, columns);
    }

    /** Writes predictions in media type {@code type} ({@value #CSV} or {@value #JSON}). */
    public static byte[] format(String type, float[] predictions) {
        if (CSV.equals(type)) {
            StringBuilder out = new StringBuilder(predictions.length * 12);
            for (float p : predictions) {
                out.append(Float.toString(p)).append('\n');
            }
            return out.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (JSON.equals(type)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(predictions.length * 20 + 20);
            try (JsonGenerator json = MAPPER.getFactory().createGenerator(bytes)) {
                json.writeStartObject();
                json.writeArrayFieldStart("predictions");
                for (float p : predictions) {
                    json.writeStartObject();
                    json.writeNumberField("score", p);
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }
        throw new IllegalArgumentException("cannot write content type '" + type + "'");
    }

    private static float parseField(String body, int start, int end, int row, int column)
            throws ModelInputException {
        while (start < end && Character.isWhitespace(body.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(body.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            return Float.NaN;
        }
        String field = body.substring(start, end);
        if (field.equalsIgnoreCase("nan")) {
            return Float.NaN;
        }
        // Float.parseFloat also takes "Infinity", hex floats and a trailing 'f' or 'd': reject
        // whatever is not a plain decimal number.
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            boolean allowed =
                    (c >= '0' && c <= '9')
                            || c == '.'
                            || c == '-'
                            || c == '+'
                            || c == 'e'
                            || c == 'E';
            if (!allowed) {
                throw notNumeric(field, row, column);
            }
        }
        try {
            return Float.parseFloat(field);
        } catch (NumberFormatException e) {
            throw notNumeric(field, row, column);
        }
    }

    private static ModelInputException notNumeric(String field, int row, int column) {
        String shown = field.length() > 40 ? field.substring(0, 40) + "..." : field;
        return new ModelInputException(
                ModelInputException.BAD_REQUEST,
                "row "
                        + (row + 1)
                        + ", column "
                        + (column + 1)
                        + ": could not convert '"
                        + shown
                        + "' to a number");
    }

    private static ModelInputException wrongColumns(int row, int expected, int actual) {
        return new ModelInputException(
                ModelInputException.BAD_REQUEST,
                "row "
                        + (row + 1)
                        + " has "
                        + actual
                        + " columns but the model expects "
                        + expected
                        + " features");
    }

    private static int countFields(String body, int start, int end) {
        int fields = 1;
        for (int i = start; i < end; i++) {
            if (body.charAt(i) == ',') {
                fields++;
            }
        }
        return fields;
    }
}
