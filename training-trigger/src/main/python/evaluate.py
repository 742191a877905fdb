"""Evaluates a retrained model against the serving one (SageMaker Processing step Evaluate).

The state machine (stepfunctions/retraining.asl.json) runs this in the SageMaker built-in XGBoost
image (xgboost, numpy and boto3 are installed there) as

    python3 /opt/ml/processing/code/evaluate.py --current-endpoint flowcast-pump \
        --min-improvement 0.05

Input:
  /opt/ml/processing/input/candidate/model.tar.gz    the training job's output (xgboost-model)
  /opt/ml/processing/input/validation/*.csv          build_dataset.py's validation rows
                                                     (label first, no header, empty = missing)
The current model is the one the endpoint serves: the same rows, without the label, go to it as
text/csv (InvokeEndpoint, credentials from the processing job's role).

Output: /opt/ml/processing/output/evaluation/evaluation.json, the object the IsBetter Choice state
and the run record read:
  {"candidateRmse": r, "currentRmse": r, "better": bool, "candidateMae", "currentMae", "rows",
   "minImprovement", "currentEndpoint",
   "regression_metrics": {"rmse": {"value", "standard_deviation"}, "mae": {...}}}
better is candidateRmse < currentRmse * (1 - minImprovement). regression_metrics is the model
quality format the Model Registry shows (ModelMetrics.ModelQuality.Statistics of the package).

Only the standard library is needed to import this module; xgboost, numpy and boto3 are imported
when a model is scored, so the pure functions can be tested anywhere.
"""

import argparse
import csv
import glob
import io
import json
import math
import os
import sys
import tarfile
import tempfile

CANDIDATE_DIR = "/opt/ml/processing/input/candidate"
VALIDATION_DIR = "/opt/ml/processing/input/validation"
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


def residual_std(actual, predicted):
    residuals = [a - p for a, p in zip(actual, predicted)]
    mean = sum(residuals) / len(residuals)
    return math.sqrt(sum((r - mean) ** 2 for r in residuals) / max(1, len(residuals) - 1))


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


def evaluate(labels, rows, predict_candidate, predict_current, min_improvement, endpoint=None):
    """The evaluation report: both models score the same rows."""
    candidate = predict_candidate(rows)
    current = predict_current(rows)
    candidate_rmse = rmse(labels, candidate)
    current_rmse = rmse(labels, current)
    return {
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
    }


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
    p.add_argument("--validation", default=VALIDATION_DIR)
    p.add_argument("--output", default=OUTPUT_DIR)
    p.add_argument("--message-file", default=MESSAGE_FILE)
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        labels, rows = read_validation(args.validation)
        if not labels:
            raise ValueError("no validation rows under %s" % args.validation)
        with tempfile.TemporaryDirectory() as work:
            report = evaluate(labels, rows, booster_predictor(extract_model(args.candidate, work)),
                              endpoint_predictor(args.current_endpoint, args.batch_size),
                              args.min_improvement, args.current_endpoint)
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
    print(json.dumps({k: report[k] for k in ("candidateRmse", "currentRmse", "better", "rows")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
