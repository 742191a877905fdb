"""Unit tests of evaluate.py's pure functions (standard library only)."""

import io
import json
import math
import os
import tarfile
import tempfile
import unittest

import evaluate as ev


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


if __name__ == "__main__":
    unittest.main()
