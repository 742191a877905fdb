package io.flowcast.stream.enrich;

/**
 * Fixed credentials for a database on this machine (the embedded PostgreSQL of the local run and
 * tests). {@link #loopbackOnly()} is true, so {@link AuroraConnectionConfig} refuses it for any
 * non-loopback host: a real database always gets its credentials from {@link
 * SecretsManagerCredentialsProvider}. {@link #toString()} hides the password.
 */
public final class FixedCredentialsProvider implements DatabaseCredentialsProvider {
    private static final long serialVersionUID = 1L;

    private final DatabaseCredentials credentials;

    public FixedCredentialsProvider(DatabaseCredentials credentials) {
        if (credentials == null) {
            throw new IllegalArgumentException("credentials must not be null");
        }
        this.credentials = credentials;
    }

    @Override
    public DatabaseCredentials credentials() {
        return credentials;
    }

    @Override
    public boolean loopbackOnly() {
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FixedCredentialsProvider
                && ((FixedCredentialsProvider) o).credentials.equals(credentials);
    }

    @Override
    public int hashCode() {
        return credentials.hashCode();
    }

    @Override
    public String toString() {
        return "FixedCredentialsProvider{" + credentials + "}";
    }
}
