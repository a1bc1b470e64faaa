"""The paper CNN in Keras 3 / TensorFlow (CPU), the paper's own stack, same recipe as
`digits train --model paper-cnn` (see torch_cnn.py). Prints seconds per epoch, test accuracy,
inference latency and throughput, peak memory; writes Reports/bench/peer-keras.json.

    python3 Benchmarks/peers/keras_cnn.py [--epochs N] [--threads 2]
"""
import argparse
import json
import os
import pathlib
import resource
import statistics
import time

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=2)
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--seed", type=int, default=1)
args = parser.parse_args()
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
import tensorflow as tf
import keras
from keras import layers

import mnist

tf.config.threading.set_intra_op_parallelism_threads(args.threads)
tf.config.threading.set_inter_op_parallelism_threads(args.threads)
keras.utils.set_random_seed(args.seed)

x_train, y_train, x_test, y_test = mnist.load()
x_train, x_test = x_train.transpose(0, 2, 3, 1), x_test.transpose(0, 2, 3, 1)  # Keras wants NHWC
model = keras.Sequential([
    keras.Input((28, 28, 1)), layers.Conv2D(32, 3, activation="relu"), layers.Conv2D(64, 3, activation="relu"),
    layers.MaxPooling2D(2), layers.Dropout(0.25), layers.Flatten(), layers.Dense(256, activation="relu"),
    layers.Dropout(0.5), layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy",
              optimizer=keras.optimizers.Adadelta(learning_rate=1.0, rho=0.95, epsilon=1e-7), metrics=["accuracy"])


class EpochTimer(keras.callbacks.Callback):
    def on_epoch_begin(self, epoch, logs=None):
        self.start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        epochs.append(time.perf_counter() - self.start)


epochs = []
model.fit(x_train, y_train, batch_size=128, epochs=args.epochs, verbose=2, callbacks=[EpochTimer()])
accuracy = model.evaluate(x_test, y_test, verbose=0)[1]
latencies = []
for i in range(1000):
    start = time.perf_counter()
    model(x_test[i % 10000: i % 10000 + 1], training=False)
    latencies.append((time.perf_counter() - start) * 1000)
batch = []
for _ in range(3):
    start = time.perf_counter()
    model.predict(x_test, batch_size=10000, verbose=0)
    batch.append(time.perf_counter() - start)
result = {
    "peer": f"Keras {keras.__version__} / TensorFlow {tf.__version__}", "threads": args.threads,
    "epoch_seconds": epochs, "median_epoch_seconds": statistics.median(epochs), "test_accuracy": accuracy,
    "single_image_median_ms": statistics.median(latencies),
    "single_image_p99_ms": float(np.percentile(latencies, 99)), "test_set_seconds_median": statistics.median(batch),
    "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}
print(json.dumps(result, indent=2))
out = pathlib.Path(__file__).resolve().parents[2] / "Reports" / "bench" / "peer-keras.json"
out.write_text(json.dumps(result, indent=2) + "\n")
