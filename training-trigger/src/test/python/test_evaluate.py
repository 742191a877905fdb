"""Unit tests of evaluate.py's pure functions (standard library only)."""

import io
import json
import math
import os
import tarfile
import tempfile
import unittest

import evaluate as ev

# build_dataset.py's summary of a dataset (what evaluate.py reads as dataset.json).
DATASET = {"assetType": "pump", "specVersion": 1, "featureNames": ["Load.mean", "Vibration.std"],
           "target": "BearingTemp.mean", "rows": 20, "trainRows": 16, "validationRows": 4}


class CsvTest(unittest.TestCase):

    def test_labelled_rows_with_missing_values(self):
        labels, rows = ev.read_labelled_csv(io.StringIO("40.5,1.0,,3\n41,nan,2,NaN\n\n"))
        self.assertEqual(labels, [40.5, 41.0])
        self.assertEqual(rows[0][0], 1.0)
        self.assertTrue(math.isnan(rows[0][1]))
        self.assertTrue(math.isnan(rows[1][0]) and math.isnan(rows[1][2]))

    def test_the_request_body_has_no_label_and_empty_missing_fields(self):
        self.assertEqual(ev.to_csv_body([[1.0, float("nan")], [2.5, 3.0]]), "1.0,\n2.5,3.0\n")

    def test_predictions_one_per_line_or_comma_separated(self):
        self.assertEqual(ev.parse_predictions(b"1.5\n2.5\n"), [1.5, 2.5])
        self.assertEqual(ev.parse_predictions("1.5,2.5"), [1.5, 2.5])


