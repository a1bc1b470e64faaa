"""scikit-learn's k-nearest neighbours on the bundled MNIST: the anchor of `digits train --model knn`.

For 3 neighbours, uniform and distance-weighted, on raw pixels / 255 as float32: fits on the 60,000
training images and predicts the 10,000 test images, timing the two together (for kNN, fitting only
indexes the images; the work is in predicting). Writes Reports/bench/peer-sklearn-knn.json; run it beside
`digits train --model knn` in the same session (make bench-classical).
Usage: python3 sklearn_knn.py [--jobs 2]
"""
import argparse
import time

from sklearn.metrics import accuracy_score, f1_score
from sklearn.neighbors import KNeighborsClassifier

import mnist
import peer_results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", default=str(peer_results.BENCH / "peer-sklearn-knn.json"))
    args = parser.parse_args()
    x_train, y_train, x_test, y_test = mnist.load()
    x_train, x_test = x_train.reshape(len(x_train), -1), x_test.reshape(len(x_test), -1)
    rows = []
    for k, weights in ((3, "uniform"), (3, "distance")):
        started = time.perf_counter()
        model = KNeighborsClassifier(n_neighbors=k, weights=weights, n_jobs=args.jobs).fit(x_train, y_train)
        predicted = model.predict(x_test)
        seconds = time.perf_counter() - started
        row = {"row": "knn" if weights == "distance" else None, "model": f"{k}-NN, {weights} weights",
               "fit_predict_seconds": seconds, "accuracy": accuracy_score(y_test, predicted),
               "macro_f1": f1_score(y_test, predicted, average="macro")}
        print(f"{row['model']}: accuracy {row['accuracy']:.4f}, fit + predict {seconds:.2f} s", flush=True)
        rows.append(row)
    peer_results.write(args.out, "scikit-learn", args.jobs, rows)


if __name__ == "__main__":
    main()
