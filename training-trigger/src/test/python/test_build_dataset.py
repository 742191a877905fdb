"""Unit tests of build_dataset.py's pure functions (standard library only)."""

import csv
import datetime
import json
import os
import tempfile
import unittest

import build_dataset as bd

T0 = 1_767_571_200_000  # 2026-01-05T00:00:00Z
MINUTE = 60_000
UTC = datetime.timezone.utc


def record(asset, start_min, target=40.0, asset_type="pump", version=1, features=None,
           as_datetime=False):
    start = T0 + start_min * MINUTE
    end = start + MINUTE
    if as_datetime:  # what pyarrow's to_pylist gives for TIMESTAMP(MILLIS, UTC)
        start = datetime.datetime.fromtimestamp(start / 1000, tz=UTC)
        end = datetime.datetime.fromtimestamp(end / 1000, tz=UTC)
    return {"asset_id": asset, "asset_type": asset_type, "spec_version": version,
            "window_start": start, "window_end": end,
            "features": features if features is not None
            else [("Load.mean", 50.0 + start_min), ("Vibration.mean", 2.0)],
            "target_signal": "BearingTemp", "target_statistic": "mean", "target_actual": target}


class InstantsTest(unittest.TestCase):

    def test_java_instants_parse_to_epoch_millis(self):
        self.assertEqual(bd.parse_instant_millis("2026-01-05T00:00:00Z"), T0)
        self.assertEqual(bd.parse_instant_millis("2026-01-05T00:00:00.123Z"), T0 + 123)
        self.assertEqual(bd.parse_instant_millis("2026-01-05T00:00:00.123456789Z"), T0 + 123)

    def test_the_evidence_window_start_is_optional(self):
        self.assertIsNone(bd.evidence_window_start("{}"))
        self.assertIsNone(bd.evidence_window_start(""))
        self.assertEqual(
            bd.evidence_window_start('{"metric": "psi", "windowStart": "2026-01-05T00:00:00Z"}'),
            T0)
        with self.assertRaises(ValueError):
            bd.evidence_window_start("[1, 2]")

    def test_the_cut_off_is_the_later_of_lookback_and_evidence(self):
        now = T0 + 10 * bd.DAY_MILLIS
        self.assertEqual(bd.cut_off_millis(now, 14, T0), T0)
        self.assertEqual(bd.cut_off_millis(now, 2, T0), now - 2 * bd.DAY_MILLIS)
        self.assertEqual(bd.cut_off_millis(now, 0, None), None)
        self.assertEqual(bd.cut_off_millis(now, 1, None), now - bd.DAY_MILLIS)


