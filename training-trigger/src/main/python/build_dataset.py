"""Builds one retraining dataset from the Flowcast lake (SageMaker Processing step BuildDataset).

The state machine (stepfunctions/retraining.asl.json) runs this in the SageMaker built-in XGBoost
image (pandas, pyarrow and xgboost are installed there) as

    python3 /opt/ml/processing/code/build_dataset.py --asset-type pump --lookback-days 14 \
        --evidence '{"windowStart": "2026-01-05T06:00:00Z", ...}'

Input: the lake's features dataset of one asset type, copied by SageMaker to
/opt/ml/processing/input/lake (asset_type=<type>/dt=YYYY-MM-DD/hour=HH/*.parquet, schema
schemas/lake/features.parquet.txt). Only committed part files are read (names ending in .parquet
that do not start with '.' or '_'; the stream job's in-progress files are hidden).

Selection, as the local pipeline (LakeFeatures.java) does it: rows of the asset type and of its
newest feature spec version in the data, whose window overlaps the time from the cut-off on (window
end, exclusive, after it), with a finite target_actual; a window seen twice counts once. The
cut-off is the later of the drift evidence's windowStart (post-change data only: data from before
a sensor offset would teach the old relation) and now minus --lookback-days.

Output, in the built-in XGBoost CSV format (label first, no header, an empty field is missing):
  /opt/ml/processing/output/train/train.csv              the older windows
  /opt/ml/processing/output/validation/validation.csv    the newest --validation-fraction of windows
  /opt/ml/processing/output/baseline/baseline.csv        all rows, features only, with a header
                                                         (the Model Monitor baseline's dataset)
and the dataset's facts for the registry entry of the model trained on it (evaluate.py reads it):
  /opt/ml/processing/output/summary/dataset.json         assetType, specVersion, featureNames (the
                                                         CSV columns after the label, in order),
                                                         target, row counts, what was left out
Fewer than --min-rows rows fail the job; the reason goes to /opt/ml/output/message, which
DescribeProcessingJob returns as ExitMessage.

Only the standard library is needed to import this module; pyarrow is imported when the lake is
read, so the pure functions can be tested anywhere.
"""

import argparse
import csv
import datetime
import json
import math
import os
import re
import sys
import time

INPUT_DIR = "/opt/ml/processing/input/lake"
OUTPUT_DIR = "/opt/ml/processing/output"
MESSAGE_FILE = "/opt/ml/output/message"
COLUMNS = ["asset_id", "asset_type", "spec_version", "window_start", "window_end", "features",
           "target_signal", "target_statistic", "target_actual"]
SUMMARY_FILE = "dataset.json"
DAY_MILLIS = 86_400_000

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


class DatasetTooSmall(Exception):
    """Fewer rows than the minimum: the error name the state machine's failure record shows."""


def is_committed_part_file(name):
    """True for a committed lake part file: in-progress and pending files are hidden."""
    return name.endswith(".parquet") and not name.startswith((".", "_"))


def part_files(root):
    """The committed part files under root, sorted; hidden directories are skipped."""
    found = []
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith((".", "_")))
        found.extend(os.path.join(directory, f) for f in files if is_committed_part_file(f))
    return sorted(found)


def parse_instant_millis(text):
    """Epoch milliseconds of an ISO-8601 UTC instant such as Java's Instant.toString()."""
    value = text.strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    # Python before 3.11 takes at most six fraction digits; Java writes up to nine.
    value = re.sub(r"(\.\d{6})\d+", r"\1", value)
    parsed = datetime.datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return to_millis(parsed)


def to_millis(value):
    """Epoch milliseconds of an int (already ms) or a datetime (naive means UTC)."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return (value - _EPOCH) // datetime.timedelta(milliseconds=1)
    return int(value)


def evidence_window_start(evidence_json):
    """The drift evidence's windowStart in epoch ms, or None (a schedule sends {})."""
    if not evidence_json:
        return None
    evidence = json.loads(evidence_json)
    if not isinstance(evidence, dict):
        raise ValueError("--evidence must be a JSON object, got %r" % evidence_json)
    start = evidence.get("windowStart")
    return parse_instant_millis(start) if start else None


