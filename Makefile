# Digits — build, test, benchmark and the paper comparison. `make help` lists the targets.
SHELL := /bin/bash

# Debian packages the system-library targets need (Sources/CBLAS …).
APT_PACKAGES := pkg-config libopenblas-dev liblapacke-dev zlib1g-dev libpng-dev libturbojpeg0-dev libcurl4

# Swift compiles for baseline x86-64 unless told otherwise. The packed GEMM of the Swift backend
# needs FMA/AVX-512 code generation to be fast, so target the CPU of the machine that builds: the
# binaries run where they were built (make always rebuilds here). `make TARGET_CPU=` gives a portable build.
CPU_FLAGS := $(shell grep -m1 '^flags' /proc/cpuinfo 2>/dev/null)
has = $(findstring $(1),$(CPU_FLAGS))
TARGET_CPU ?= $(if $(and $(call has,avx512f),$(call has,avx512bw),$(call has,avx512vl),$(call has,avx512dq)),skylake-avx512,$(if $(and $(call has,avx2),$(call has,fma)),haswell,))
# On x86-64 Swift's Float.squareRoot() is a C shim that glibc's errno rules keep scalar (a check and a
# call per lane); without errno, a vector of square roots is one vsqrtps. The optimizer's update
# (Adadelta, Adam) then runs on whole vectors: Winograd training 6–8% faster.
SWIFT_FLAGS := -c release $(if $(TARGET_CPU),-Xswiftc -target-cpu -Xswiftc $(TARGET_CPU)) -Xcc -fno-math-errno
BIN = $(shell swift build $(SWIFT_FLAGS) --show-bin-path)

.PHONY: help deps build test lint format docs fuzz fuzz-check bench bench-peers bench-classical bench-read compare model checker-model serve e2e clean

help:
	@echo "make compare  train every model on the bundled MNIST and write the report in Reports/mnist/"
	@echo "make test     run the test suite (release build)"
	@echo "make bench    benchmark kernels and CNN training/inference on both backends (Reports/bench/)"
	@echo "make bench-peers  run the same CNN workload in PyTorch and Keras beside ours (pip; optional)"
	@echo "make bench-classical  scikit-learn's random forest and linear SVMs beside ours (pip; optional)"
	@echo "make bench-read  read whole numbers from composed photos of MNIST test digits (Reports/read/)"
	@echo "make serve    serve the draw-a-digit page on http://127.0.0.1:8080/ (trains the default model first if it is missing)"
	@echo "make model    train the default model (paper CNN with augmentation, 10 epochs) into Models/paper-cnn.safetensors"
	@echo "make checker-model  train the digit checker of digits read into Models/digit-checker.safetensors"
	@echo "make e2e      draw digits on the page in headless Chromium and load-test the API (installs chromium)"
	@echo "make lint     check the formatting with swift format (configuration: .swift-format); make format fixes it"
	@echo "make docs     build the DocC documentation of DigitsModels and DigitsCompute into .build/docs/"
	@echo "make fuzz     build the libFuzzer targets (ASan) and run each for FUZZ_SECONDS (default 60)"
	@echo "make fuzz-check  the same targets, each a fixed seed and number of inputs (what CI runs)"
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

# Tests build in a scratch directory of their own: `swift test` compiles with -enable-testing, and
# sharing .build with `make build` made each of them rebuild everything after the other.
test: deps
	swift test $(SWIFT_FLAGS) --scratch-path .build-test

# swift format ships with the toolchain; .swift-format holds the configuration (120 columns, 4 spaces).
FORMATTED := Sources Tests Benchmarks Fuzz Package.swift
lint:
	swift format lint --strict --recursive --parallel $(FORMATTED)

format:
	swift format format --in-place --recursive --parallel $(FORMATTED)

# DocC catalogs: Sources/DigitsModels/DigitsModels.docc and Sources/DigitsCompute/DigitsCompute.docc.
docs: deps
	mkdir -p .build/docs
	for target in DigitsModels DigitsCompute; do \
		swift package --allow-writing-to-directory .build/docs generate-documentation --target $$target \
			--disable-indexing --transform-for-static-hosting --output-path .build/docs/$$target || exit 1; \
	done
	@echo "documentation: .build/docs/DigitsModels/, .build/docs/DigitsCompute/ (static sites)"