class SelectionTest(unittest.TestCase):

    def test_post_change_rows_of_the_type_and_newest_spec_with_a_target(self):
        records = [record("P1", m) for m in range(0, 10)]           # ends 1..10 min
        records.append(record("P2", 5, target=None))                # no target
        records.append(record("P2", 6, target=float("nan")))         # no target
        records.append(record("C1", 7, asset_type="compressor"))     # another type
        records.append(record("P3", 8, version=0))                   # older spec version
        records.append(record("P1", 9))                              # repeated window
        records.append(record("P4", 7, as_datetime=True))

        rows, names, counts = bd.select_rows(records, "pump", T0 + 5 * MINUTE)

        # Window ends after the cut-off: starts 5..9 (the window ending at 5 min is left out).
        self.assertEqual([(r["asset_id"], (r["window_start"] - T0) // MINUTE) for r in rows],
                         [("P1", 5), ("P1", 6), ("P1", 7), ("P4", 7), ("P1", 8), ("P1", 9)])
        self.assertEqual(names, ["Load.mean", "Vibration.mean"])
        self.assertEqual(counts, {"read": 16, "otherAssetType": 1, "beforeCutOff": 5,
                                  "withoutTarget": 2, "otherSpecVersion": 1, "duplicates": 1})

    def test_without_a_cut_off_every_row_counts(self):
        rows, _, counts = bd.select_rows([record("P1", m) for m in range(3)], "pump", None)
        self.assertEqual(len(rows), 3)
        self.assertEqual(counts["beforeCutOff"], 0)

    def test_map_columns_as_dicts_or_pairs(self):
        self.assertEqual(bd.feature_items({"a": 1.0}), [("a", 1.0)])
        self.assertEqual(bd.feature_items([("a", 1.0), ("b", None)]), [("a", 1.0), ("b", None)])
        self.assertEqual(bd.feature_items([{"key": "a", "value": 2.0}]), [("a", 2.0)])
        self.assertEqual(bd.feature_items(None), [])

    def test_the_newest_windows_are_the_validation_part(self):
        rows = [{"window_start": s, "asset_id": a} for s in range(10) for a in ("x", "y")]
        train, validation = bd.time_split(rows, 0.2)
        self.assertEqual({r["window_start"] for r in validation}, {8, 9})
        self.assertEqual(len(train), 16)
        with self.assertRaises(ValueError):
            bd.time_split(rows, 1.0)

    def test_only_committed_part_files_are_read(self):
        with tempfile.TemporaryDirectory() as root:
            names = ["asset_type=pump/dt=2026-01-05/hour=00/features-a-0.parquet",
                     "asset_type=pump/dt=2026-01-05/hour=00/.features-b-0.parquet.inprogress.c",
                     "asset_type=pump/dt=2026-01-05/hour=01/features-d-0.parquet",
                     "asset_type=pump/.hidden/features-e-0.parquet",
                     "asset_type=pump/_SUCCESS"]
            for name in names:
                path = os.path.join(root, name)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                open(path, "w").close()
            found = [os.path.relpath(p, root) for p in bd.part_files(root)]
        self.assertEqual(found, [names[0], names[2]])


class BuildTest(unittest.TestCase):

    def test_writes_label_first_csv_and_a_baseline_with_a_header(self):
        records = [record("P%d" % a, m, target=40.0 + m,
                          features=[("Load.mean", 50.0 + m), ("Vibration.mean", None)])
                   for m in range(10) for a in (1, 2)]
        with tempfile.TemporaryDirectory() as out:
            summary = bd.build(records, "pump", None, 0.2, 10, out)
            with open(os.path.join(out, "train", "train.csv")) as f:
                train = list(csv.reader(f))
            with open(os.path.join(out, "validation", "validation.csv")) as f:
                validation = list(csv.reader(f))
            with open(os.path.join(out, "baseline", "baseline.csv")) as f:
                baseline = list(csv.reader(f))
        self.assertEqual(summary["rows"], 20)
        self.assertEqual((summary["trainRows"], summary["validationRows"]), (16, 4))
        self.assertEqual(train[0], ["40.0", "50.0", ""])      # label, features, missing = empty
        self.assertEqual(validation[0], ["48.0", "58.0", ""])
        self.assertEqual(baseline[0], ["Load.mean", "Vibration.mean"])
        self.assertEqual(baseline[1], ["50.0", ""])
        self.assertEqual(len(baseline), 21)
        json.dumps(summary)  # printable for the job's log

    def test_writes_the_datasets_facts_for_the_registry_entry(self):
        records = [record("P1", m, version=2) for m in range(10)]
        records.append(record("P2", 3, version=1, features=[("Old.mean", 1.0)]))
        with tempfile.TemporaryDirectory() as out:
            summary = bd.build(records, "pump", None, 0.2, 5, out)
            with open(os.path.join(out, "summary", "dataset.json")) as f:
                written = json.load(f)
        self.assertEqual(written, summary)
        self.assertEqual(written["assetType"], "pump")
        self.assertEqual(written["specVersion"], 2)
        self.assertEqual(written["featureNames"], ["Load.mean", "Vibration.mean"])
        self.assertEqual(written["target"], "BearingTemp.mean")
        self.assertEqual((written["rows"], written["trainRows"], written["validationRows"]),
                         (10, 8, 2))
        self.assertEqual(written["leftOut"]["otherSpecVersion"], 1)

    def test_a_lake_row_without_a_target_signal_leaves_the_target_open(self):
        r = record("P1", 0)
        r["target_signal"] = None
        self.assertIsNone(bd.target_name(r))
        self.assertEqual(bd.target_name(record("P1", 0)), "BearingTemp.mean")

    def test_too_few_rows_fail_with_the_error_name_in_the_exit_message(self):
        with tempfile.TemporaryDirectory() as work:
            with self.assertRaises(bd.DatasetTooSmall):
                bd.build([record("P1", m) for m in range(5)], "pump", None, 0.2, 10, work)
            message = os.path.join(work, "message")
            # main() with an empty lake: exit status 1 and the ExitMessage file.
            status = bd.main(["--asset-type", "pump", "--input", os.path.join(work, "lake"),
                              "--output", os.path.join(work, "out"), "--message-file", message,
                              "--min-rows", "10"])
            with open(message) as f:
                text = f.read()
        self.assertEqual(status, 1)
        self.assertTrue(text.startswith("Flowcast.DatasetTooSmall: only 0 of the 10 rows"), text)


if __name__ == "__main__":
    unittest.main()
