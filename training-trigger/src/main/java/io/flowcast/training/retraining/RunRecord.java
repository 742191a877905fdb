package io.flowcast.training.retraining;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowcast.stream.local.stepfunctions.LocalExecution;
import io.flowcast.training.xgboost.RegressionMetrics;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One retraining run's record, the local stand-in for the item the state machine keeps in the
 * DynamoDB runs table (same field names where the ASL has them). Written by {@link RunRecordStore}
 * after every step that changes it.
 *
 * <pre>
 * id, executionName, executionArn, assetType, runKey ("startedAt#executionName", the table's sort key)
 * modelVersion        the version serving when the drift was seen (from the input)
 * episodeId, reason, requestedBy, evidence (object)
 * status              RUNNING, then PROMOTED, NOT_PROMOTED or FAILED
 * startedAt, finishedAt (ISO-8601)
 * training            {mode (fresh, continue, best), chosen (fresh or continue), startedFrom (the
 *                      version continued, or null); best: freshHoldOutRmse, continuedHoldOutRmse}
 * dataset             {path, cutOff, files, rows, trainRows, holdOutRows, firstWindowStart,
 *                      lastWindowEnd, specVersion, beforeCutOff, withoutTarget, otherSpecVersion,
 *                      duplicates, polls}
 * currentModelVersion the registry version the candidate was judged against (none: null)
 * candidateRmse, currentRmse
 * metrics             {candidate: {rows, rmse, mae, r2}, current: {...}, minImprovement, better}
 * newModelVersion     the version registered (PROMOTED only)
 * error, errorCause, failedIn   (FAILED only)
 * </pre>
 *
 * Not thread-safe: one run owns its record.
 */
public final class RunRecord {

    /** A run's status, as in the state machine's runs table. */
    public enum Status {
        RUNNING,
        PROMOTED,
        NOT_PROMOTED,
        FAILED
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final ObjectNode json = MAPPER.createObjectNode();
    private final String assetType;
    private final String fileName;

    private RunRecord(String assetType, String fileName) {
        this.assetType = assetType;
        this.fileName = fileName;
    }

    /** The RUNNING record of a run that starts at {@code startedAt}. */
    static RunRecord start(
            String id, LocalExecution execution, RetrainingInput input, Instant startedAt) {
        String safeName = execution.name().replaceAll("[^A-Za-z0-9_-]", "_");
        RunRecord r =
                new RunRecord(
                        input.assetType(), FILE_TIME.format(startedAt) + "_" + safeName + ".json");
        ObjectNode j = r.json;
        j.put("id", id);
        j.put("executionName", execution.name());
        j.put("executionArn", execution.executionArn());
        j.put("assetType", input.assetType());
        j.put("runKey", startedAt + "#" + execution.name());
        j.put("modelVersion", input.modelVersion());
        j.put("episodeId", input.episodeId());
        j.put("reason", input.reason());
        j.put("requestedBy", input.requestedBy());
        j.set("evidence", input.evidence());
        j.put("status", Status.RUNNING.name());
        j.put("startedAt", startedAt.toString());
        j.putNull("finishedAt");
        return r;
    }

    /** The asset type (the runs table's partition key; the record's directory). */
    public String assetType() {
        return assetType;
    }

    /** The record's file name: start time, then the execution name, so files sort by time. */
    public String fileName() {
        return fileName;
    }

    public String executionName() {
        return json.get("executionName").asText();
    }

    void dataset(ObjectNode dataset) {
        json.set("dataset", dataset);
    }

    ObjectNode dataset() {
        return json.has("dataset") ? (ObjectNode) json.get("dataset") : json.putObject("dataset");
    }

    void training(
            String mode,
            String startedFrom,
            String chosen,
            Double freshRmse,
            Double continuedRmse) {
        ObjectNode t = json.putObject("training");
        t.put("mode", mode);
        t.put("startedFrom", startedFrom);
        t.put("chosen", chosen);
        if (freshRmse != null) {
            t.put("freshHoldOutRmse", freshRmse);
            t.put("continuedHoldOutRmse", continuedRmse);
        }
    }

    void evaluation(
            String currentVersion,
            RegressionMetrics candidate,
            RegressionMetrics current,
            double minImprovement,
            boolean better) {
        json.put("currentModelVersion", currentVersion);
        json.put("candidateRmse", candidate.rmse());
        if (current != null) {
            json.put("currentRmse", current.rmse());
        } else {
            json.putNull("currentRmse");
        }
        ObjectNode m = json.putObject("metrics");
        m.set("candidate", metrics(candidate));
        m.set("current", current == null ? null : metrics(current));
        m.put("minImprovement", minImprovement);
        m.put("better", better);
    }

    void promoted(String newVersion, Instant at) {
        json.put("newModelVersion", newVersion);
        finish(Status.PROMOTED, at);
    }

    void notPromoted(Instant at) {
        finish(Status.NOT_PROMOTED, at);
    }

    void failed(String error, String cause, String state, Instant at) {
        json.put("error", error);
        json.put("errorCause", cause);
        json.put("failedIn", state);
        finish(Status.FAILED, at);
    }

    private void finish(Status status, Instant at) {
        json.put("status", status.name());
        json.put("finishedAt", at.toString());
    }

    public Status status() {
        return Status.valueOf(json.get("status").asText());
    }

    /** A copy of the record as JSON. */
    public ObjectNode toJson() {
        return json.deepCopy();
    }

    static ObjectNode metrics(RegressionMetrics m) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("rows", m.count());
        n.put("rmse", m.rmse());
        n.put("mae", m.mae());
        n.put("r2", m.r2());
        n.put("residualMean", m.residualMean());
        return n;
    }
}
