package io.flowcast.stream.packaging;

import static io.flowcast.stream.packaging.CfnTemplate.at;
import static io.flowcast.stream.packaging.CfnTemplate.list;
import static io.flowcast.stream.packaging.CfnTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.stream.config.RepoPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Least privilege in every {@code *.cfn.yaml} of the repository, and no credential in {@code
 * kda-config/} or {@code scripts/}: no Allow statement grants {@code "*"} or {@code "service:*"}
 * actions (or uses NotAction / NotResource), and {@code Resource: "*"} appears only with actions
 * that accept no narrower resource (EC2 Describe calls). Deny statements (the buckets' TLS-only
 * policies) may use wildcards.
 */
class CloudFormationPolicyTest {

    /**
     * Actions that support no resource-level permission, so "*" is their only resource: the EC2
     * Describe calls of the application's VPC attachment, the ECR token and the CloudWatch metrics
     * of the SageMaker jobs (scoped by a namespace condition).
     */
    static final Set<String> ACTIONS_ALLOWED_ON_ANY_RESOURCE =
            Set.of(
                    "ecr:GetAuthorizationToken",
                    "cloudwatch:PutMetricData",
                    "ec2:DescribeVpcs",
                    "ec2:DescribeSubnets",
                    "ec2:DescribeSecurityGroups",
                    "ec2:DescribeDhcpOptions",
                    "ec2:DescribeNetworkInterfaces");

    private static final Pattern SERVICE_WILDCARD = Pattern.compile("[A-Za-z0-9-]+:\\*");

    private static final Map<String, Pattern> CREDENTIAL_PATTERNS =
            Map.of(
                    "AWS access key id",
                    Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"),
                    "private key",
                    Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"),
                    "password literal",
                    Pattern.compile(
                            "(?i)\\bpass(word)?[\"']?\\s*[=:]\\s*[\"']?[^\\s\"'$<{}(),]{3,}"),
                    "AWS secret key literal",
                    Pattern.compile(
                            "(?i)(aws_secret_access_key|secretAccessKey|secret\\.key)[\"']?\\s*[=:]\\s*[\"']?[A-Za-z0-9/+]{20,}"));

    @TempDir Path temp;

    /** Problems of the Allow statements of every policy document in a template. */
    static List<String> violations(CfnTemplate template) {
        List<String> problems = new ArrayList<>();
        template.resources()
                .forEach(
                        (id, resource) -> {
                            for (Object document : policyDocuments(map(resource))) {
                                for (Object statement : list(at(document, "Statement"))) {
                                    check(
                                            template.file.getFileName() + " " + id,
                                            map(statement),
                                            problems);
                                }
                            }
                        });
        return problems;
    }

    private static List<Object> policyDocuments(Map<String, Object> resource) {
        List<Object> documents = new ArrayList<>();
        Map<String, Object> properties = map(resource.get("Properties"));
        if (properties.containsKey("PolicyDocument")) {
            documents.add(properties.get("PolicyDocument"));
        }
        for (Object policy : list(properties.get("Policies"))) {
            documents.add(map(policy).get("PolicyDocument"));
        }
        return documents;
    }

    private static void check(String where, Map<String, Object> statement, List<String> problems) {
        if (!"Allow".equals(statement.get("Effect"))) {
            return;
        }
        String sid = where + " " + statement.getOrDefault("Sid", statement.get("Action"));
        if (statement.containsKey("NotAction") || statement.containsKey("NotResource")) {
            problems.add(sid + ": Allow with NotAction/NotResource");
        }
        List<String> actions =
                list(statement.get("Action")).stream()
                        .map(String::valueOf)
                        .collect(Collectors.toList());
        for (String action : actions) {
            if (action.equals("*") || SERVICE_WILDCARD.matcher(action).matches()) {
                problems.add(sid + ": wildcard action " + action);
            }
        }
        boolean anyResource = list(statement.get("Resource")).stream().anyMatch("*"::equals);
        if (anyResource && statement.containsKey("Principal")) {
            return; // a resource policy: its resource is the resource it is attached to
        }
        if (anyResource && !ACTIONS_ALLOWED_ON_ANY_RESOURCE.containsAll(actions)) {
            problems.add(sid + ": Resource \"*\" for " + actions);
        }
    }

