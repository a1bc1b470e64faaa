"""Scores `digits predict --json` output against labels.csv: overall and per-font accuracy.

Usage: digits predict --json DIR/*.png > predictions.json; python3 score_predictions.py DIR predictions.json
"""
import collections
import csv
import json
import os
import sys

directory, predictions_path = sys.argv[1], sys.argv[2]
with open(os.path.join(directory, "labels.csv")) as f:
    labels = {row["file"]: (int(row["digit"]), row["font"]) for row in csv.DictReader(f)}
with open(predictions_path) as f:
    predictions = json.load(f)
correct, per_font, per_digit, failed = 0, collections.defaultdict(list), collections.defaultdict(list), 0
for p in predictions:
    digit, font = labels[os.path.basename(p["file"])]
    hit = p.get("digit") == digit
    failed += p.get("digit") is None
    correct += hit
    per_font[font].append(hit)
    per_digit[digit].append(hit)
print(f"accuracy {correct / len(predictions):.4f} ({correct} of {len(predictions)}; {failed} refused)")
print("per digit: " + ", ".join(f"{d}: {sum(v) / len(v):.3f}" for d, v in sorted(per_digit.items())))
for font, hits in sorted(per_font.items(), key=lambda kv: sum(kv[1]) / len(kv[1])):
    print(f"  {font}: {sum(hits) / len(hits):.3f}")
