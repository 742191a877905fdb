package io.flowcast.training.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowcast.stream.retrain.RetrainRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retraining state machine ({@code kda-config/retraining.asl.json}): valid Amazon States
 * Language per {@code asl-validator@4.0.0} (pinned in {@code scripts/emulators}, installed by the
 * build), every failure recorded, and its contracts with the trigger's input and the CloudFormation
 * templates. Skipped only when Node.js is absent.
 */
class RetrainingStateMachineTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path ASL = kdaConfig("retraining.asl.json");
    private static final Path STACK = kdaConfig("flowcast-retraining.cfn.yaml");
    private static final Path SCHEDULE = kdaConfig("flowcast-retraining-schedule.cfn.yaml");

    @TempDir Path temp;

    /** A file of the repository's {@code kda-config/} (tests run in the module's directory). */
    private static Path kdaConfig(String name) {
        return Paths.get("../kda-config").resolve(name).toAbsolutePath().normalize();
    }

    private static JsonNode asl() throws IOException {
        return MAPPER.readTree(ASL.toFile());
    }

    @Test
    void theDefinitionPassesAslValidator() throws Exception {
        Result result = validate(ASL);
        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(result.output).contains("is valid");
    }

    @Test
    void theValidatorRejectsABrokenTransition() throws Exception {
        ObjectNode broken = (ObjectNode) asl();
        ((ObjectNode) broken.path("States").path("BuildDataset")).put("Next", "Trian");
        Path file = temp.resolve("broken.asl.json");
        MAPPER.writeValue(file.toFile(), broken);

        Result result = validate(file);
        assertThat(result.exitCode).as(result.output).isNotZero();
        assertThat(result.output).contains("MISSING_TRANSITION_TARGET").contains("Trian");
    }

    @Test
    void everyTaskButTheFailureRecordCatchesIntoTheFailureRecord() throws Exception {
        JsonNode states = asl().path("States");
        List<String> tasks = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> state = it.next();
            if (!"Task".equals(state.getValue().path("Type").asText())
                    || state.getKey().equals("RecordFailure")) {
                continue;
            }
            tasks.add(state.getKey());
            JsonNode catcher = state.getValue().path("Catch").path(0);
            assertThat(catcher.path("ErrorEquals").toString())
                    .as(state.getKey())
                    .isEqualTo("[\"States.ALL\"]");
            assertThat(catcher.path("Next").asText()).as(state.getKey()).isEqualTo("RecordFailure");
            assertThat(catcher.path("ResultPath").asText()).as(state.getKey()).isEqualTo("$.error");
        }
        assertThat(tasks)
                .contains(
                        "RecordStart",
                        "BuildDataset",
                        "Train",
                        "Evaluate",
                        "ProduceBaseline",
                        "RegisterModelPackage",
                        "CreateModel",
                        "CreateEndpointConfig",
                        "UpdateEndpoint",
                        "PublishStatistics",
                        "PublishConstraints",
                        "PublishModelArchive",
                        "PublishMetrics",
                        "PublishMetadata",
                        "RecordPromoted");
        assertThat(states.path("Train").path("Resource").asText())
                .isEqualTo("arn:aws:states:::sagemaker:createTrainingJob.sync");
        assertThat(states.path("RecordFailure").path("Next").asText()).isEqualTo("Failed");
        assertThat(states.path("Failed").path("Type").asText()).isEqualTo("Fail");
    }

    @Test
    void theInputFieldsTheDefinitionReadsAreThoseTheTriggerAndTheScheduleSend() throws Exception {
        // Roots of the state-input paths ($.x; not the context object's $$.x, not the task
        // results that ResultSelector reads), minus those the definition writes (ResultPath).
        JsonNode definition = asl();
        definition.path("States").forEach(state -> ((ObjectNode) state).remove("ResultSelector"));
        String text = MAPPER.writeValueAsString(definition);
        Set<String> read = matches(Pattern.compile("(?<!\\$)\\$\\.([A-Za-z]+)"), text);
        read.removeAll(matches(Pattern.compile("\"ResultPath\":\"\\$\\.([A-Za-z]+)\""), text));

        JsonNode triggerInput =
                MAPPER.readTree(
                        RetrainRequest.builder("pump", "v0003", "ep-1").build().toExecutionInput());
        assertThat(read).isEqualTo(fieldNames(triggerInput));

        String schedule = Files.readString(SCHEDULE, StandardCharsets.UTF_8);
        Matcher input =
                Pattern.compile("Input: !Sub >-\\s*(\\{.*?\\})\\s*$", Pattern.DOTALL)
                        .matcher(schedule);
        assertThat(input.find()).as("schedule Input").isTrue();
        JsonNode scheduleInput =
                MAPPER.readTree(
                        input.group(1).replace("${AssetType}", "pump").replaceAll("\\s+", " "));
        assertThat(fieldNames(scheduleInput)).isEqualTo(fieldNames(triggerInput));
    }

    @Test
    void everyPlaceholderIsADefinitionSubstitutionOfTheStack() throws Exception {
        Set<String> placeholders =
                matches(Pattern.compile("\\$\\{([A-Za-z]+)\\}"), Files.readString(ASL));
        // The keys of the DefinitionSubstitutions block: the lines indented deeper than its key.
        List<String> lines = Files.readAllLines(STACK, StandardCharsets.UTF_8);
        int start = -1;
        for (int i = 0; i < lines.size() && start < 0; i++) {
            if (lines.get(i).trim().equals("DefinitionSubstitutions:")) {
                start = i;
            }
        }
        assertThat(start).as("DefinitionSubstitutions in " + STACK).isNotNegative();
        int indent = indentOf(lines.get(start));
        Set<String> substituted = new TreeSet<>();
        Pattern entry = Pattern.compile("^\\s+([A-Za-z]+): \\S.*$");
        for (int i = start + 1; i < lines.size() && indentOf(lines.get(i)) > indent; i++) {
            if (lines.get(i).isBlank()) {
                continue; // the block ends at the next line indented no deeper than its key
            }
            Matcher m = entry.matcher(lines.get(i));
            assertThat(m.matches()).as("a substitution: " + lines.get(i)).isTrue();
            substituted.add(m.group(1));
        }
        assertThat(placeholders).isNotEmpty().isEqualTo(substituted);
    }

    private static int indentOf(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return line.isBlank() ? Integer.MAX_VALUE : n;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static final class Result {
        final int exitCode;
        final String output;

        Result(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }
    }

    /** Runs the pinned asl-validator on a file with Node.js. */
    private static Result validate(Path definition) throws IOException, InterruptedException {
        NodeTools.Output out =
                NodeTools.run(
                        "asl-validator",
                        "asl-validator/dist/bin/asl-validator.js",
                        "--json-path",
                        definition.toString());
        return new Result(out.exitCode, out.text);
    }
}
