package io.flowcast.stream.enrich;

import static io.flowcast.stream.aws.SecretsManagerSecrets.nodeType;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowcast.stream.aws.SecretsManagerSecrets;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Reads the database user name and password from an AWS Secrets Manager secret, given by ARN: the
 * secret RDS creates and rotates for a cluster ("manage master user password") or one in the same
 * shape, a JSON object with at least {@code username} and {@code password} (other keys such as
 * {@code host}, {@code port} or {@code engine} are ignored).
 *
 * <p>AWS credentials come from the SDK's default provider chain (on Managed Flink, the
 * application's IAM role, which needs {@code secretsmanager:GetSecretValue} on the secret and
 * {@code kms:Decrypt} on its key if customer-managed). The region is the ARN's unless given; an
 * endpoint override points the client at a VPC endpoint or a local stand-in.
 *
 * <p>Each call to {@link #credentials()} makes one {@code GetSecretValue} request (SDK retries
 * included, bounded by a 30 s call timeout) with a short-lived client. Errors name the secret ARN
 * and what is wrong; they never contain the secret's text, not even in a chained cause.
 */
public final class SecretsManagerCredentialsProvider implements DatabaseCredentialsProvider {
    private static final long serialVersionUID = 1L;

    private final String secretArn;
    private final String region;
    private final String endpointOverride;

    /**
     * @param secretArn the secret's full ARN
     * @param region the region to call; null = the ARN's region
     * @param endpointOverride null on AWS; a VPC endpoint or local stand-in otherwise
     * @throws IllegalArgumentException if the ARN is not a Secrets Manager secret ARN
     */
    public SecretsManagerCredentialsProvider(
            String secretArn, String region, URI endpointOverride) {
        String arnRegion = SecretsManagerSecrets.regionOf(secretArn);
        if (region != null && region.isBlank()) {
            throw new IllegalArgumentException("region must not be blank when set");
        }
        this.secretArn = secretArn;
        this.region = region != null ? region : arnRegion;
        this.endpointOverride = endpointOverride == null ? null : endpointOverride.toString();
    }

    /** Reads the secret in its own region, through the regular AWS endpoint. */
    public static SecretsManagerCredentialsProvider forSecret(String secretArn) {
        return new SecretsManagerCredentialsProvider(secretArn, null, null);
    }

    public String secretArn() {
        return secretArn;
    }

    public String region() {
        return region;
    }

    public Optional<URI> endpointOverride() {
        return Optional.ofNullable(endpointOverride).map(URI::create);
    }

    @Override
    public DatabaseCredentials credentials() {
        String secretString;
        try {
            secretString = SecretsManagerSecrets.secretString(secretArn, region, endpointOverride);
        } catch (SdkException e) {
            // Service and transport errors carry no secret material; keep them as the cause.
            throw new DatabaseCredentialsException(
                    "Could not read database secret " + secretArn + ": " + e.getMessage(), e);
        }
        if (secretString == null) {
            throw new DatabaseCredentialsException(
                    "Database secret "
                            + secretArn
                            + " has no SecretString (binary secrets are not supported)");
        }
        return parseSecret(secretString, secretArn);
    }

    /**
     * Parses the secret's JSON text: an object with string {@code username} (not blank) and {@code
     * password}; other keys are ignored.
     *
     * @param secretArn only for error messages
     * @throws DatabaseCredentialsException if the text is not such an object; the message says
     *     which key is missing or of which JSON type it is, never any of the text
     */
    static DatabaseCredentials parseSecret(String secretText, String secretArn) {
        JsonNode root =
                SecretsManagerSecrets.readJson(
                        secretText,
                        where ->
                                new DatabaseCredentialsException(
                                        "Database secret "
                                                + secretArn
                                                + " is not valid JSON"
                                                + where));
        if (root == null || root.isMissingNode()) {
            throw new DatabaseCredentialsException("Database secret " + secretArn + " is empty");
        }
        if (!root.isObject()) {
            throw new DatabaseCredentialsException(
                    "Database secret "
                            + secretArn
                            + " must be a JSON object with \"username\" and \"password\", got a"
                            + " JSON "
                            + nodeType(root));
        }
        String username = stringField(root, "username", secretArn);
        String password = stringField(root, "password", secretArn);
        if (username.isBlank()) {
            throw new DatabaseCredentialsException(
                    "Database secret " + secretArn + ": \"username\" is blank");
        }
        return new DatabaseCredentials(username, password);
    }

    private static String stringField(JsonNode root, String key, String secretArn) {
        JsonNode node = root.get(key);
        if (node == null) {
            throw new DatabaseCredentialsException(
                    "Database secret " + secretArn + " has no \"" + key + "\" key");
        }
        if (!node.isTextual()) {
            throw new DatabaseCredentialsException(
                    "Database secret "
                            + secretArn
                            + ": \""
                            + key
                            + "\" must be a string, got a JSON "
                            + nodeType(node));
        }
        return node.textValue();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SecretsManagerCredentialsProvider)) {
            return false;
        }
        SecretsManagerCredentialsProvider that = (SecretsManagerCredentialsProvider) o;
        return secretArn.equals(that.secretArn)
                && region.equals(that.region)
                && Objects.equals(endpointOverride, that.endpointOverride);
    }

    @Override
    public int hashCode() {
        return Objects.hash(secretArn, region, endpointOverride);
    }

    @Override
    public String toString() {
        return "SecretsManagerCredentialsProvider{secretArn="
                + secretArn
                + ", region="
                + region
                + (endpointOverride == null ? "" : ", endpointOverride=" + endpointOverride)
                + '}';
    }
}
