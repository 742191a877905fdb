package io.flowcast.stream.inference;

import io.flowcast.stream.enrich.AssetContext;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which endpoint (and model, variant, component) serves an asset: by asset type from configuration
 * ({@code flowcast-{assetType}} unless a type has its own endpoint), overridden per asset by the
 * asset register's {@code model_endpoint} and {@code model_variant}. Immutable.
 */
public final class InferenceRouter implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The placeholder for the asset type in patterns. */
    public static final String TYPE_PLACEHOLDER = "{assetType}";

    private final String endpointPattern;
    private final LinkedHashMap<String, String> endpointByType;
    private final String targetModelPattern;
    private final String targetVariant;
    private final String inferenceComponent;
    private final PayloadFormat format;

    /**
     * @param endpointPattern e.g. {@code flowcast-{assetType}}
     * @param endpointByType explicit endpoints for some types (win over the pattern)
     * @param targetModelPattern {@code TargetModel} for multi-model endpoints (may use the
     *     placeholder), or null
     * @param targetVariant {@code TargetVariant} for every call unless the asset names one, or null
     * @param inferenceComponent {@code InferenceComponentName}, or null
     */
    public InferenceRouter(
            String endpointPattern,
            Map<String, String> endpointByType,
            String targetModelPattern,
            String targetVariant,
            String inferenceComponent,
            PayloadFormat format) {
        if (endpointPattern == null || endpointPattern.isBlank()) {
            throw new IllegalArgumentException("endpoint pattern must not be blank");
        }
        this.endpointPattern = endpointPattern;
        this.endpointByType = new LinkedHashMap<>(endpointByType);
        this.targetModelPattern = targetModelPattern;
        this.targetVariant = targetVariant;
        this.inferenceComponent = inferenceComponent;
        this.format = Objects.requireNonNull(format, "format");
    }

    /** {@code flowcast-{assetType}}, CSV, nothing else. */
    public static InferenceRouter defaults() {
        return new InferenceRouter(
                "flowcast-" + TYPE_PLACEHOLDER, Map.of(), null, null, null, PayloadFormat.CSV);
    }

    /** The route for an asset of {@code assetType} with register context {@code asset}. */
    public ModelRoute route(String assetType, AssetContext asset) {
        String endpoint =
                asset != null && asset.modelEndpoint != null
                        ? asset.modelEndpoint
                        : endpointByType.getOrDefault(assetType, fill(endpointPattern, assetType));
        String variant =
                asset != null && asset.modelVariant != null ? asset.modelVariant : targetVariant;
        String model = targetModelPattern == null ? null : fill(targetModelPattern, assetType);
        return new ModelRoute(endpoint, model, variant, inferenceComponent, format);
    }

    private static String fill(String pattern, String assetType) {
        return pattern.replace(TYPE_PLACEHOLDER, assetType);
    }
}
