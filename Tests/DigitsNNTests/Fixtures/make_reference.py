"""Reference values for DigitsNN from PyTorch (float64), written as safetensors.

Run from the repository root:  python3 Tests/DigitsNNTests/Fixtures/make_reference.py
Needs torch, numpy and safetensors (pip). Re-run it if the network or an update rule changes.

1. cnn_reference.safetensors: the paper CNN's layers (Conv 32@3x3 ReLU, Conv 64@3x3 ReLU, MaxPool 2x2,
   Flatten, Dense 256 ReLU, Dense 10) on 8x8 inputs so the file stays small; dropout is left out
   (rate 0) because its masks come from a different generator. Fixed weights and a batch of 3 images;
   the logits, the mean cross-entropy and every parameter's gradient.
2. optimizer_reference.safetensors: three steps of SGD with momentum, Adadelta and Adam from the same
   start and gradients, with torch.optim (whose update rules match the Keras ones Digits implements).
"""
import numpy as np
import torch
from safetensors.numpy import save_file

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(20261125)


def uniform(*shape, scale=0.3):
    return rng.uniform(-scale, scale, size=shape)


# 1. The CNN.
weights = {
    "conv1.weight": uniform(32, 1, 3, 3), "conv1.bias": uniform(32, scale=0.1),
    "conv2.weight": uniform(64, 32, 3, 3, scale=0.08), "conv2.bias": uniform(64, scale=0.1),
    "dense1.weight": uniform(256, 256, scale=0.08), "dense1.bias": uniform(256, scale=0.1),
    "dense2.weight": uniform(10, 256, scale=0.15), "dense2.bias": uniform(10, scale=0.1),
}
images = rng.uniform(0, 1, size=(3, 1, 8, 8))
labels = np.array([3, 0, 7])

params = {name: torch.tensor(value, requires_grad=True) for name, value in weights.items()}
x = torch.tensor(images)
h = torch.relu(torch.nn.functional.conv2d(x, params["conv1.weight"], params["conv1.bias"]))
h = torch.relu(torch.nn.functional.conv2d(h, params["conv2.weight"], params["conv2.bias"]))
h = torch.nn.functional.max_pool2d(h, 2)
h = torch.flatten(h, 1)
h = torch.relu(h @ params["dense1.weight"].T + params["dense1.bias"])
logits = h @ params["dense2.weight"].T + params["dense2.bias"]
loss = torch.nn.functional.cross_entropy(logits, torch.tensor(labels))
loss.backward()

cnn = {name: value.astype(np.float32) for name, value in weights.items()}
cnn["input"] = images.astype(np.float32)
cnn["labels"] = labels.astype(np.float32)
cnn["logits"] = logits.detach().numpy().astype(np.float32)
cnn["loss"] = np.array([loss.item()], dtype=np.float32)
for name, p in params.items():
    cnn["gradient." + name] = p.grad.numpy().astype(np.float32)
save_file(cnn, "Tests/DigitsNNTests/Fixtures/cnn_reference.safetensors",
          metadata={"source": "Tests/DigitsNNTests/Fixtures/make_reference.py", "torch": torch.__version__})

# 2. Optimizers: three steps on a 5-element parameter with fixed gradients.
start = np.array([0.5, -1.0, 2.0, 0.0, -0.25])
gradients = [np.array([0.5, -1.0, 2.0, 0.1, -3.0]), np.array([-0.2, 0.4, 1.0, 0.0, 0.5]),
             np.array([1.0, 1.0, -1.0, 0.3, 0.2])]
rules = {
    "sgd": lambda p: torch.optim.SGD([p], lr=0.1, momentum=0.9),
    "adadelta": lambda p: torch.optim.Adadelta([p], lr=1.0, rho=0.95, eps=1e-7),
    "adam": lambda p: torch.optim.Adam([p], lr=0.01, betas=(0.9, 0.999), eps=1e-7),
}
steps = {"start": start.astype(np.float32)}
for i, g in enumerate(gradients):
    steps[f"gradient{i + 1}"] = g.astype(np.float32)
for name, make in rules.items():
    p = torch.tensor(start.copy(), requires_grad=True)
    optimizer = make(p)
    for i, g in enumerate(gradients):
        p.grad = torch.tensor(g)
        optimizer.step()
        steps[f"{name}.step{i + 1}"] = p.detach().numpy().astype(np.float32)
save_file(steps, "Tests/DigitsNNTests/Fixtures/optimizer_reference.safetensors",
          metadata={"source": "Tests/DigitsNNTests/Fixtures/make_reference.py", "torch": torch.__version__})
print("wrote cnn_reference.safetensors and optimizer_reference.safetensors; loss", loss.item())