def cut_off_millis(now_millis, lookback_days, window_start_millis):
    """The later of now minus the lookback and the evidence's window start (either may be None)."""
    candidates = []
    if lookback_days is not None and lookback_days > 0:
        candidates.append(now_millis - int(lookback_days * DAY_MILLIS))
    if window_start_millis is not None:
        candidates.append(window_start_millis)
    return max(candidates) if candidates else None


def feature_items(features):
    """(name, value) pairs of a MAP column as pyarrow returns it (list of pairs, or a dict)."""
    if features is None:
        return []
    if isinstance(features, dict):
        return list(features.items())
    return [(pair[0], pair[1]) if not isinstance(pair, dict) else (pair["key"], pair["value"])
            for pair in features]


def select_rows(records, asset_type, cut_off):
    """Selects training rows from lake records (dicts with the COLUMNS).

    Returns (rows, feature_names, counts): rows as dicts {asset_id, window_start, window_end,
    target, target_name, spec_version, features: {name: value}} sorted by window start, then
    asset; the feature names of the newest spec version in the selection, in the stream's model
    order; counts of what was left out. target_name is the stream's name of the target
    (<signal>.<statistic>, e.g. BearingTemp.mean), None when the lake row does not say.
    """
    counts = {"read": 0, "otherAssetType": 0, "beforeCutOff": 0, "withoutTarget": 0,
              "otherSpecVersion": 0, "duplicates": 0}
    candidates = []
    for record in records:
        counts["read"] += 1
        if record.get("asset_type") != asset_type:
            counts["otherAssetType"] += 1
            continue
        window_end = to_millis(record["window_end"])
        if cut_off is not None and window_end <= cut_off:
            counts["beforeCutOff"] += 1
            continue
        target = record.get("target_actual")
        if target is None or not math.isfinite(target):
            counts["withoutTarget"] += 1
            continue
        candidates.append((record, window_end, float(target)))
    if not candidates:
        return [], [], counts
    version = max(r["spec_version"] for r, _, _ in candidates)
    names = None
    seen = set()
    rows = []
    for record, window_end, target in candidates:
        if record["spec_version"] != version:
            counts["otherSpecVersion"] += 1
            continue
        items = feature_items(record.get("features"))
        if names is None:
            names = [name for name, _ in items]
        key = (record.get("asset_id") or "", to_millis(record["window_start"]))
        if key in seen:
            counts["duplicates"] += 1
            continue
        seen.add(key)
        rows.append({"asset_id": key[0], "window_start": key[1], "window_end": window_end,
                     "target": target, "target_name": target_name(record),
                     "spec_version": version, "features": dict(items)})
    rows.sort(key=lambda r: (r["window_start"], r["asset_id"]))
    return rows, names or [], counts


def target_name(record):
    """The stream's name of a lake row's target, <signal>.<statistic>, or None."""
    signal, statistic = record.get("target_signal"), record.get("target_statistic")
    return "%s.%s" % (signal, statistic) if signal and statistic else None


def time_split(rows, fraction):
    """(train, validation): the windows from a cut-off time on are held out, across all assets,
    as HoldOutSplit.TIME does in the Java trainer."""
    if not 0 < fraction < 1:
        raise ValueError("validation fraction must be between 0 and 1, got %r" % fraction)
    starts = sorted({r["window_start"] for r in rows})
    keep = int(math.floor(len(starts) * (1 - fraction) + 0.5))
    if keep >= len(starts):
        return list(rows), []
    cut = starts[keep]
    return ([r for r in rows if r["window_start"] < cut],
            [r for r in rows if r["window_start"] >= cut])


