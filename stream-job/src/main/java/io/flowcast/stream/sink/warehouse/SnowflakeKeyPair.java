package io.flowcast.stream.sink.warehouse;

import java.security.PrivateKey;
import java.util.Objects;

/**
 * A Snowflake user and its private key for key-pair (JWT) authentication, as read at connect time.
 * Never serialized, never logged: {@link #toString()} shows the user only.
 */
public final class SnowflakeKeyPair {

    private final String user;
    private final PrivateKey privateKey;

    public SnowflakeKeyPair(String user, PrivateKey privateKey) {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("user must not be blank");
        }
        this.user = user;
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    }

    /** The Snowflake login name. */
    public String user() {
        return user;
    }

    /** The RSA private key whose public half is set on the user ({@code RSA_PUBLIC_KEY}). */
    public PrivateKey privateKey() {
        return privateKey;
    }

    @Override
    public String toString() {
        return "SnowflakeKeyPair{user=" + user + ", privateKey=<hidden>}";
    }
}
