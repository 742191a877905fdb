package io.flowcast.stream.retrain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * The deterministic Step Functions execution name of a retraining request: {@code
 * retrain-<assetType>-<modelVersion>-<episodeId>}, so the same drift episode of the same model
 * always maps to the same execution and a replay cannot start a second run.
 *
 * <p>Step Functions names are 1-80 characters of {@code [A-Za-z0-9_-]} (ASCII letters, digits, '-'
 * and '_' are safe for CloudWatch Logs too). Other characters become '-'; when that changed
 * anything, or the name would be longer than 80, the readable part is cut and a SHA-256 prefix of
 * the exact parts (with separators that cannot occur in them) is appended, so two different
 * requests never share a name because of the rewriting.
 */
public final class RetrainExecutionName {

    /** Step Functions' execution name limit. */
    public static final int MAX_LENGTH = 80;

    private static final String PREFIX = "retrain-";
    private static final int HASH_HEX_CHARS = 16;
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_-]");
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");

    private RetrainExecutionName() {}

    /** The execution name of a request. */
    public static String of(RetrainRequest request) {
        return of(request.assetType(), request.modelVersion(), request.episodeId());
    }

    /** The execution name of a model version's drift episode. */
    public static String of(String assetType, String modelVersion, String episodeId) {
        String readable = PREFIX + assetType + "-" + modelVersion + "-" + episodeId;
        String safe = UNSAFE.matcher(readable).replaceAll("-");
        if (safe.equals(readable) && safe.length() <= MAX_LENGTH) {
            return safe;
        }
        String hash = sha256Hex(assetType + '\u0000' + modelVersion + '\u0000' + episodeId);
        int keep = MAX_LENGTH - HASH_HEX_CHARS - 1;
        String head = safe.length() > keep ? safe.substring(0, keep) : safe;
        return head + "-" + hash.substring(0, HASH_HEX_CHARS);
    }

    /** True if Step Functions accepts the text as an execution name. */
    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    private static String sha256Hex(String text) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(digest.length * 2);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16))
                        .append(Character.forDigit(b & 0xF, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
