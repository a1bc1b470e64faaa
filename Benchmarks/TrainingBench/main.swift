import DigitsBenchmarkSupport
// TrainingBench: end-to-end speed of the paper CNN on both backends — training images/s and seconds
// per 60,000-image epoch, the GEMM-only floor of the same batch, single-image latency and 10k-image
// inference throughput, and peak memory.
// Usage: TrainingBench [--quick] [--out DIR]     (`make bench` runs it in release)
import DigitsCompute
import DigitsData
import DigitsNN
import Foundation

prepareBenchmarkProcess()
let arguments = Array(CommandLine.arguments.dropFirst())
let quick = arguments.contains("--quick")
let outputDirectory = benchmarkArgument { try createBenchmarkOutputDirectory(arguments) }
/// Training is timed as epochs over this many images (a window of whole batches), repeated.
let windowImages = quick ? 2_560 : 12_800
let windows = 3
let epochImages = 60_000
let threads = defaultThreadCount

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

// MARK: - GEMM floor

/// Time of the batch's matrix products alone, run exactly as training runs them: conv layers one
/// single-threaded product per image with the images shared among the cores, dense layers one
/// product split over the cores. Training FLOPs per image: conv1 forward + weight gradient,
/// conv2 forward + weight + input gradient, both dense layers forward + weight + input gradient.
///
/// With Winograd the convolutions' products are, per group of `Conv2D.winogradGroup` images, 36 of
/// each of forward, ∂U and (conv2 only) ∂V at the transformed-tile shapes (`perImage` then counts groups).
func gemmOnlySeconds(backend: any ComputeBackend, batch: Int) -> (seconds: Double, flops: Double) {
    let single = backend.withThreads(1)
    var products: [(GEMMDimensions, perImage: Bool, repeats: Int)] = []
    if backend.convolution == .winograd {
        let group = Conv2D.winogradGroup
        for (channels, filters, size, inputGradient) in [(1, 32, 28, false), (32, 64, 26, true)] {
            let geometry = try! ConvGeometry(
                channels: channels, height: size, width: size, kernelHeight: 3, kernelWidth: 3)
            let n = group * WinogradTiling(geometry)!.tilesPerImage
            let positions = WinogradTiling.positions
            products.append((GEMMDimensions(m: filters, n: n, k: channels), true, positions))
            products.append((GEMMDimensions(transposeB: true, m: filters, n: channels, k: n), true, positions))
            if inputGradient {
                products.append((GEMMDimensions(transposeA: true, m: channels, n: n, k: filters), true, positions))
            }
        }
    } else {
        for (filters, patch, pixels) in [(32, 9, 676), (64, 288, 576)] {
            products.append((GEMMDimensions(m: filters, n: pixels, k: patch), true, 1))
            products.append((GEMMDimensions(transposeB: true, m: filters, n: patch, k: pixels), true, 1))
        }
        products.append((GEMMDimensions(transposeA: true, m: 288, n: 576, k: 64), true, 1))
    }
    for (inputs, outputs) in [(9216, 256), (256, 10)] {
        products.append((GEMMDimensions(transposeB: true, m: batch, n: outputs, k: inputs), false, 1))
        products.append((GEMMDimensions(transposeA: true, m: outputs, n: inputs, k: batch), false, 1))
        products.append((GEMMDimensions(m: batch, n: inputs, k: outputs), false, 1))
    }
    var total = 0.0
    var flops = 0.0
    for (d, perImage, repeats) in products {
        let units =
            backend.convolution == .winograd && perImage
            ? (batch + Conv2D.winogradGroup - 1) / Conv2D.winogradGroup : batch
        var rng = SplitMix64(seed: 1)
        let a = (0..<d.requiredCountA).map { _ in Float.random(in: -1...1, using: &rng) }
        let b = (0..<d.requiredCountB).map { _ in Float.random(in: -1...1, using: &rng) }
        let copies = perImage ? threads : 1
        var c = [Float](repeating: 0, count: d.requiredCountC * copies)
        func run() {
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        if perImage {
                            parallelChunks(units, threads: threads) { chunk, images in
                                for _ in 0..<(images.count * repeats) {
                                    single.gemm(
                                        d, alpha: 1, a: a.baseAddress!, b: b.baseAddress!, beta: 0,
                                        c: c.baseAddress! + chunk * d.requiredCountC)
                                }
                            }
                        } else {
                            backend.gemm(d, alpha: 1, a: a.baseAddress!, b: b.baseAddress!, beta: 0, c: c.baseAddress!)
                        }
                    }
                }
            }
        }
        run()
        total += median((0..<5).map { _ in seconds(run) })
        flops += d.flops * Double(perImage ? units * repeats : 1)
    }
    return (total, flops)
}

// MARK: - Measurements

struct BackendResult: Codable {
    let backend: String
    let convolution: String
    let threads: Int
    let trainingImagesPerSecond: [Double]
    let medianImagesPerSecond: Double
    let epochSeconds: Double
    let gemmOnlyEpochSeconds: Double
    let gemmOnlyGFLOPS: Double
    let trainingGFLOPS: Double
    let singleImageMedianMilliseconds: Double
    let singleImageP99Milliseconds: Double
    let testSetSeconds: [Double]
    let medianTestSetSeconds: Double
}

