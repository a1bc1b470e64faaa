# Digits — build, test, benchmark and the paper comparison. `make help` lists the targets.
SHELL := /bin/bash

# Debian packages the system-library targets need (Sources/CBLAS …).
APT_PACKAGES := pkg-config libopenblas-dev liblapacke-dev zlib1g-dev libcurl4

# Swift compiles for baseline x86-64 unless told otherwise. The packed GEMM of the Swift backend
# needs FMA/AVX-512 code generation to be fast, so target the CPU of the machine that builds: the
# binaries run where they were built (make always rebuilds here). `make TARGET_CPU=` gives a portable build.
CPU_FLAGS := $(shell grep -m1 '^flags' /proc/cpuinfo 2>/dev/null)
has = $(findstring $(1),$(CPU_FLAGS))
TARGET_CPU ?= $(if $(and $(call has,avx512f),$(call has,avx512bw),$(call has,avx512vl),$(call has,avx512dq)),skylake-avx512,$(if $(and $(call has,avx2),$(call has,fma)),haswell,))
SWIFT_FLAGS := -c release $(if $(TARGET_CPU),-Xswiftc -target-cpu -Xswiftc $(TARGET_CPU))
BIN = $(shell swift build $(SWIFT_FLAGS) --show-bin-path)

.PHONY: help deps build test bench bench-peers compare clean

help:
	@echo "make compare  train every model on the bundled MNIST and write the report in Reports/"
	@echo "make test     run the test suite (release build)"
	@echo "make bench    benchmark kernels and CNN training/inference on both backends (Reports/bench/)"
	@echo "make bench-peers  run the same CNN workload in PyTorch and Keras beside ours (pip; optional)"
	@echo "make build    build the digits tool (release)"
	@echo "make deps     install the Debian packages Digits needs: $(APT_PACKAGES)"
	@echo "make clean    remove build products"

deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing Debian packages:" $$missing; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
		else \
			echo "Digits needs these Debian packages, which are missing:" $$missing; \
			echo "Install them as root:  apt-get install -y" $$missing; \
			exit 1; \
		fi; \
	fi

build: deps
	swift build $(SWIFT_FLAGS) --product digits

test: deps
	swift test $(SWIFT_FLAGS)

bench: deps
	swift build $(SWIFT_FLAGS) --product KernelBench
	swift build $(SWIFT_FLAGS) --product TrainingBench
	$(BIN)/KernelBench --out Reports/bench
	$(BIN)/TrainingBench --out Reports/bench

# The peers run in the same session as our benchmark: 2-thread timings here vary from run to run.
PEER_EPOCHS ?= 3
bench-peers: deps
	python3 -c "import torch, tensorflow, keras" 2>/dev/null || pip install -r Benchmarks/peers/requirements.txt
	swift build $(SWIFT_FLAGS) --product TrainingBench
	cd Benchmarks/peers && python3 torch_cnn.py --epochs $(PEER_EPOCHS) --threads 2
	cd Benchmarks/peers && python3 keras_cnn.py --epochs $(PEER_EPOCHS) --threads 2
	$(BIN)/TrainingBench --out Reports/bench

compare: build
	$(BIN)/digits compare --out Reports

clean:
	rm -rf .build
