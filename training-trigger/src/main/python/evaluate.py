"""Evaluates a retrained model against the serving one (SageMaker Processing step Evaluate).

The state machine (stepfunctions/retraining.asl.json) runs this in the SageMaker built-in XGBoost
image (xgboost, numpy and boto3 are installed there) as

    python3 /opt/ml/processing/code/evaluate.py --current-endpoint flowcast-pump \
        --min-improvement 0.05 --trained-at 2026-01-05T06:10:00.123Z

Input:
  /opt/ml/processing/input/candidate/model.tar.gz    the training job's output (xgboost-model)
  /opt/ml/processing/input/validation/*.csv          build_dataset.py's validation rows
                                                     (label first, no header, empty = missing)
  /opt/ml/processing/input/dataset/dataset.json      build_dataset.py's summary of the dataset
The current model is the one the endpoint serves: the same rows, without the label, go to it as
text/csv (InvokeEndpoint, credentials from the processing job's role).

Output: /opt/ml/processing/output/evaluation/evaluation.json, the object the IsBetter Choice state
and the run record read:
  {"candidateRmse": r, "currentRmse": r, "better": bool, "candidateMae", "currentMae", "rows",
   "minImprovement", "currentEndpoint",
   "regression_metrics": {"rmse": {"value", "standard_deviation"}, "mae": {...}},
   "metadata": {...}}
better is candidateRmse < currentRmse * (1 - minImprovement). regression_metrics is the model
quality format the Model Registry shows (ModelMetrics.ModelQuality.Statistics of the package).
metadata is the candidate's registry metadata.json (the job's ModelMetadata) without the three
fields the state machine adds when it publishes a promoted candidate: version (from the model
package), objective and hyperparameters (from the training job). It holds assetType, featureNames
(model input order), target and specVersion (from dataset.json), residualMean and residualStd
(actual minus the candidate's prediction on the validation rows; sample standard deviation, as the
local trainer's) and trainedAt (--trained-at: the state machine passes the time training ended).
Beside it, metrics.json: the candidate's and the serving model's metrics on the validation rows
and the dataset summary, published with the version as its metrics.json.

Only the standard library is needed to import this module; xgboost, numpy and boto3 are imported
when a model is scored, so the pure functions can be tested anywhere.
"""

import argparse
import csv
import datetime
import glob
import io
import json
import math
import os
import re
import sys
import tarfile
import tempfile

CANDIDATE_DIR = "/opt/ml/processing/input/candidate"
VALIDATION_DIR = "/opt/ml/processing/input/validation"
DATASET_DIR = "/opt/ml/processing/input/dataset"
DATASET_FILE = "dataset.json"
OUTPUT_DIR = "/opt/ml/processing/output/evaluation"
MESSAGE_FILE = "/opt/ml/output/message"
MODEL_ENTRY = "xgboost-model"


def parse_field(text):
    """A CSV field as a float; empty, nan or NaN is missing (NaN)."""
    value = text.strip()
    if value == "" or value.lower() == "nan":
        return float("nan")
    return float(value)


def read_labelled_csv(lines):
    """(labels, rows) of CSV lines in the built-in XGBoost format: label first, no header."""
    labels, rows = [], []
    for fields in csv.reader(lines):
        if not fields or all(not f.strip() for f in fields):
            continue
        labels.append(parse_field(fields[0]))
        rows.append([parse_field(f) for f in fields[1:]])
    return labels, rows


def to_csv_body(rows):
    """The text/csv request body of rows (no label, empty = missing)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow(["" if math.isnan(v) else repr(v) for v in row])
    return out.getvalue()


def parse_predictions(body):
    """Predictions from a text/csv answer: one per line, or comma-separated on one line."""
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    return [float(v) for v in text.replace("\n", ",").split(",") if v.strip()]


def rmse(actual, predicted):
    check_lengths(actual, predicted)
    return math.sqrt(sum((a - p) ** 2 for a, p in zip(actual, predicted)) / len(actual))


def mae(actual, predicted):
    check_lengths(actual, predicted)
    return sum(abs(a - p) for a, p in zip(actual, predicted)) / len(actual)


def residual_mean(actual, predicted):
    check_lengths(actual, predicted)
    return sum(a - p for a, p in zip(actual, predicted)) / len(actual)


def residual_std(actual, predicted):
    """Sample standard deviation of actual minus predicted (0 for one row)."""
    residuals = [a - p for a, p in zip(actual, predicted)]
    mean = sum(residuals) / len(residuals)
    return math.sqrt(sum((r - mean) ** 2 for r in residuals) / max(1, len(residuals) - 1))


def r2(actual, predicted):
    """Coefficient of determination, None when the actuals do not vary."""
    mean = sum(actual) / len(actual)
    total = sum((a - mean) ** 2 for a in actual)
    if total == 0:
        return None
    return 1 - sum((a - p) ** 2 for a, p in zip(actual, predicted)) / total


def metrics_of(actual, predicted):
    """The local trainer's metrics shape: rows, rmse, mae, r2, residualMean, residualStd."""
    return {"rows": len(actual), "rmse": rmse(actual, predicted), "mae": mae(actual, predicted),
            "r2": r2(actual, predicted), "residualMean": residual_mean(actual, predicted),
            "residualStd": residual_std(actual, predicted)}


