package io.flowcast.stream.enrich;

import java.io.Serializable;
import java.util.Objects;

/**
 * A database user name and password, as read from Secrets Manager (or fixed for a local stand-in).
 * {@link #toString()} never shows the password; nothing in Flowcast logs this object's password.
 */
public final class DatabaseCredentials implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String username;
    private final String password;

    /**
     * @throws IllegalArgumentException if the user name is blank or the password is null
     */
    public DatabaseCredentials(String username, String password) {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("database user name must not be blank");
        }
        if (password == null) {
            throw new IllegalArgumentException(
                    "database password must not be null (use \"\" for none)");
        }
        this.username = username;
        this.password = password;
    }

    public String username() {
        return username;
    }

    /** The password; hand it to the driver or pool only, never to a log or message. */
    public String password() {
        return password;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DatabaseCredentials)) {
            return false;
        }
        DatabaseCredentials that = (DatabaseCredentials) o;
        return username.equals(that.username) && password.equals(that.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(username, password);
    }

    @Override
    public String toString() {
        return "DatabaseCredentials{username=" + username + ", password=<redacted>}";
    }
}
