package io.flowcast.stream.sink.warehouse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Reads the Snowflake key pair from an AWS Secrets Manager secret (by ARN) whose {@code
 * SecretString} is a JSON object:
 *
 * <pre>{@code
 * {"user": "FLOWCAST_SINK",
 *  "privateKey": "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----",
 *  "privateKeyPassphrase": "..."}   // only for an ENCRYPTED PRIVATE KEY
 * }</pre>
 *
 * {@code user} may be left out when the configuration names the user ({@code Warehouse/user}), in
 * which case the configured one wins over a missing key. The key is parsed by {@link PrivateKeys}.
 *
 * <p>AWS credentials come from the SDK's default provider chain (on Managed Flink the application's
 * role, which needs {@code secretsmanager:GetSecretValue} on the secret). Region: the ARN's. An
 * endpoint override points the client at a VPC endpoint or a local stand-in. Errors name the ARN
 * and the problem, never any of the secret's text.
 */
public final class SecretsManagerKeyPairSource implements SnowflakeKeyPairSource {
    private static final long serialVersionUID = 1L;

    private static final Pattern SECRET_ARN =
            Pattern.compile("arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):\\d{12}:secret:.+");
    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String secretArn;
    private final String region;
    private final String endpointOverride;
    private final String configuredUser;

    /**
     * @param secretArn the secret's full ARN
     * @param endpointOverride null on AWS; a VPC endpoint or local stand-in otherwise
     * @param configuredUser the user from configuration, or null to take {@code user} from the
     *     secret
     * @throws IllegalArgumentException if the ARN is not a Secrets Manager secret ARN
     */
    public SecretsManagerKeyPairSource(
            String secretArn, URI endpointOverride, String configuredUser) {
        Matcher m = SECRET_ARN.matcher(secretArn == null ? "" : secretArn);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>"
                            + ":secret:<name>): "
                            + secretArn);
        }
        this.secretArn = secretArn;
        this.region = m.group(1);
        this.endpointOverride = endpointOverride == null ? null : endpointOverride.toString();
        this.configuredUser =
                configuredUser == null || configuredUser.isBlank() ? null : configuredUser;
    }

    /** The secret's ARN. */
    public String secretArn() {
        return secretArn;
    }

    @Override
    public SnowflakeKeyPair read() {
        GetSecretValueResponse response;
        try (SecretsManagerClient client = newClient()) {
            response = client.getSecretValue(r -> r.secretId(secretArn));
        } catch (SdkException e) {
            // Service and transport errors carry no secret material.
            throw new UncheckedIOException(
                    new IOException(
                            "Could not read Snowflake secret " + secretArn + ": " + e.getMessage(),
                            e));
        }
        if (response.secretString() == null) {
            throw new WarehouseCredentialsException(
                    "Snowflake secret " + secretArn + " has no SecretString");
        }
        return parseSecret(response.secretString(), secretArn, configuredUser);
    }

    private SecretsManagerClient newClient() {
        SecretsManagerClientBuilder builder =
                SecretsManagerClient.builder()
                        .region(Region.of(region))
                        .credentialsProvider(DefaultCredentialsProvider.builder().build())
                        .httpClientBuilder(
                                ApacheHttpClient.builder()
                                        .connectionTimeout(Duration.ofSeconds(5))
                                        .socketTimeout(Duration.ofSeconds(10)))
                        .overrideConfiguration(c -> c.apiCallTimeout(API_CALL_TIMEOUT));
        if (endpointOverride != null) {
            builder.endpointOverride(URI.create(endpointOverride));
        }
        return builder.build();
    }

    /**
     * Parses the secret text (see the class comment).
     *
     * @throws WarehouseCredentialsException naming the problem, never quoting the text
     */
    static SnowflakeKeyPair parseSecret(String text, String secretArn, String configuredUser) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the input: do not chain it.
            throw new WarehouseCredentialsException(
                    "Snowflake secret " + secretArn + " is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new WarehouseCredentialsException(
                    "Snowflake secret "
                            + secretArn
                            + " must be a JSON object with \"privateKey\" (and \"user\")");
        }
        String user = configuredUser != null ? configuredUser : text(root, "user", secretArn);
        if (user == null) {
            throw new WarehouseCredentialsException(
                    "Snowflake secret "
                            + secretArn
                            + " has no \"user\" key and Warehouse/user is not set");
        }
        String pem = text(root, "privateKey", secretArn);
        if (pem == null) {
            throw new WarehouseCredentialsException(
                    "Snowflake secret " + secretArn + " has no \"privateKey\" key");
        }
        String passphrase = text(root, "privateKeyPassphrase", secretArn);
        char[] chars = passphrase == null ? null : passphrase.toCharArray();
        try {
            return new SnowflakeKeyPair(
                    user, PrivateKeys.parsePkcs8Pem(pem, chars, "secret " + secretArn));
        } finally {
            if (chars != null) {
                java.util.Arrays.fill(chars, '\0');
            }
        }
    }

    private static String text(JsonNode root, String key, String secretArn) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new WarehouseCredentialsException(
                    "Snowflake secret "
                            + secretArn
                            + ": \""
                            + key
                            + "\" must be a string, got a JSON "
                            + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return node.textValue().isBlank() ? null : node.textValue();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SecretsManagerKeyPairSource)) {
            return false;
        }
        SecretsManagerKeyPairSource that = (SecretsManagerKeyPairSource) o;
        return secretArn.equals(that.secretArn)
                && Objects.equals(endpointOverride, that.endpointOverride)
                && Objects.equals(configuredUser, that.configuredUser);
    }

    @Override
    public int hashCode() {
        return Objects.hash(secretArn, endpointOverride, configuredUser);
    }

    @Override
    public String toString() {
        return "SecretsManagerKeyPairSource{secretArn="
                + secretArn
                + (endpointOverride == null ? "" : ", endpointOverride=" + endpointOverride)
                + '}';
    }
}