def absolute_error_std(actual, predicted):
    errors = [abs(a - p) for a, p in zip(actual, predicted)]
    mean = sum(errors) / len(errors)
    return math.sqrt(sum((e - mean) ** 2 for e in errors) / max(1, len(errors) - 1))


def check_lengths(actual, predicted):
    if len(actual) != len(predicted) or not actual:
        raise ValueError("need as many predictions as rows (and at least one): %d rows, %d"
                         " predictions" % (len(actual), len(predicted)))


def is_better(candidate_rmse, current_rmse, min_improvement):
    """The promotion rule: better by at least min_improvement (a share of the current RMSE)."""
    if current_rmse is None:
        return True
    return candidate_rmse < current_rmse * (1 - min_improvement)


def parse_instant(text):
    """An ISO-8601 UTC instant as Java's Instant.parse reads it, normalised to end in Z."""
    value = text.strip()
    if not value.endswith("Z"):
        raise ValueError("--trained-at must be a UTC instant ending in Z, got %r" % text)
    # Python before 3.11 takes at most six fraction digits.
    stamp = re.sub(r"(\.\d{6})\d+", r"\1", value[:-1])
    datetime.datetime.fromisoformat(stamp)  # raises ValueError if malformed
    return value


def now_instant():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def registry_metadata(dataset, labels, candidate, trained_at):
    """The candidate's metadata.json without version, objective and hyperparameters (the state
    machine adds them), from build_dataset.py's summary and the validation residuals."""
    names = dataset.get("featureNames")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise ValueError("%s has no featureNames" % DATASET_FILE)
    for key in ("assetType", "target"):
        if not isinstance(dataset.get(key), str) or not dataset[key]:
            raise ValueError("%s has no %s" % (DATASET_FILE, key))
    spec = dataset.get("specVersion")
    if not isinstance(spec, int) or isinstance(spec, bool):
        raise ValueError("%s has no integer specVersion" % DATASET_FILE)
    return {"assetType": dataset["assetType"], "featureNames": names,
            "target": dataset["target"], "specVersion": spec,
            "residualMean": residual_mean(labels, candidate),
            "residualStd": residual_std(labels, candidate), "trainedAt": trained_at}


def evaluate(labels, rows, predict_candidate, predict_current, min_improvement, endpoint=None,
             dataset=None, trained_at=None):
    """The evaluation report: both models score the same rows. With the dataset summary, the
    report holds the candidate's registry metadata too (see the module docstring)."""
    if dataset is not None:
        width = len(dataset.get("featureNames") or [])
        wrong = next((len(r) for r in rows if len(r) != width), None)
        if wrong is not None:
            raise ValueError("a validation row has %d features, %s names %d" %
                             (wrong, DATASET_FILE, width))
    candidate = predict_candidate(rows)
    current = predict_current(rows)
    candidate_rmse = rmse(labels, candidate)
    current_rmse = rmse(labels, current)
    report = {
        "candidateRmse": candidate_rmse,
        "currentRmse": current_rmse,
        "better": is_better(candidate_rmse, current_rmse, min_improvement),
        "candidateMae": mae(labels, candidate),
        "currentMae": mae(labels, current),
        "rows": len(labels),
        "minImprovement": min_improvement,
        "currentEndpoint": endpoint,
        "regression_metrics": {
            "rmse": {"value": candidate_rmse,
                     "standard_deviation": residual_std(labels, candidate)},
            "mae": {"value": mae(labels, candidate),
                    "standard_deviation": absolute_error_std(labels, candidate)},
        },
        "holdOut": metrics_of(labels, candidate),
        "current": metrics_of(labels, current),
    }
    if dataset is not None:
        report["metadata"] = registry_metadata(dataset, labels, candidate,
                                               trained_at or now_instant())
    return report


def metrics_file(report, dataset):
    """The registry version's metrics.json: shaped like the local trainer's (holdOut, split,
    data), plus the serving model's metrics on the same rows."""
    return {"assetType": dataset.get("assetType"), "target": dataset.get("target"),
            "holdOut": report["holdOut"],
            "current": dict(report["current"], endpoint=report["currentEndpoint"]),
            "minImprovement": report["minImprovement"], "better": report["better"],
            "split": {"method": "TIME", "trainRows": dataset.get("trainRows"),
                      "holdOutRows": report["rows"]},
            "data": {"source": "lake", "dataset": dataset}}


