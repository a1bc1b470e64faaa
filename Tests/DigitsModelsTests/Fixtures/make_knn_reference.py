"""scikit-learn's KNeighborsClassifier on a slice of the bundled MNIST: the reference KNearestNeighborsTests
checks Digits' kNN against (predictions and class probabilities).

Training images: the first 2,000 of the training set; queries: the first 300 test images; raw pixels / 255
as float32 (Digits' `--pca 0`). Writes knn_reference.json beside this script.
Usage: python3 make_knn_reference.py    (needs scikit-learn and numpy)
"""
import json
import pathlib
import sys

from sklearn.neighbors import KNeighborsClassifier

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2] / "Benchmarks" / "peers"))
import mnist  # noqa: E402


def main():
    x_train, y_train, x_test, _ = mnist.load()
    x_train = x_train[:2000].reshape(2000, -1)
    y_train = y_train[:2000]
    x_test = x_test[:300].reshape(300, -1)
    cases = []
    for k, weights, metric in ((3, "uniform", "euclidean"), (3, "distance", "euclidean"), (5, "distance", "cosine"),
                               (1, "uniform", "euclidean")):
        model = KNeighborsClassifier(n_neighbors=k, weights=weights, metric=metric, algorithm="brute").fit(x_train, y_train)
        cases.append({"k": k, "weights": weights, "metric": metric,
                      "predictions": model.predict(x_test).tolist(),
                      "probabilities": model.predict_proba(x_test).round(6).tolist()})
    (HERE / "knn_reference.json").write_text(json.dumps({"training": 2000, "queries": 300, "cases": cases}) + "\n")


if __name__ == "__main__":
    main()
