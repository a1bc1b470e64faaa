"""Writes metrics_reference.json: scikit-learn's figures for a fixed set of labels and scores.

The scores are float32 class probabilities rounded to two decimals, so many are tied (ROC curves
must merge ties). Class 9's scores are damped so it is never predicted (precision 0/0 → 0).
Run: python3 make_metrics_reference.py  (scikit-learn 1.9.1, numpy 2.x)
"""
import json

import numpy as np
import sklearn
from sklearn.metrics import (accuracy_score, auc, confusion_matrix, log_loss, precision_recall_fscore_support,
                             roc_auc_score, roc_curve)
from sklearn.preprocessing import label_binarize

rng = np.random.default_rng(7)
n, classes = 500, 10
labels = rng.integers(0, classes, n)
logits = rng.normal(0, 1, (n, classes))
logits[np.arange(n), labels] += rng.uniform(0, 3, n)
logits[:, 9] -= 4
probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
scores = np.round(probabilities, 2).astype(np.float32)
predictions = scores.argmax(axis=1)
onehot = label_binarize(labels, classes=list(range(classes)))
wide = scores.astype(np.float64)


def curve(y, s):
    fpr, tpr, thresholds = roc_curve(y, s)
    return {"fpr": fpr.tolist(), "tpr": tpr.tolist(),
            "thresholds": [None if np.isinf(t) else float(t) for t in thresholds], "auc": float(auc(fpr, tpr))}


per_class = [curve(onehot[:, c], wide[:, c]) for c in range(classes)]
grid = np.unique(np.concatenate([np.array(c["fpr"]) for c in per_class]))
mean_tpr = np.mean([np.interp(grid, c["fpr"], c["tpr"]) for c in per_class], axis=0)
out = {
    "sklearn": sklearn.__version__,
    "labels": labels.tolist(),
    "scores": [float(x) for x in scores.ravel()],
    "predictions": predictions.tolist(),
    "accuracy": accuracy_score(labels, predictions),
    "confusion": confusion_matrix(labels, predictions, labels=list(range(classes))).tolist(),
    "per_class": [list(map(float, col)) for col in zip(*precision_recall_fscore_support(
        labels, predictions, labels=list(range(classes)), zero_division=0))],
    "macro": list(map(float, precision_recall_fscore_support(
        labels, predictions, labels=list(range(classes)), average="macro", zero_division=0)[:3])),
    "weighted": list(map(float, precision_recall_fscore_support(
        labels, predictions, labels=list(range(classes)), average="weighted", zero_division=0)[:3])),
    "roc": per_class,
    "roc_micro": curve(onehot.ravel(), wide.ravel()),
    "roc_macro_auc": float(roc_auc_score(onehot, wide, average="macro")),
    "roc_micro_auc": float(roc_auc_score(onehot, wide, average="micro")),
    "roc_macro_curve": {"fpr": grid.tolist(), "tpr": mean_tpr.tolist(), "auc": float(auc(grid, mean_tpr))},
    "log_loss": float(log_loss(labels, scores, labels=list(range(classes)))),
}
with open("metrics_reference.json", "w") as f:
    json.dump(out, f)
print("accuracy", out["accuracy"], "macro AUC", out["roc_macro_auc"], "log loss", out["log_loss"])
