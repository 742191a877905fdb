package io.flowcast.stream.inference;

import java.util.Objects;

/** A successful {@code InvokeEndpoint} answer: the body and which model answered. */
public final class InvocationResponse {
    private final byte[] body;
    private final String invokedVariant;
    private final String customAttributes;

    public InvocationResponse(byte[] body, String invokedVariant, String customAttributes) {
        this.body = Objects.requireNonNull(body, "body");
        this.invokedVariant = invokedVariant;
        this.customAttributes = customAttributes;
    }

    public byte[] body() {
        return body;
    }

    /** {@code InvokedProductionVariant}, or null if the endpoint did not say. */
    public String invokedVariant() {
        return invokedVariant;
    }

    /** {@code CustomAttributes} of the answer (the local server puts the model version here). */
    public String customAttributes() {
        return customAttributes;
    }

    /** The value of {@code key=value} in the custom attributes, or null. */
    public String attribute(String key) {
        if (customAttributes == null) {
            return null;
        }
        for (String part : customAttributes.split("[;,]")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equals(key)) {
                return part.substring(eq + 1).trim();
            }
        }
        return null;
    }
}
