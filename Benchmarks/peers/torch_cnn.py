"""The paper CNN in PyTorch (CPU), same recipe as `digits train --model paper-cnn`: Conv 32@3x3 ReLU,
Conv 64@3x3 ReLU, MaxPool 2, Dropout 0.25, Flatten, Dense 256 ReLU, Dropout 0.5, Dense 10; cross-entropy;
Adadelta(lr=1.0, rho=0.95, eps=1e-7); batch 128. Prints seconds per epoch, test accuracy, inference
latency and throughput, peak memory; writes Reports/bench/peer-torch.json.

    python3 Benchmarks/peers/torch_cnn.py [--epochs N] [--threads 2]
"""
import argparse
import json
import pathlib
import resource
import statistics
import time

import numpy as np
import torch
from torch import nn

import mnist

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=2)
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--seed", type=int, default=1)
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(args.seed)

x_train, y_train, x_test, y_test = (torch.from_numpy(a) for a in mnist.load())
model = nn.Sequential(
    nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
    nn.Flatten(), nn.Linear(9216, 256), nn.ReLU(), nn.Dropout(0.5), nn.Linear(256, 10))
optimizer = torch.optim.Adadelta(model.parameters(), lr=1.0, rho=0.95, eps=1e-7)
loss_fn = nn.CrossEntropyLoss()

epochs = []
for epoch in range(args.epochs):
    model.train()
    order = torch.randperm(len(x_train))
    start = time.perf_counter()
    for i in range(0, len(order), 128):
        index = order[i:i + 128]
        optimizer.zero_grad()
        loss = loss_fn(model(x_train[index]), y_train[index])
        loss.backward()
        optimizer.step()
    epochs.append(time.perf_counter() - start)
    model.eval()
    with torch.no_grad():
        accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
    print(f"epoch {epoch + 1}: {epochs[-1]:.1f} s, test accuracy {accuracy:.4f}", flush=True)

model.eval()
with torch.no_grad():
    latencies = []
    for i in range(1000):
        start = time.perf_counter()
        model(x_test[i % 10000: i % 10000 + 1])
        latencies.append((time.perf_counter() - start) * 1000)
    batch = []
    for _ in range(3):
        start = time.perf_counter()
        model(x_test)
        batch.append(time.perf_counter() - start)
result = {
    "peer": f"PyTorch {torch.__version__}", "threads": args.threads, "epoch_seconds": epochs,
    "median_epoch_seconds": statistics.median(epochs), "test_accuracy": accuracy,
    "single_image_median_ms": statistics.median(latencies),
    "single_image_p99_ms": float(np.percentile(latencies, 99)), "test_set_seconds_median": statistics.median(batch),
    "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}
print(json.dumps(result, indent=2))
out = pathlib.Path(__file__).resolve().parents[2] / "Reports" / "bench" / "peer-torch.json"
out.write_text(json.dumps(result, indent=2) + "\n")
