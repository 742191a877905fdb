package io.flowcast.stream.inference;

import io.flowcast.stream.enrich.EnrichedFeatureVector;

/**
 * What the inference stage emits per enriched vector: a {@link #prediction}, or the {@link
 * #failure} kind and detail with the input kept for the dead letter. Exactly one of the two is set.
 * A Flink POJO.
 */
public class InferenceResult {

    public Prediction prediction;

    /** {@link InferenceException.Kind} name, or {@code TIMEOUT}; null on success. */
    public String failure;

    public String failureDetail;

    /** The input, kept only on failure (for the dead letter's payload). */
    public EnrichedFeatureVector input;

    public InferenceResult() {}

    static InferenceResult of(Prediction prediction) {
        InferenceResult r = new InferenceResult();
        r.prediction = prediction;
        return r;
    }

    static InferenceResult failed(String kind, String detail, EnrichedFeatureVector input) {
        InferenceResult r = new InferenceResult();
        r.failure = kind;
        r.failureDetail = detail;
        r.input = input;
        return r;
    }

    public boolean succeeded() {
        return prediction != null;
    }
}