# libFuzzer + AddressSanitizer builds of Fuzz/ (a package of its own). `make fuzz` explores: each
# target runs for FUZZ_SECONDS from a random seed, growing a working corpus. `make fuzz-check` is
# what CI runs: each target a fixed number of inputs from a fixed seed and its committed corpus, the
# same inputs in every run, whatever the machine's speed. Any crash, leak, timeout or oversized allocation fails either.
# SwiftPM passes `-sanitize=fuzzer -sanitize=address` to swiftc as two flags, and the last one wins:
# the Swift code would get no coverage instrumentation. The combined flag after them restores it.
FUZZ_SECONDS ?= 60
FUZZ_BUILD := swift build --package-path Fuzz --scratch-path .build-fuzz -c release \
	--sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
fuzz: deps
	$(FUZZ_BUILD)
	Fuzz/run-fuzzers --bin "$$($(FUZZ_BUILD) --show-bin-path)" --seconds $(FUZZ_SECONDS)

fuzz-check: deps
	$(FUZZ_BUILD)
	Fuzz/run-fuzzers --bin "$$($(FUZZ_BUILD) --show-bin-path)" --check

bench: deps
	swift build $(SWIFT_FLAGS) --product KernelBench
	swift build $(SWIFT_FLAGS) --product TrainingBench
	swift build $(SWIFT_FLAGS) --product ClassicalBench
	$(BIN)/KernelBench --out Reports/bench
	$(BIN)/TrainingBench --out Reports/bench
	$(BIN)/ClassicalBench --out Reports/bench

# The peers run in the same session as our benchmark: 2-thread timings here vary from run to run.
PEER_EPOCHS ?= 3
bench-peers: deps
	python3 -c "import torch, tensorflow, keras" 2>/dev/null || pip install -r Benchmarks/peers/requirements.txt
	swift build $(SWIFT_FLAGS) --product TrainingBench
	cd Benchmarks/peers && python3 torch_cnn.py --epochs $(PEER_EPOCHS) --threads 2
	cd Benchmarks/peers && python3 keras_cnn.py --epochs $(PEER_EPOCHS) --threads 2
	$(BIN)/TrainingBench --out Reports/bench

# scikit-learn's forest and linear SVMs, then ours, in one session (pip installs scikit-learn if missing).
bench-classical: deps
	python3 -c "import sklearn" 2>/dev/null || pip install scikit-learn numpy
	cd Benchmarks/peers && for script in sklearn_*.py; do python3 $$script --jobs 2 || exit 1; done
	swift build $(SWIFT_FLAGS) --product ClassicalBench
	$(BIN)/ClassicalBench --out Reports/bench