class EvaluationTest(unittest.TestCase):

    def test_metrics(self):
        self.assertAlmostEqual(ev.rmse([0, 0], [3, 4]), math.sqrt(12.5))
        self.assertAlmostEqual(ev.mae([0, 0], [3, -4]), 3.5)
        with self.assertRaises(ValueError):
            ev.rmse([1, 2], [1])

    def test_the_promotion_rule(self):
        self.assertTrue(ev.is_better(0.9, 1.0, 0.05))
        self.assertFalse(ev.is_better(0.96, 1.0, 0.05))
        self.assertFalse(ev.is_better(1.0, 1.0, 0.0))
        self.assertTrue(ev.is_better(5.0, None, 0.05))

    def test_the_report_has_what_the_choice_state_and_the_run_record_read(self):
        labels = [10.0, 12.0, 14.0]
        rows = [[1.0], [2.0], [3.0]]
        report = ev.evaluate(labels, rows, lambda r: [10.0, 12.0, 14.5],
                             lambda r: [16.0, 18.0, 20.0], 0.05, "flowcast-pump")
        self.assertTrue(report["better"])
        self.assertAlmostEqual(report["currentRmse"], 6.0)
        self.assertAlmostEqual(report["candidateRmse"], math.sqrt(0.25 / 3))
        self.assertEqual(report["rows"], 3)
        self.assertEqual(report["regression_metrics"]["rmse"]["value"], report["candidateRmse"])
        json.dumps(report, allow_nan=False)

    def test_the_report_holds_the_candidates_registry_metadata_from_the_dataset(self):
        labels = [10.0, 12.0, 14.0, 20.0]
        rows = [[1.0, 2.0], [2.0, 2.0], [3.0, float("nan")], [4.0, 2.0]]
        candidate = [9.0, 12.5, 13.0, 20.5]  # residuals 1, -0.5, 1, -0.5
        report = ev.evaluate(labels, rows, lambda r: candidate, lambda r: [15.0] * 4, 0.05,
                             "flowcast-pump", DATASET, "2026-01-05T06:10:00.123Z")
        metadata = report["metadata"]
        self.assertEqual(set(metadata), {"assetType", "featureNames", "target", "specVersion",
                                         "residualMean", "residualStd", "trainedAt"})
        self.assertEqual(metadata["assetType"], "pump")
        self.assertEqual(metadata["featureNames"], ["Load.mean", "Vibration.std"])
        self.assertEqual(metadata["target"], "BearingTemp.mean")
        self.assertEqual(metadata["specVersion"], 1)
        self.assertEqual(metadata["trainedAt"], "2026-01-05T06:10:00.123Z")
        self.assertAlmostEqual(metadata["residualMean"], 0.25)
        self.assertAlmostEqual(metadata["residualStd"], math.sqrt(4 * 0.75 ** 2 / 3))
        self.assertEqual(report["holdOut"]["residualStd"], metadata["residualStd"])
        self.assertAlmostEqual(report["current"]["residualMean"], 14.0 - 15.0)
        json.dumps(report, allow_nan=False)

        metrics = ev.metrics_file(report, DATASET)
        self.assertEqual(metrics["holdOut"], report["holdOut"])
        self.assertEqual(metrics["current"]["endpoint"], "flowcast-pump")
        self.assertEqual(metrics["split"], {"method": "TIME", "trainRows": 16, "holdOutRows": 4})
        self.assertEqual(metrics["data"]["dataset"], DATASET)
        json.dumps(metrics, allow_nan=False)

    def test_rows_that_do_not_match_the_datasets_features_and_broken_summaries_fail(self):
        with self.assertRaisesRegex(ValueError, "a validation row has 1 features, dataset.json"
                                                " names 2"):
            ev.evaluate([1.0], [[1.0]], lambda r: [1.0], lambda r: [1.0], 0.05, None, DATASET)
        for broken, message in ((dict(DATASET, featureNames=[]), "no featureNames"),
                                (dict(DATASET, target=None), "no target"),
                                (dict(DATASET, specVersion="1"), "no integer specVersion")):
            with self.assertRaisesRegex(ValueError, message):
                ev.registry_metadata(broken, [1.0], [1.0], "2026-01-05T06:10:00Z")

    def test_trained_at_is_a_utc_instant_as_step_functions_writes_it(self):
        self.assertEqual(ev.parse_instant("2026-01-05T06:10:00.123Z"), "2026-01-05T06:10:00.123Z")
        self.assertEqual(ev.parse_instant("2026-01-05T06:10:00.123456789Z"),
                         "2026-01-05T06:10:00.123456789Z")
        for bad in ("2026-01-05T06:10:00+01:00", "yesterday Z"):
            with self.assertRaises(ValueError):
                ev.parse_instant(bad)
        self.assertTrue(ev.now_instant().endswith("Z"))

    def test_the_model_comes_out_of_the_training_jobs_archive(self):
        with tempfile.TemporaryDirectory() as work:
            candidate = os.path.join(work, "candidate")
            os.makedirs(candidate)
            with tarfile.open(os.path.join(candidate, "model.tar.gz"), "w:gz") as tar:
                data = b'{"learner": {}}'
                info = tarfile.TarInfo("xgboost-model")
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
            path = ev.extract_model(candidate, work)
            with open(path, "rb") as f:
                self.assertEqual(f.read(), b'{"learner": {}}')

    def test_a_failure_exits_1_with_the_reason_in_the_exit_message(self):
        with tempfile.TemporaryDirectory() as work:
            message = os.path.join(work, "message")
            status = ev.main(["--current-endpoint", "flowcast-pump",
                              "--validation", os.path.join(work, "none"),
                              "--candidate", work, "--output", os.path.join(work, "out"),
                              "--message-file", message])
            with open(message) as f:
                text = f.read()
        self.assertEqual(status, 1)
        self.assertTrue(text.startswith("Flowcast.EvaluationFailed: no validation rows"), text)

    def test_without_the_dataset_summary_the_evaluation_fails(self):
        with tempfile.TemporaryDirectory() as work:
            validation = os.path.join(work, "validation")
            os.makedirs(validation)
            with open(os.path.join(validation, "validation.csv"), "w") as f:
                f.write("40.0,1.0,2.0\n")
            message = os.path.join(work, "message")
            status = ev.main(["--current-endpoint", "flowcast-pump", "--validation", validation,
                              "--dataset", os.path.join(work, "dataset"), "--candidate", work,
                              "--output", os.path.join(work, "out"), "--message-file", message])
            with open(message) as f:
                text = f.read()
        self.assertEqual(status, 1)
        self.assertTrue(text.startswith("Flowcast.EvaluationFailed: no dataset.json under"), text)


if __name__ == "__main__":
    unittest.main()