let mnist = try Dataset.load(from: DatasetLocation.resolve(dataDirectory: nil))
let trainingWindow = mnist.training.subset(Array(0..<windowImages))
/// `--only blas/winograd,swift/im2col`: just those runs (default: every backend with both convolutions).
let only = benchmarkArgument { try benchmarkOptionValue("--only", in: arguments) }
    .map { Set($0.split(separator: ",").map(String.init)) }
var results: [BackendResult] = []
for kind in ComputeBackendKind.allCases {
    for convolution in ConvolutionAlgorithm.allCases
    where only?.contains("\(kind.rawValue)/\(convolution.rawValue)") ?? true {
        let backend = kind.makeBackend(threads: threads, convolution: convolution)
        let label = "\(kind.rawValue), \(convolution.rawValue)"
        FileHandle.standardError.write(Data("\(label): training \(windows) × \(windowImages) images…\n".utf8))
        let data = TrainingData(training: trainingWindow, test: mnist.test.subset([0]), validationFraction: 0, seed: 1)
        // One extra epoch first: warm-up, not counted.
        let run = try Trainer(backend: backend).train(
            .paperCNN(), configuration: TrainingConfiguration(epochs: windows + 1, seed: 1), data: data)
        let rates = run.training!.history.dropFirst().map(\.imagesPerSecond)
        let rate = median(Array(rates))

        let batches = (epochImages + 127) / 128
        let floor = gemmOnlySeconds(backend: backend, batch: 128)
        let network = run.network
        FileHandle.standardError.write(Data("\(label): inference…\n".utf8))
        let one = mnist.test.subset([0])
        _ = try network.probabilities(for: one, backend: backend)
        let latencies = try (0..<(quick ? 100 : 1000)).map { i in
            try seconds {
                _ = try network.probabilities(for: mnist.test.subset([i % mnist.test.count]), backend: backend)
            }
                * 1000
        }
        let testSet = try (0..<3).map { _ in
            try seconds { _ = try network.probabilities(for: mnist.test, backend: backend) }
        }
        results.append(
            BackendResult(
                backend: kind.rawValue, convolution: convolution.rawValue, threads: threads,
                trainingImagesPerSecond: Array(rates),
                medianImagesPerSecond: rate,
                epochSeconds: Double(epochImages) / rate, gemmOnlyEpochSeconds: floor.seconds * Double(batches),
                gemmOnlyGFLOPS: floor.flops / floor.seconds / 1e9, trainingGFLOPS: floor.flops / 128 * rate / 1e9,
                singleImageMedianMilliseconds: median(latencies),
                singleImageP99Milliseconds: percentile(latencies, 0.99),
                testSetSeconds: testSet, medianTestSetSeconds: median(testSet)))
    }
}

var usage = rusage()
getrusage(RUSAGE_SELF.rawValue, &usage)

// MARK: - Report

func fixed(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

var text = """
    # Training and inference benchmark (paper CNN)

    Generated by `TrainingBench\(quick ? " --quick" : "")` (`make bench`), \(threads) threads, batch 128, Adadelta.
    Training speed is the median over \(windows) epochs of \(windowImages) images each (after one warm-up epoch),
    scaled to a 60,000-image epoch. The GEMM-only floor runs the same batch's products alone, exactly as training
    runs them (per-image products on each core for the convolutions, products split over cores for dense layers);
    with Winograd, the 36 products per group of \(Conv2D.winogradGroup) images of each convolution. Achieved GFLOPS counts the products
    training actually runs, so Winograd's are fewer: compare the seconds.
    Single-image latency: `probabilities` on one test image, \(quick ? 100 : 1000) times; test set: all 10,000 test images, 3 times.

    | backend | convolution | images/s (median) | s / epoch | GEMM-only s / epoch | GEMM-only GFLOPS | achieved GFLOPS | single image median / p99 (ms) | 10k test images (s, median) |
    |---|---|---|---|---|---|---|---|---|

    """
for r in results {
    text +=
        "| \(r.backend) | \(r.convolution) | \(fixed(r.medianImagesPerSecond, 0)) | \(fixed(r.epochSeconds, 1)) | \(fixed(r.gemmOnlyEpochSeconds, 1)) | "
        + "\(fixed(r.gemmOnlyGFLOPS, 1)) | \(fixed(r.trainingGFLOPS, 1)) | \(fixed(r.singleImageMedianMilliseconds, 3)) / "
        + "\(fixed(r.singleImageP99Milliseconds, 3)) | \(fixed(r.medianTestSetSeconds, 2)) |\n"
}
text += "\nPeak resident memory of this benchmark process: \(usage.ru_maxrss / 1024) MiB.\n"
try writeBenchmarkResults(markdown: text, json: results, name: "training", in: outputDirectory)
print(text)