def format_value(value):
    """A CSV field: empty for a missing value (XGBoost reads it as missing)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return repr(float(value))


def csv_fields(row, names, with_label):
    """The CSV fields of a row: the label first (built-in XGBoost's format), then the features."""
    fields = [format_value(row["features"].get(name)) for name in names]
    return [format_value(row["target"])] + fields if with_label else fields


def write_csv(path, rows, names, with_label, header=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        if header:
            writer.writerow(header)
        for row in rows:
            writer.writerow(csv_fields(row, names, with_label))


def build(records, asset_type, cut_off, validation_fraction, min_rows, output_dir):
    """Selects, splits and writes the dataset; returns a summary dict.

    Raises DatasetTooSmall when fewer than min_rows rows are selected or a part would be empty.
    """
    rows, names, counts = select_rows(records, asset_type, cut_off)
    if len(rows) < min_rows:
        raise DatasetTooSmall("only %d of the %d rows needed (%s)" % (len(rows), min_rows,
                                                                      json.dumps(counts)))
    train, validation = time_split(rows, validation_fraction)
    if not train or not validation:
        raise DatasetTooSmall("%d rows cannot be split into train and validation" % len(rows))
    write_csv(os.path.join(output_dir, "train", "train.csv"), train, names, True)
    write_csv(os.path.join(output_dir, "validation", "validation.csv"), validation, names, True)
    write_csv(os.path.join(output_dir, "baseline", "baseline.csv"), rows, names, False,
              header=names)
    targets = sorted({r["target_name"] for r in rows if r["target_name"]})
    summary = {"assetType": asset_type, "specVersion": rows[0]["spec_version"],
               "featureNames": names, "target": targets[-1] if targets else None,
               "cutOff": cut_off, "rows": len(rows), "trainRows": len(train),
               "validationRows": len(validation), "firstWindowStart": rows[0]["window_start"],
               "lastWindowEnd": max(r["window_end"] for r in rows), "leftOut": counts}
    os.makedirs(os.path.join(output_dir, "summary"), exist_ok=True)
    with open(os.path.join(output_dir, "summary", SUMMARY_FILE), "w", encoding="utf-8") as out:
        json.dump(summary, out, indent=2)
    return summary


def read_lake(root):
    """Every record of the committed part files under root (pyarrow, the needed columns only)."""
    paths = part_files(root)
    if not paths:
        return []
    import pyarrow.parquet as pq  # in the processing image; not needed by the pure functions

    records = []
    for path in paths:
        table = pq.ParquetFile(path).read(columns=COLUMNS)
        records.extend(table.to_pylist())
    return records


def parse_args(argv):
    p = argparse.ArgumentParser(description="Flowcast retraining dataset from the lake")
    p.add_argument("--asset-type", required=True)
    p.add_argument("--lookback-days", type=float, default=0.0,
                   help="only windows ending within this many days of now (0: no limit)")
    p.add_argument("--evidence", default="{}",
                   help="the execution input's evidence object, as JSON")
    p.add_argument("--validation-fraction", type=float, default=0.2)
    p.add_argument("--min-rows", type=int, default=200)
    p.add_argument("--input", default=INPUT_DIR)
    p.add_argument("--output", default=OUTPUT_DIR)
    p.add_argument("--message-file", default=MESSAGE_FILE)
    return p.parse_args(argv)


def main(argv=None, records=None):
    """The processing job; records: lake records to use instead of reading --input (tests)."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    cut_off = cut_off_millis(int(time.time() * 1000), args.lookback_days,
                             evidence_window_start(args.evidence))
    try:
        summary = build(read_lake(args.input) if records is None else records, args.asset_type,
                        cut_off, args.validation_fraction, args.min_rows, args.output)
    except DatasetTooSmall as e:
        message = "Flowcast.DatasetTooSmall: %s" % e
        try:
            os.makedirs(os.path.dirname(args.message_file), exist_ok=True)
            with open(args.message_file, "w", encoding="utf-8") as out:
                out.write(message[:1024])
        except OSError:
            pass  # the message is only a courtesy; the exit status fails the job
        print(message, file=sys.stderr)
        return 1
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
