"""scikit-learn's random forest and linear SVMs on the bundled MNIST: the peers of issue #5's targets.

Prints fit and predict seconds, accuracy and macro F1 per model, and writes them as JSON
(Reports/bench/peer-sklearn.json). Run it beside `digits train` in the same session (make bench-classical).
Usage: python3 sklearn_classical.py [--jobs 2] [--repeats 1]
"""
import argparse
import time

from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import accuracy_score, f1_score
from sklearn.multiclass import OneVsOneClassifier
from sklearn.svm import LinearSVC

import mnist
import peer_results


def measure(row, name, model, x_train, y_train, x_test, y_test):
    """`row` is the `digits compare` row this model is the peer of."""
    started = time.perf_counter()
    model.fit(x_train, y_train)
    fit = time.perf_counter() - started
    started = time.perf_counter()
    predicted = model.predict(x_test)
    predict = time.perf_counter() - started
    single = []
    if hasattr(model, "predict") and name.startswith("random forest"):
        for i in range(50):
            started = time.perf_counter()
            model.predict(x_test[i:i + 1])
            single.append(time.perf_counter() - started)
    result = {"row": row, "model": name, "fit_seconds": fit, "predict_seconds": predict,
           "accuracy": accuracy_score(y_test, predicted), "macro_f1": f1_score(y_test, predicted, average="macro"),
           "single_image_ms_median": sorted(single)[len(single) // 2] * 1000 if single else None}
    print(f"{name}: accuracy {result['accuracy']:.4f}, macro F1 {result['macro_f1']:.4f}, fit {fit:.1f} s, predict {predict:.2f} s"
          + (f", one image {result['single_image_ms_median']:.1f} ms" if single else ""), flush=True)
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", default=str(peer_results.BENCH / "peer-sklearn.json"))
    args = parser.parse_args()
    x_train, y_train, x_test, y_test = mnist.load()
    x_train, x_test = x_train.reshape(len(x_train), -1), x_test.reshape(len(x_test), -1)
    rows = [
        measure("random-forest", "random forest, 100 trees", RandomForestClassifier(n_estimators=100, n_jobs=args.jobs, random_state=1),
                x_train, y_train, x_test, y_test),
        measure("linear-svm-ovr", "linear SVM ovr (SGDClassifier, hinge)", SGDClassifier(loss="hinge", n_jobs=args.jobs, random_state=1),
                x_train, y_train, x_test, y_test),
        measure("linear-svm", "linear SVM ovo (LinearSVC pairs, hinge, C 0.1)",
                OneVsOneClassifier(LinearSVC(loss="hinge", C=0.1, dual=True, max_iter=2000), n_jobs=args.jobs),
                x_train, y_train, x_test, y_test),
    ]
    peer_results.write(args.out, "scikit-learn", args.jobs, rows)


if __name__ == "__main__":
    main()
