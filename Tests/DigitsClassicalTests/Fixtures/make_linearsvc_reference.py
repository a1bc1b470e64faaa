"""Reference for the hinge-loss SVM solver from scikit-learn's LinearSVC (LIBLINEAR), as safetensors.

Run from the repository root:  python3 Tests/DigitsClassicalTests/Fixtures/make_linearsvc_reference.py
Needs numpy, scikit-learn and safetensors (pip). Re-run it if the problem below changes.

The problem: the first 150 training images of digit 3 and of digit 5, each averaged over 2x2 blocks
to 14x14 and rounded back to pixel levels (so the file stays small); class 3 is the positive class.
LinearSVC(loss="hinge", C=0.1, dual=True, intercept_scaling=1) on pixels / 255 minimises
  0.5 * (|w|^2 + b^2) + C * sum(max(0, 1 - y (w.x + b)))
(LIBLINEAR regularises the bias too), the same problem Digits solves.
"""
import pathlib
import sys

import numpy as np
from safetensors.numpy import save_file
from sklearn.svm import LinearSVC

root = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(root / "Benchmarks" / "peers"))
import mnist  # noqa: E402

x_train, y_train, _, _ = mnist.load()
rows = np.concatenate([np.flatnonzero(y_train == 3)[:150], np.flatnonzero(y_train == 5)[:150]])
levels = np.rint(x_train[rows, 0].reshape(-1, 14, 2, 14, 2).mean(axis=(2, 4)) * 255).astype(np.float32)
labels = (y_train[rows] == 5).astype(np.float32)  # Digits' class 0 is digit 3, the positive class
x = levels.reshape(len(rows), -1) / 255
y = np.where(labels == 0, 1.0, -1.0)

svc = LinearSVC(loss="hinge", C=0.1, dual=True, tol=1e-8, max_iter=1_000_000, intercept_scaling=1)
svc.fit(x, labels == 0)
w, b = svc.coef_[0], svc.intercept_[0]
objective = 0.5 * (w @ w + b * b) + 0.1 * np.maximum(0, 1 - y * (x @ w + b)).sum()
save_file({"levels": levels.reshape(len(rows), -1), "labels": labels,
           "weights": np.append(w, b).astype(np.float32), "objective": np.array([objective], dtype=np.float32)},
          str(pathlib.Path(__file__).with_name("linearsvc_reference.safetensors")),
          metadata={"source": "Tests/DigitsClassicalTests/Fixtures/make_linearsvc_reference.py"})
print("objective", objective, "iterations", svc.n_iter_)