    @Test
    void thereAreTemplatesToCheck() {
        assertThat(CfnTemplate.allTemplates().stream().map(p -> p.getFileName().toString()))
                .contains(
                        "flowcast-storage.cfn.yaml",
                        "flowcast-stream.cfn.yaml",
                        "flowcast-retraining.cfn.yaml",
                        "flowcast-retraining-schedule.cfn.yaml");
    }

    @Test
    void noTemplateGrantsWildcardActionsOrAnyResourceBeyondTheAllowList() {
        List<String> problems = new ArrayList<>();
        for (Path file : CfnTemplate.allTemplates()) {
            problems.addAll(violations(CfnTemplate.read(file)));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theCheckFindsAWildcardActionAServiceWildcardAndAnUnlistedStarResource()
            throws IOException {
        Path file = temp.resolve("bad.cfn.yaml");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "Resources:",
                        "  Role:",
                        "    Type: AWS::IAM::Role",
                        "    Properties:",
                        "      Policies:",
                        "        - PolicyName: p",
                        "          PolicyDocument:",
                        "            Statement:",
                        "              - Sid: All",
                        "                Effect: Allow",
                        "                Action: \"*\"",
                        "                Resource: !GetAtt Stream.Arn",
                        "              - Sid: AllS3",
                        "                Effect: Allow",
                        "                Action: [s3:GetObject, s3:*]",
                        "                Resource: !Sub \"${Bucket.Arn}/*\"",
                        "              - Sid: AnyStream",
                        "                Effect: Allow",
                        "                Action: [kinesis:GetRecords, ec2:DescribeVpcs]",
                        "                Resource: \"*\"",
                        "              - Sid: Describe",
                        "                Effect: Allow",
                        "                Action: ec2:DescribeSubnets",
                        "                Resource: \"*\"",
                        ""),
                StandardCharsets.UTF_8);

        List<String> problems = violations(CfnTemplate.read(file));

        assertThat(problems)
                .hasSize(3)
                .anyMatch(p -> p.contains("All: wildcard action *"))
                .anyMatch(p -> p.contains("AllS3: wildcard action s3:*"))
                .anyMatch(p -> p.contains("AnyStream: Resource \"*\""));
    }

    @Test
    void noFileInKdaConfigOrScriptsHoldsACredential() throws IOException {
        Path repo = RepoPaths.repoDir();
        List<String> found = new ArrayList<>();
        for (String dir : List.of("kda-config", "scripts")) {
            try (Stream<Path> files = Files.walk(repo.resolve(dir))) {
                for (Path file :
                        files.filter(Files::isRegularFile)
                                .filter(p -> !p.toString().contains("node_modules"))
                                .filter(
                                        p ->
                                                !p.getFileName()
                                                        .toString()
                                                        .equals("package-lock.json"))
                                .collect(Collectors.toList())) {
                    found.addAll(
                            credentials(repo.relativize(file).toString(), Files.readString(file)));
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void theCredentialScanFindsKeysPrivateKeysAndPasswords() {
        String fake =
                String.join(
                        "\n",
                        "export AWS_ACCESS_KEY_ID=AKIA" + "ABCDEFGHIJKLMNOP",
                        "-----BEGIN " + "PRIVATE KEY-----",
                        "jdbc.password=" + "hunter22",
                        "aws_secret_access_key = " + "abcdEFGHijklMNOPqrstUVWXyz0123456789abcd",
                        "password=${DB_PASSWORD} and --password \"$PASS\" are not literals");

        assertThat(credentials("fake", fake))
                .hasSize(4)
                .anyMatch(f -> f.contains("AWS access key id"))
                .anyMatch(f -> f.contains("private key"))
                .anyMatch(f -> f.contains("password literal"))
                .anyMatch(f -> f.contains("AWS secret key literal"));
    }

    private static List<String> credentials(String name, String text) {
        List<String> found = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            for (Map.Entry<String, Pattern> p : CREDENTIAL_PATTERNS.entrySet()) {
                if (p.getValue().matcher(lines[i]).find()) {
                    found.add(name + ":" + (i + 1) + " " + p.getKey());
                }
            }
        }
        return found;
    }
}