# Whole numbers read from composed photos of MNIST test digits: `dev` (tuned on) and `holdout` (never).
READ_SET := .build/read-set
bench-read: build
	python3 -c "import numpy, PIL" 2>/dev/null || pip install numpy pillow
	python3 Benchmarks/read/make_numbers.py --out $(READ_SET)/dev --part dev --count 300 \
		--timing-photo $(READ_SET)/six-digits-1200x300.jpg
	python3 Benchmarks/read/make_numbers.py --out $(READ_SET)/holdout --part holdout --count 300
	python3 Benchmarks/read/make_numbers.py --out $(READ_SET)/desk --part dev --seed 2 --count 150 --on-desk
	python3 Benchmarks/read/make_numbers.py --out $(READ_SET)/lined --part dev --seed 3 --count 150 --paper lined
	python3 Benchmarks/read/make_numbers.py --out $(READ_SET)/squared --part dev --seed 4 --count 150 --paper squared
	python3 Benchmarks/read/make_numbers.py --out $(READ_SET)/fine-pen --part dev --seed 6 --count 150 --pen fine
	python3 Benchmarks/read/make_numbers.py --out $(READ_SET)/pencil --part dev --seed 8 --count 150 --pen pencil
	python3 Benchmarks/read/make_numbers.py --out $(READ_SET)/tilted --part dev --seed 9 --count 150 --tilt 10
	python3 Benchmarks/read/make_numbers.py --out $(READ_SET)/askew --part dev --seed 12 --count 150 --on-desk --tilt 10
	python3 Benchmarks/read/make_numbers.py --out $(READ_SET)/scan --part dev --seed 13 --count 150 --scan
	python3 Benchmarks/read/make_numbers.py --out $(READ_SET)/tight-crop --part dev --seed 7 --count 150 --crop tight
	python3 Benchmarks/read/make_numbers.py --out $(READ_SET)/holdout-tight-crop --part holdout --seed 7 --count 150 \
		--crop tight
	python3 Benchmarks/read/make_numbers.py --out $(READ_SET)/holdout-askew --part holdout --seed 21 --count 150 \
		--on-desk --tilt 10
	python3 Benchmarks/read/make_numbers.py --out $(READ_SET)/noisy --part dev --seed 14 --count 150 --noise
	python3 Benchmarks/read/make_numbers.py --out $(READ_SET)/holdout-noisy --part holdout --seed 22 --count 150 \
		--noise
	python3 Benchmarks/read/make_numbers.py --out $(READ_SET)/boxes --part dev --seed 15 --count 150 --paper boxes
	python3 Benchmarks/read/make_numbers.py --out $(READ_SET)/comb --part dev --seed 16 --count 150 --paper comb
	python3 Benchmarks/read/make_numbers.py --out $(READ_SET)/holdout-boxes --part holdout --seed 23 --count 150 \
		--paper boxes
	python3 Benchmarks/read/make_numbers.py --out $(READ_SET)/holdout-comb --part holdout --seed 24 --count 150 \
		--paper comb
	python3 Benchmarks/read/make_numbers.py --out $(READ_SET)/small --part dev --count 150 --shrink 4
	python3 Benchmarks/read/make_numbers.py --out $(READ_SET)/holdout-small --part holdout --count 150 --shrink 4
	python3 Benchmarks/read/score.py --digits $(BIN)/digits --set $(READ_SET)/dev --set $(READ_SET)/holdout \
		--set $(READ_SET)/desk --set $(READ_SET)/lined --set $(READ_SET)/squared --set $(READ_SET)/fine-pen \
		--set $(READ_SET)/pencil --set $(READ_SET)/tilted --set $(READ_SET)/askew --set $(READ_SET)/scan \
		--set $(READ_SET)/tight-crop --set $(READ_SET)/holdout-tight-crop --set $(READ_SET)/holdout-askew \
		--set $(READ_SET)/noisy --set $(READ_SET)/holdout-noisy --set $(READ_SET)/boxes --set $(READ_SET)/comb \
		--set $(READ_SET)/holdout-boxes --set $(READ_SET)/holdout-comb --set $(READ_SET)/small \
		--set $(READ_SET)/holdout-small --timing-photo $(READ_SET)/six-digits-1200x300.jpg --markdown Reports/read/REPORT.md

compare: build
	$(BIN)/digits compare --out Reports/mnist

# The default model of `digits predict` and `digits serve`: the paper CNN trained with augmentation.
MODEL_RUN := .build/runs/paper-cnn-augmented.safetensors
model: build
	mkdir -p $(dir $(MODEL_RUN))
	$(BIN)/digits train --model paper-cnn --augment --epochs 10 --seed 1 --checkpoint $(MODEL_RUN)
	$(BIN)/digits export --checkpoint $(MODEL_RUN) --to Models/paper-cnn.safetensors

# The digit checker of `digits read` (Models/digit-checker.safetensors): every candidate cut from 3,000
# composed numbers of MNIST training digits, labelled "this digit" or "not one digit" from its owner map.
# --every-slant: trained on the reader's own cuts (seeds 1 and 2), it read a narrow 6 as 1 and 0.
CHECKER_SET := $(READ_SET)/train
checker-model: deps
	python3 -c "import numpy, PIL" 2>/dev/null || pip install numpy pillow
	swift build $(SWIFT_FLAGS) --product DigitCheckerTraining
	python3 Benchmarks/read/make_numbers.py --out $(CHECKER_SET) --part train --count 3000
	$(BIN)/DigitCheckerTraining --set $(CHECKER_SET) --out Models/digit-checker.safetensors --model paper-cnn \
		--epochs 3 --seed 1 --every-slant

serve: build
	@test -f Models/paper-cnn.safetensors || $(MAKE) model
	$(BIN)/digits serve

# A real browser draws digits on the page (headless Chromium through Selenium), then a bounded load test.
E2E_APT := chromium chromium-driver wrk
e2e: build
	@missing=$$(for p in $(E2E_APT); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
		else echo "make e2e needs: apt-get install -y" $$missing; exit 1; fi; \
	fi
	python3 -c "import selenium" 2>/dev/null || pip install -q selenium
	python3 Tests/e2e/draw_digits.py --digits $(BIN)/digits --screenshot Reports/serve-screenshot.png \
		--number-screenshot Reports/serve-number-screenshot.png \
		--png Tests/DigitsRecognitionTests/Fixtures/gray8.png --seconds 10

clean:
	rm -rf .build .build-test
