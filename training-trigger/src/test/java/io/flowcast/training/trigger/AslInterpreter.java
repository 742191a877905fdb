package io.flowcast.training.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Runs an Amazon States Language definition in a test, with fake task results: the part of the
 * language the retraining state machine uses (JSONPath query language). No Step Functions engine
 * runs SageMaker task states offline, so this checks the data flow through the definition: payload
 * templates with {@code .$} keys, JSONPath ({@code $.a.b}, {@code $$.Execution.Name}), the
 * intrinsic functions the definition calls, {@code ResultSelector}, {@code ResultPath}, {@code
 * Catch} on {@code States.ALL}, and Choice rules.
 *
 * <p>Anything outside that subset ({@code InputPath}, {@code OutputPath}, {@code Map}, another
 * intrinsic) fails the test rather than being half-interpreted. A path that does not exist fails
 * too, as it fails an execution with {@code States.Runtime} (which no Catch catches).
 */
final class AslInterpreter {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Answers a Task state: the service's result, or a {@link TaskFailure}. */
    interface Tasks {
        JsonNode call(String state, String resource, JsonNode parameters) throws Exception;
    }

    /** A failed task: the error name and cause a Catch sees. */
    static final class TaskFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final String error;

        TaskFailure(String error, String cause) {
            super(cause);
            this.error = error;
        }
    }

    /** How an execution ended. */
    static final class Outcome {
        final String terminalState;
        final String terminalType;
        final JsonNode data;
        final List<String> visited;

        /** $$.State.EnteredTime of each visited state (the last time, for a loop). */
        final Map<String, String> entered;

        Outcome(
                String terminalState,
                String terminalType,
                JsonNode data,
                List<String> visited,
                Map<String, String> entered) {
            this.terminalState = terminalState;
            this.terminalType = terminalType;
            this.data = data;
            this.visited = visited;
            this.entered = entered;
        }
    }

    private final JsonNode definition;

    /**
     * @param definitionText the definition with its {@code ${Name}} placeholders
     * @param substitutions the values of those placeholders (CloudFormation's
     *     DefinitionSubstitutions)
     */
    AslInterpreter(String definitionText, Map<String, String> substitutions) throws IOException {
        String text = definitionText;
        for (Map.Entry<String, String> s : substitutions.entrySet()) {
            text = text.replace("${" + s.getKey() + "}", s.getValue());
        }
        java.util.regex.Matcher left = Pattern.compile("\\$\\{[A-Za-z]+\\}").matcher(text);
        if (left.find()) {
            throw new IllegalArgumentException(left.group() + " has no substitution");
        }
        this.definition = MAPPER.readTree(text);
    }

    /** Runs from StartAt until a Succeed or Fail state. */
    Outcome run(JsonNode input, String executionName, Tasks tasks) throws Exception {
        ObjectNode context = NODES.objectNode();
        ObjectNode execution = context.putObject("Execution");
        execution.put("Name", executionName);
        execution.put("Id", "arn:aws:states:eu-west-1:123456789012:execution:fc:" + executionName);
        execution.put("StartTime", "2026-01-05T06:00:00.000Z");
        ObjectNode stateContext = context.putObject("State");
        List<String> visited = new ArrayList<>();
        Map<String, String> entered = new HashMap<>();
        JsonNode data = input.deepCopy();
        String name = definition.path("StartAt").asText();
        long clock = 0;
        for (int steps = 0; steps < 1_000; steps++) {
            JsonNode state = definition.path("States").get(name);
            if (state == null) {
                throw new AssertionError("no state " + name);
            }
            for (String unsupported : List.of("InputPath", "OutputPath", "ItemProcessor")) {
                if (state.has(unsupported)) {
                    throw new AssertionError(name + ": " + unsupported + " is not interpreted");
                }
            }
            visited.add(name);
            stateContext.put("Name", name);
            // A clock that advances a second per state.
            String time = Instant.parse("2026-01-05T06:00:00Z").plusSeconds(clock++).toString();
            stateContext.put("EnteredTime", time);
            entered.put(name, time);
            String type = state.path("Type").asText();
            switch (type) {
                case "Pass":
                    {
                        JsonNode result =
                                state.has("Parameters")
                                        ? template(state.get("Parameters"), data, context)
                                        : state.has("Result") ? state.get("Result") : data;
                        data = applyResultPath(data, state, result);
                        name = state.path("Next").asText();
                        break;
                    }
                case "Task":
                    {
                        JsonNode parameters = template(state.get("Parameters"), data, context);
                        JsonNode result;
                        try {
                            result = tasks.call(name, state.path("Resource").asText(), parameters);
                        } catch (TaskFailure failure) {
                            JsonNode catcher = catcherOf(state, failure.error);
                            if (catcher == null) {
                                throw new AssertionError(
                                        name + " failed with " + failure.error + " uncaught",
                                        failure);
                            }
                            ObjectNode error = NODES.objectNode();
                            error.put("Error", failure.error);
                            error.put("Cause", failure.getMessage());
                            data = setPath(data, catcher.path("ResultPath").asText(), error);
                            name = catcher.path("Next").asText();
                            break;
                        }
                        if (state.has("ResultSelector")) {
                            result = template(state.get("ResultSelector"), result, context);
                        }
                        data = applyResultPath(data, state, result);
                        name = state.path("Next").asText();
                        break;
                    }
                case "Choice":
                    {
                        String next = null;
                        for (JsonNode rule : state.path("Choices")) {
                            if (matches(rule, data)) {
                                next = rule.path("Next").asText();
                                break;
                            }
                        }
                        if (next == null) {
                            if (!state.has("Default")) {
                                throw new AssertionError(name + ": States.NoChoiceMatched");
                            }
                            next = state.path("Default").asText();
                        }
                        name = next;
                        break;
                    }
                case "Wait":
                    name = state.path("Next").asText();
                    break;
                case "Succeed":
                case "Fail":
                    return new Outcome(name, type, data, visited, entered);
                default:
                    throw new AssertionError(name + ": state type " + type + " not interpreted");
            }
        }
        throw new AssertionError("no terminal state after 1000 steps: " + visited);
    }

    private static JsonNode catcherOf(JsonNode state, String error) {
        for (JsonNode catcher : state.path("Catch")) {
            for (JsonNode e : catcher.path("ErrorEquals")) {
                if (e.asText().equals("States.ALL") || e.asText().equals(error)) {
                    return catcher;
                }
            }
        }
        return null;
    }

    private static JsonNode applyResultPath(JsonNode data, JsonNode state, JsonNode result) {
        if (!state.has("ResultPath")) {
            return result; // the default ResultPath "$" replaces the input
        }
        JsonNode path = state.get("ResultPath");
        return path.isNull() ? data : setPath(data, path.asText(), result);
    }

    private static JsonNode setPath(JsonNode data, String path, JsonNode value) {
        if (path.equals("$")) {
            return value;
        }
        if (!path.startsWith("$.")) {
            throw new AssertionError("ResultPath " + path + " not interpreted");
        }
        ObjectNode root = data.isObject() ? (ObjectNode) data.deepCopy() : NODES.objectNode();
        String[] parts = path.substring(2).split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            node =
                    child != null && child.isObject()
                            ? (ObjectNode) child
                            : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], value);
        return root;
    }

    // --- Payload templates, paths and intrinsic functions ---

    static JsonNode template(JsonNode template, JsonNode data, JsonNode context) {
        if (template == null) {
            return data;
        }
        if (template.isObject()) {
            ObjectNode out = NODES.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().endsWith(".$")) {
                    String key = e.getKey().substring(0, e.getKey().length() - 2);
                    out.set(key, expression(e.getValue().asText(), data, context));
                } else {
                    out.set(e.getKey(), template(e.getValue(), data, context));
                }
            }
            return out;
        }
        if (template.isArray()) {
            ArrayNode out = NODES.arrayNode();
            template.forEach(item -> out.add(template(item, data, context)));
            return out;
        }
        return template;
    }

    static JsonNode expression(String text, JsonNode data, JsonNode context) {
        Parser parser = new Parser(text, data, context);
        JsonNode value = parser.value();
        parser.skipSpaces();
        if (parser.pos != text.length()) {
            throw new AssertionError("cannot parse '" + text + "' at " + parser.pos);
        }
        return value;
    }

    static JsonNode path(String path, JsonNode data, JsonNode context) {
        JsonNode node = find(path, data, context);
        if (node == null) {
            throw new AssertionError("States.Runtime: path " + path + " does not exist");
        }
        return node;
    }

    /** The node at a path, or null if it does not exist. */
    static JsonNode find(String path, JsonNode data, JsonNode context) {
        JsonNode node;
        String rest;
        if (path.startsWith("$$")) {
            node = context;
            rest = path.substring(2);
        } else if (path.startsWith("$")) {
            node = data;
            rest = path.substring(1);
        } else {
            throw new AssertionError("not a path: " + path);
        }
        if (rest.isEmpty()) {
            return node;
        }
        if (!rest.startsWith(".")) {
            throw new AssertionError("path " + path + " not interpreted");
        }
        for (String part : rest.substring(1).split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        return node;
    }

    /** A recursive-descent parser of one intrinsic-function expression. */
    private static final class Parser {
        final String text;
        final JsonNode data;
        final JsonNode context;
        int pos;

        Parser(String text, JsonNode data, JsonNode context) {
            this.text = text;
            this.data = data;
            this.context = context;
        }

        void skipSpaces() {
            while (pos < text.length() && text.charAt(pos) == ' ') {
                pos++;
            }
        }

        JsonNode value() {
            skipSpaces();
            char c = text.charAt(pos);
            if (c == '\'') {
                return NODES.textNode(string());
            }
            if (c == '$') {
                int start = pos;
                while (pos < text.length() && ",) ".indexOf(text.charAt(pos)) < 0) {
                    pos++;
                }
                return path(text.substring(start, pos), data, context);
            }
            if (c == '-' || Character.isDigit(c)) {
                int start = pos++;
                while (pos < text.length()
                        && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                    pos++;
                }
                String number = text.substring(start, pos);
                return number.contains(".")
                        ? NODES.numberNode(Double.parseDouble(number))
                        : NODES.numberNode(Long.parseLong(number));
            }
            for (String literal : List.of("true", "false", "null")) {
                if (text.startsWith(literal, pos)) {
                    pos += literal.length();
                    return literal.equals("null")
                            ? NODES.nullNode()
                            : NODES.booleanNode(literal.equals("true"));
                }
            }
            if (text.startsWith("States.", pos)) {
                int open = text.indexOf('(', pos);
                String function = text.substring(pos, open);
                pos = open + 1;
                List<JsonNode> args = new ArrayList<>();
                skipSpaces();
                if (text.charAt(pos) != ')') {
                    while (true) {
                        args.add(value());
                        skipSpaces();
                        char sep = text.charAt(pos++);
                        if (sep == ')') {
                            break;
                        }
                        if (sep != ',') {
                            throw new AssertionError("expected , or ) in " + text + " at " + pos);
                        }
                    }
                } else {
                    pos++;
                }
                return call(function, args);
            }
            throw new AssertionError("cannot parse '" + text + "' at " + pos);
        }

        String string() {
            StringBuilder out = new StringBuilder();
            pos++; // the opening quote
            while (text.charAt(pos) != '\'') {
                char c = text.charAt(pos++);
                if (c == '\\') {
                    c = text.charAt(pos++);
                    out.append(c == '{' || c == '}' ? "\\" + c : String.valueOf(c));
                } else {
                    out.append(c);
                }
            }
            pos++;
            return out.toString();
        }
    }

    private static JsonNode call(String function, List<JsonNode> args) {
        switch (function) {
            case "States.Format":
                {
                    String format = args.get(0).asText();
                    StringBuilder out = new StringBuilder();
                    int next = 1;
                    for (int i = 0; i < format.length(); i++) {
                        char c = format.charAt(i);
                        if (c == '\\' && i + 1 < format.length()) {
                            out.append(format.charAt(++i));
                        } else if (c == '{' && format.startsWith("{}", i)) {
                            JsonNode arg = args.get(next++);
                            out.append(arg.isTextual() ? arg.asText() : arg.toString());
                            i++;
                        } else {
                            out.append(c);
                        }
                    }
                    if (next != args.size()) {
                        throw new AssertionError(
                                "States.Format: " + (args.size() - next) + " extra");
                    }
                    return NODES.textNode(out.toString());
                }
            case "States.Array":
                {
                    ArrayNode out = NODES.arrayNode();
                    args.forEach(out::add);
                    return out;
                }
            case "States.StringSplit":
                {
                    ArrayNode out = NODES.arrayNode();
                    String delimiters = args.get(1).asText();
                    StringBuilder part = new StringBuilder();
                    for (char c : (args.get(0).asText() + delimiters.charAt(0)).toCharArray()) {
                        if (delimiters.indexOf(c) >= 0) {
                            if (part.length() > 0) {
                                out.add(part.toString());
                            }
                            part.setLength(0);
                        } else {
                            part.append(c);
                        }
                    }
                    return out;
                }
            case "States.ArrayGetItem":
                {
                    JsonNode item = args.get(0).get(args.get(1).asInt());
                    if (item == null) {
                        throw new AssertionError("States.ArrayGetItem: no item " + args.get(1));
                    }
                    return item;
                }
            case "States.ArrayLength":
                return NODES.numberNode(args.get(0).size());
            case "States.MathAdd":
                return NODES.numberNode(args.get(0).asLong() + args.get(1).asLong());
            case "States.StringToJson":
                try {
                    return MAPPER.readTree(args.get(0).asText());
                } catch (IOException e) {
                    throw new AssertionError("States.StringToJson: not JSON: " + args.get(0), e);
                }
            case "States.JsonToString":
                return NODES.textNode(args.get(0).toString());
            case "States.JsonMerge":
                {
                    if (!args.get(0).isObject()
                            || !args.get(1).isObject()
                            || !args.get(2).equals(NODES.booleanNode(false))) {
                        throw new AssertionError("States.JsonMerge needs two objects and false");
                    }
                    ObjectNode out = (ObjectNode) args.get(0).deepCopy();
                    out.setAll((ObjectNode) args.get(1).deepCopy());
                    return out;
                }
            case "States.UUID":
                return NODES.textNode(UUID.randomUUID().toString());
            default:
                throw new AssertionError(function + " is not interpreted");
        }
    }

    // --- Choice rules ---

    private static boolean matches(JsonNode rule, JsonNode data) {
        if (rule.has("And")) {
            for (JsonNode r : rule.get("And")) {
                if (!matches(r, data)) {
                    return false;
                }
            }
            return true;
        }
        if (rule.has("Or")) {
            for (JsonNode r : rule.get("Or")) {
                if (matches(r, data)) {
                    return true;
                }
            }
            return false;
        }
        if (rule.has("Not")) {
            return !matches(rule.get("Not"), data);
        }
        String variable = rule.path("Variable").asText();
        if (rule.has("IsPresent")) {
            boolean present = find(variable, data, NODES.objectNode()) != null;
            return present == rule.get("IsPresent").asBoolean();
        }
        JsonNode value = path(variable, data, NODES.objectNode());
        for (Iterator<Map.Entry<String, JsonNode>> it = rule.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode operand = e.getValue();
            switch (e.getKey()) {
                case "Variable":
                case "Next":
                    continue;
                case "IsNumeric":
                    return value.isNumber() == operand.asBoolean();
                case "BooleanEquals":
                    return value.isBoolean() && value.asBoolean() == operand.asBoolean();
                case "NumericLessThan":
                    return value.isNumber() && value.asDouble() < operand.asDouble();
                case "NumericGreaterThanEquals":
                    return value.isNumber() && value.asDouble() >= operand.asDouble();
                case "StringEquals":
                    return value.isTextual() && value.asText().equals(operand.asText());
                case "StringEqualsPath":
                    return value.isTextual()
                            && Objects.equals(
                                    value.asText(),
                                    path(operand.asText(), data, NODES.objectNode()).asText());
                default:
                    throw new AssertionError("Choice operator " + e.getKey() + " not interpreted");
            }
        }
        throw new AssertionError("a Choice rule without an operator: " + rule);
    }
}
