"""Reads the bundled MNIST (Data/mnist/*.gz, IDX format) into NumPy arrays, pixels / 255."""
import gzip
import pathlib

import numpy as np

DATA = pathlib.Path(__file__).resolve().parents[2] / "Data" / "mnist"


def _idx(name):
    with gzip.open(DATA / name, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load():
    """(x_train [60000, 1, 28, 28] float32, y_train, x_test, y_test)."""
    x_train = _idx("train-images-idx3-ubyte.gz").astype(np.float32)[:, None] / 255
    x_test = _idx("t10k-images-idx3-ubyte.gz").astype(np.float32)[:, None] / 255
    return x_train, _idx("train-labels-idx1-ubyte.gz").astype(np.int64), x_test, _idx("t10k-labels-idx1-ubyte.gz").astype(np.int64)
