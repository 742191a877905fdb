package io.flowcast.stream.sink.warehouse;

import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;

/** RSA key pairs generated for tests, as the PKCS#8 PEM texts Snowflake users keep in a secret. */
final class TestKeys {

    /** One key pair per test run: generating RSA-2048 keys takes a fraction of a second. */
    static final KeyPair KEY_PAIR = generate();

    private TestKeys() {}

    private static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code -----BEGIN PRIVATE KEY-----} of {@link #KEY_PAIR}. */
    static String unencryptedPem() {
        return pem("PRIVATE KEY", KEY_PAIR.getPrivate().getEncoded());
    }

    /**
     * {@code -----BEGIN ENCRYPTED PRIVATE KEY-----} of {@link #KEY_PAIR}: PBES2 with PBKDF2
     * (HMAC-SHA256) and AES-256-CBC, what {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} writes.
     */
    static String encryptedPem(String passphrase) {
        try {
            String algorithm = "PBEWithHmacSHA256AndAES_256";
            SecureRandom random = new SecureRandom();
            byte[] salt = new byte[16];
            byte[] iv = new byte[16];
            random.nextBytes(salt);
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(
                    Cipher.ENCRYPT_MODE,
                    SecretKeyFactory.getInstance(algorithm)
                            .generateSecret(new PBEKeySpec(passphrase.toCharArray())),
                    new PBEParameterSpec(salt, 10_000, new IvParameterSpec(iv)));
            byte[] encrypted = cipher.doFinal(KEY_PAIR.getPrivate().getEncoded());
            // Named by the PBES2 OID, as openssl writes it (the JDK has no OID for the long name).
            AlgorithmParameters pbes2 = AlgorithmParameters.getInstance("PBES2");
            pbes2.init(cipher.getParameters().getEncoded());
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(pbes2, encrypted);
            return pem("ENCRYPTED PRIVATE KEY", info.getEncoded());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body =
                Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /** A run of base64 from the middle of a PEM text, to check messages never contain it. */
    static String fragmentOf(String pem) {
        String body = pem.substring(pem.indexOf('\n') + 1);
        return body.substring(100, 140);
    }
}
