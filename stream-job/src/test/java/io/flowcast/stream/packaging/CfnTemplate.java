package io.flowcast.stream.packaging;

import io.flowcast.stream.config.RepoPaths;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A CloudFormation template read as the service reads it: YAML short forms of the intrinsic
 * functions ({@code !Ref X}, {@code !GetAtt R.A}, {@code !Sub ...}) become their JSON forms ({@code
 * {"Ref": "X"}}, {@code {"Fn::GetAtt": ["R", "A"]}}, {@code {"Fn::Sub": ...}}). Values are {@code
 * Map<String, Object>}, {@code List<Object>} or {@code String}.
 */
final class CfnTemplate {

    final Path file;
    final Map<String, Object> root;

    private CfnTemplate(Path file, Map<String, Object> root) {
        this.file = file;
        this.root = root;
    }

    /** Every {@code *.cfn.yaml} of the repository (kda-config/ and the modules' resources). */
    static List<Path> allTemplates() {
        Path repo = RepoPaths.repoDir();
        try (Stream<Path> files = Files.walk(repo)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".cfn.yaml"))
                    .filter(p -> !repo.relativize(p).toString().contains("target"))
                    .filter(p -> !repo.relativize(p).toString().contains("node_modules"))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static CfnTemplate read(Path file) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new CfnTemplate(file, (Map<String, Object>) convert(yaml.compose(reader)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, Object> section(String name) {
        return map(root.get(name));
    }

    Map<String, Object> resources() {
        return section("Resources");
    }

    /** Logical ids of the resources of a type. */
    List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        resources()
                .forEach(
                        (id, r) -> {
                            if (type.equals(map(r).get("Type"))) {
                                ids.add(id);
                            }
                        });
        return ids;
    }

    Map<String, Object> properties(String logicalId) {
        return map(map(resources().get(logicalId)).get("Properties"));
    }

    @SuppressWarnings("unchecked")
    /** The statements of the first inline policy of the role {@code roleId}. */
    List<Object> roleStatements(String roleId) {
        return list(
                at(list(properties(roleId).get("Policies")).get(0), "PolicyDocument", "Statement"));
    }

    static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        if (value instanceof List) {
            return (List<Object>) value;
        }
        List<Object> single = new ArrayList<>();
        if (value != null) {
            single.add(value);
        }
        return single;
    }

    /** Follows a path of map keys; empty map when absent. */
    static Object at(Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            current = map(current).get(key);
        }
        return current;
    }

    private static Object convert(Node node) {
        String tag = node.getTag().getValue();
        Object plain;
        if (node instanceof ScalarNode) {
            plain = ((ScalarNode) node).getValue();
        } else if (node instanceof SequenceNode) {
            List<Object> items = new ArrayList<>();
            for (Node item : ((SequenceNode) node).getValue()) {
                items.add(convert(item));
            }
            plain = items;
        } else {
            Map<String, Object> entries = new LinkedHashMap<>();
            for (NodeTuple tuple : ((MappingNode) node).getValue()) {
                entries.put(
                        ((ScalarNode) tuple.getKeyNode()).getValue(),
                        convert(tuple.getValueNode()));
            }
            plain = entries;
        }
        if (!tag.startsWith("!")) {
            return plain;
        }
        String function = tag.substring(1);
        Map<String, Object> intrinsic = new LinkedHashMap<>();
        if (function.equals("Ref") || function.equals("Condition")) {
            intrinsic.put(function, plain);
        } else if (function.equals("GetAtt") && plain instanceof String) {
            String text = (String) plain;
            int dot = text.indexOf('.');
            intrinsic.put(
                    "Fn::GetAtt",
                    new ArrayList<>(
                            Arrays.asList(text.substring(0, dot), text.substring(dot + 1))));
        } else {
            intrinsic.put("Fn::" + function, plain);
        }
        return intrinsic;
    }
}