def read_dataset(directory):
    """build_dataset.py's summary (dataset.json) under directory."""
    path = os.path.join(directory, DATASET_FILE)
    if not os.path.isfile(path):
        raise FileNotFoundError("no %s under %s" % (DATASET_FILE, directory))
    with open(path, encoding="utf-8") as f:
        dataset = json.load(f)
    if not isinstance(dataset, dict):
        raise ValueError("%s is not a JSON object" % path)
    return dataset


def extract_model(candidate_dir, work_dir):
    """The path of xgboost-model, unpacked from the candidate's model.tar.gz."""
    archives = sorted(glob.glob(os.path.join(candidate_dir, "**", "*.tar.gz"), recursive=True))
    if not archives:
        raise FileNotFoundError("no model.tar.gz under %s" % candidate_dir)
    with tarfile.open(archives[0], "r:gz") as tar:
        member = next((m for m in tar.getmembers()
                       if m.isfile() and os.path.basename(m.name) == MODEL_ENTRY), None)
        if member is None:
            raise FileNotFoundError("%s holds no %s" % (archives[0], MODEL_ENTRY))
        path = os.path.join(work_dir, MODEL_ENTRY)
        with tar.extractfile(member) as src, open(path, "wb") as dst:
            dst.write(src.read())
    return path


def booster_predictor(model_path):
    import numpy as np  # in the processing image
    import xgboost as xgb

    booster = xgb.Booster()
    booster.load_model(model_path)

    def predict(rows):
        matrix = xgb.DMatrix(np.array(rows, dtype=np.float32), missing=np.nan)
        return [float(v) for v in booster.predict(matrix)]

    return predict


def endpoint_predictor(endpoint, batch_size):
    import boto3  # in the processing image

    runtime = boto3.client("sagemaker-runtime")

    def predict(rows):
        predictions = []
        for i in range(0, len(rows), batch_size):
            answer = runtime.invoke_endpoint(EndpointName=endpoint, ContentType="text/csv",
                                             Accept="text/csv",
                                             Body=to_csv_body(rows[i:i + batch_size]))
            predictions.extend(parse_predictions(answer["Body"].read()))
        return predictions

    return predict


def read_validation(directory):
    labels, rows = [], []
    for path in sorted(glob.glob(os.path.join(directory, "**", "*.csv"), recursive=True)):
        with open(path, newline="") as f:
            more_labels, more_rows = read_labelled_csv(f)
        labels.extend(more_labels)
        rows.extend(more_rows)
    return labels, rows


def parse_args(argv):
    p = argparse.ArgumentParser(description="Flowcast candidate vs serving model")
    p.add_argument("--current-endpoint", required=True)
    p.add_argument("--min-improvement", type=float, default=0.05)
    p.add_argument("--batch-size", type=int, default=500)
    p.add_argument("--candidate", default=CANDIDATE_DIR)
    p.add_argument("--trained-at", default=None,
                   help="when training ended, an ISO-8601 UTC instant (default: now)")
    p.add_argument("--validation", default=VALIDATION_DIR)
    p.add_argument("--dataset", default=DATASET_DIR)
    p.add_argument("--output", default=OUTPUT_DIR)
    p.add_argument("--message-file", default=MESSAGE_FILE)
    return p.parse_args(argv)


def main(argv=None, predictors=None):
    """The processing job; predictors: (candidate, current) functions of the rows to use instead
    of the candidate's archive and the endpoint (tests)."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        trained_at = parse_instant(args.trained_at) if args.trained_at else now_instant()
        labels, rows = read_validation(args.validation)
        if not labels:
            raise ValueError("no validation rows under %s" % args.validation)
        dataset = read_dataset(args.dataset)
        with tempfile.TemporaryDirectory() as work:
            candidate, current = predictors or (
                booster_predictor(extract_model(args.candidate, work)),
                endpoint_predictor(args.current_endpoint, args.batch_size))
            report = evaluate(labels, rows, candidate, current, args.min_improvement,
                              args.current_endpoint, dataset, trained_at)
    except Exception as e:  # every failure ends the job with a readable ExitMessage
        message = "Flowcast.EvaluationFailed: %s" % e
        try:
            os.makedirs(os.path.dirname(args.message_file), exist_ok=True)
            with open(args.message_file, "w", encoding="utf-8") as out:
                out.write(message[:1024])
        except OSError:
            pass
        print(message, file=sys.stderr)
        return 1
    os.makedirs(args.output, exist_ok=True)
    with open(os.path.join(args.output, "evaluation.json"), "w") as out:
        json.dump(report, out, indent=2, allow_nan=False)
    with open(os.path.join(args.output, "metrics.json"), "w") as out:
        json.dump(metrics_file(report, dataset), out, indent=2, allow_nan=False)
    print(json.dumps({k: report[k] for k in ("candidateRmse", "currentRmse", "better", "rows")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
