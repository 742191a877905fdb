package io.flowcast.stream.inference;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where a feature vector's prediction comes from: a SageMaker endpoint plus the optional request
 * fields that pick a model behind it ({@code TargetModel} for multi-model endpoints, {@code
 * TargetVariant}, {@code InferenceComponentName}) and the payload format. Vectors with equal routes
 * are batched into one {@code InvokeEndpoint} call, so equality covers every field.
 */
public final class ModelRoute implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String endpoint;
    private final String targetModel;
    private final String targetVariant;
    private final String inferenceComponent;
    private final PayloadFormat format;

    public ModelRoute(
            String endpoint,
            String targetModel,
            String targetVariant,
            String inferenceComponent,
            PayloadFormat format) {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("endpoint must not be blank");
        }
        this.endpoint = endpoint;
        this.targetModel = blankToNull(targetModel);
        this.targetVariant = blankToNull(targetVariant);
        this.inferenceComponent = blankToNull(inferenceComponent);
        this.format = Objects.requireNonNull(format, "format");
    }

    /** A route to {@code endpoint} with no target model, variant or component. */
    public static ModelRoute of(String endpoint, PayloadFormat format) {
        return new ModelRoute(endpoint, null, null, null, format);
    }

    public String endpoint() {
        return endpoint;
    }

    /** {@code TargetModel}, or null. */
    public String targetModel() {
        return targetModel;
    }

    /** {@code TargetVariant}, or null. */
    public String targetVariant() {
        return targetVariant;
    }

    /** {@code InferenceComponentName}, or null. */
    public String inferenceComponent() {
        return inferenceComponent;
    }

    public PayloadFormat format() {
        return format;
    }

    /** The same route with another variant (null: the endpoint's own traffic split). */
    public ModelRoute withVariant(String variant) {
        return new ModelRoute(endpoint, targetModel, variant, inferenceComponent, format);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ModelRoute)) {
            return false;
        }
        ModelRoute r = (ModelRoute) o;
        return endpoint.equals(r.endpoint)
                && Objects.equals(targetModel, r.targetModel)
                && Objects.equals(targetVariant, r.targetVariant)
                && Objects.equals(inferenceComponent, r.inferenceComponent)
                && format == r.format;
    }

    @Override
    public int hashCode() {
        return Objects.hash(endpoint, targetModel, targetVariant, inferenceComponent, format);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(endpoint);
        if (targetModel != null) {
            sb.append(" model=").append(targetModel);
        }
        if (targetVariant != null) {
            sb.append(" variant=").append(targetVariant);
        }
        if (inferenceComponent != null) {
            sb.append(" component=").append(inferenceComponent);
        }
        return sb.append(" (").append(format.contentType()).append(')').toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
