package io.flowcast.stream.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * What the readers of AWS Secrets Manager secrets share: the secret ARN's check and region, one
 * {@code GetSecretValue} call with a short-lived client, and reading the secret's JSON text without
 * ever quoting it.
 *
 * <p>Stateless on purpose: its users are {@link java.io.Serializable} and keep the ARN, region and
 * endpoint override as strings, calling these methods where the secret is needed (on task
 * managers), so no client is ever serialized.
 *
 * <p>AWS credentials come from the SDK's default provider chain; the HTTP client is chosen
 * explicitly (so the choice does not depend on which HTTP clients happen to be on the classpath)
 * and the call is bounded by a 30 s timeout, SDK retries included.
 */
public final class SecretsManagerSecrets {

    /** {@code arn:<partition>:secretsmanager:<region>:<account>:secret:<name>}. */
    private static final Pattern SECRET_ARN =
            Pattern.compile("arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):\\d{12}:secret:.+");

    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration HTTP_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration HTTP_SOCKET_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SecretsManagerSecrets() {}

    /**
     * The region in a secret's ARN.
     *
     * @throws IllegalArgumentException if the ARN is not a Secrets Manager secret ARN
     */
    public static String regionOf(String secretArn) {
        Matcher m = SECRET_ARN.matcher(secretArn == null ? "" : secretArn);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>"
                            + ":secret:<name>): "
                            + secretArn);
        }
        return m.group(1);
    }

    /**
     * Makes one {@code GetSecretValue} request with a short-lived client.
     *
     * @param endpointOverride null on AWS; a VPC endpoint or local stand-in otherwise
     * @return the secret's {@code SecretString}, or null if it has none (a binary secret)
     * @throws SdkException on service and transport errors (these carry no secret material)
     */
    public static String secretString(String secretArn, String region, String endpointOverride) {
        try (SecretsManagerClient client = newClient(region, endpointOverride)) {
            return client.getSecretValue(r -> r.secretId(secretArn)).secretString();
        }
    }

    private static SecretsManagerClient newClient(String region, String endpointOverride) {
        SecretsManagerClientBuilder builder =
                SecretsManagerClient.builder()
                        .region(Region.of(region))
                        .credentialsProvider(DefaultCredentialsProvider.builder().build())
                        .httpClientBuilder(
                                ApacheHttpClient.builder()
                                        .connectionTimeout(HTTP_CONNECT_TIMEOUT)
                                        .socketTimeout(HTTP_SOCKET_TIMEOUT))
                        .overrideConfiguration(c -> c.apiCallTimeout(API_CALL_TIMEOUT));
        if (endpointOverride != null) {
            builder.endpointOverride(URI.create(endpointOverride));
        }
        return builder.build();
    }

    /**
     * Parses a secret's JSON text.
     *
     * @param invalidJson makes the exception thrown when the text is not JSON; it is given where
     *     the text broke, {@code " (line L, column C)"} or {@code ""}. Jackson's own message quotes
     *     the input, so it is neither passed on nor chained.
     * @return the tree; null or a missing node for empty text
     */
    public static JsonNode readJson(
            String text, Function<String, ? extends RuntimeException> invalidJson) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String where =
                    e.getLocation() == null
                            ? ""
                            : " (line "
                                    + e.getLocation().getLineNr()
                                    + ", column "
                                    + e.getLocation().getColumnNr()
                                    + ")";
            throw invalidJson.apply(where);
        }
    }

    /** A JSON node's type for error messages: {@code "object"}, {@code "number"}, ... */
    public static String nodeType(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
