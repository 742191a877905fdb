package io.flowcast.stream.sink.warehouse;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Parses the PEM text of a PKCS#8 RSA private key, the form Snowflake key-pair authentication uses:
 * {@code -----BEGIN PRIVATE KEY-----} (unencrypted) or {@code -----BEGIN ENCRYPTED PRIVATE
 * KEY-----} (encrypted with a passphrase, e.g. {@code openssl pkcs8 -topk8 -v2 aes-256-cbc}: PBES2
 * with PBKDF2 and AES, decrypted with the JDK's own providers).
 *
 * <p>Errors say what is wrong (no PEM block, wrong passphrase, not RSA) and never contain the key
 * text or the passphrase: the JDK's exceptions are not chained, because some quote their input.
 */
public final class PrivateKeys {

    private static final Pattern PEM =
            Pattern.compile(
                    "-----BEGIN (ENCRYPTED )?PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END"
                            + " (ENCRYPTED )?PRIVATE KEY-----");

    private PrivateKeys() {}

    /**
     * The private key of {@code pem}.
     *
     * @param pem the PEM text (line breaks may be real or {@code \n} escapes already decoded)
     * @param passphrase the passphrase of an encrypted key; null or empty for an unencrypted one
     * @param source names where the key came from, for error messages (e.g. the secret ARN)
     * @throws WarehouseCredentialsException if it cannot be parsed or decrypted
     */
    public static PrivateKey parsePkcs8Pem(String pem, char[] passphrase, String source) {
        if (pem == null || pem.isBlank()) {
            throw new WarehouseCredentialsException("Private key from " + source + " is empty");
        }
        if (pem.contains("BEGIN RSA PRIVATE KEY")) {
            throw new WarehouseCredentialsException(
                    "Private key from "
                            + source
                            + " is PKCS#1 (BEGIN RSA PRIVATE KEY); convert it to PKCS#8 with"
                            + " openssl pkcs8 -topk8");
        }
        Matcher m = PEM.matcher(pem);
        if (!m.find()) {
            throw new WarehouseCredentialsException(
                    "Private key from "
                            + source
                            + " is not a PEM block -----BEGIN [ENCRYPTED ]PRIVATE KEY-----");
        }
        boolean encrypted = m.group(1) != null;
        if (encrypted != (m.group(3) != null)) {
            throw new WarehouseCredentialsException(
                    "Private key from " + source + " has mismatched BEGIN/END lines");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new WarehouseCredentialsException(
                    "Private key from " + source + " is not valid base64");
        }
        boolean hasPassphrase = passphrase != null && passphrase.length > 0;
        PKCS8EncodedKeySpec spec;
        if (encrypted) {
            if (!hasPassphrase) {
                throw new WarehouseCredentialsException(
                        "Private key from " + source + " is encrypted but no passphrase is given");
            }
            spec = decrypt(der, passphrase, source);
        } else {
            spec = new PKCS8EncodedKeySpec(der);
        }
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(spec);
        } catch (GeneralSecurityException e) {
            throw new WarehouseCredentialsException(
                    "Private key from "
                            + source
                            + " is not a PKCS#8 RSA private key"
                            + (encrypted ? " (or the passphrase is wrong)" : ""));
        }
    }

    private static PKCS8EncodedKeySpec decrypt(byte[] der, char[] passphrase, String source) {
        EncryptedPrivateKeyInfo info;
        try {
            info = new EncryptedPrivateKeyInfo(der);
        } catch (java.io.IOException e) {
            throw new WarehouseCredentialsException(
                    "Private key from " + source + " is not an encrypted PKCS#8 structure");
        }
        String algorithm = info.getAlgName();
        try {
            // For PBES2 the parameters name the actual scheme (e.g. PBEWithHmacSHA256AndAES_256).
            String scheme =
                    info.getAlgParameters() != null ? info.getAlgParameters().toString() : null;
            String cipherName = scheme != null && scheme.startsWith("PBEWith") ? scheme : algorithm;
            SecretKeyFactory factory = SecretKeyFactory.getInstance(cipherName);
            PBEKeySpec keySpec = new PBEKeySpec(passphrase);
            try {
                Cipher cipher = Cipher.getInstance(cipherName);
                cipher.init(
                        Cipher.DECRYPT_MODE,
                        factory.generateSecret(keySpec),
                        info.getAlgParameters());
                return info.getKeySpec(cipher);
            } finally {
                keySpec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new WarehouseCredentialsException(
                    "Private key from "
                            + source
                            + " could not be decrypted ("
                            + algorithm
                            + "): wrong passphrase or unsupported encryption ("
                            + e.getClass().getSimpleName()
                            + ")");
        }
    }
}
