// KernelBench: verifies, then times, the GEMM kernels of both backends (and OpenBLAS called
// directly) at the shapes the paper CNN runs, plus im2col in both patch layouts and the steps of
// Winograd's conv2.
// Usage: KernelBench [--quick] [--out DIR]     (`make bench` runs it in release)
import CBLAS
import DigitsBenchmarkSupport
import DigitsCompute
import DigitsNN
import Foundation

prepareBenchmarkProcess()
let arguments = Array(CommandLine.arguments.dropFirst())
let quick = arguments.contains("--quick")
let outputDirectory = benchmarkArgument { try createBenchmarkOutputDirectory(arguments) }
/// `--filter TEXT`: only the workloads whose label contains it.
let filter = benchmarkArgument { try benchmarkOptionValue("--filter", in: arguments) }
let repetitions = quick ? 3 : 9
let threadCounts = [1, 2]

// MARK: - The GEMM implementations compared

/// `cblas_sgemm` with no protocol in between: the yardstick for the BLAS backend's overhead.
struct DirectCBLAS: ComputeBackend {
    let name = "cblas-direct"
    let threads: Int
    var convolution: ConvolutionAlgorithm = .im2col
    func gemm(
        _ d: GEMMDimensions, alpha: Float, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        beta: Float, c: UnsafeMutablePointer<Float>
    ) {
        openblas_set_num_threads(Int32(threads))
        cblas_sgemm(
            CblasRowMajor, d.transposeA ? CblasTrans : CblasNoTrans, d.transposeB ? CblasTrans : CblasNoTrans,
            blasint(d.m), blasint(d.n), blasint(d.k), alpha, a, blasint(d.lda), b, blasint(d.ldb),
            beta, c, blasint(d.ldc))
    }
}

func implementations(threads: Int) -> [any ComputeBackend] {
    [
        DirectCBLAS(threads: threads, convolution: .im2col), BLASBackend(threads: threads),
        SwiftBackend(threads: threads),
    ]
}

// MARK: - Workloads

struct Workload {
    let label: String
    let dimensions: GEMMDimensions
}

let workloads = [
    Workload(label: "square", dimensions: GEMMDimensions(m: 2048, n: 2048, k: 2048)),
    Workload(
        label: "conv2 fwd, columns·Wᵀ (NHWC)", dimensions: GEMMDimensions(transposeB: true, m: 73728, n: 64, k: 288)),
    Workload(label: "conv2 fwd, W·columns (NCHW)", dimensions: GEMMDimensions(m: 64, n: 73728, k: 288)),
    Workload(label: "conv2 fwd, W·columns per image", dimensions: GEMMDimensions(m: 64, n: 576, k: 288)),
    Workload(label: "dense fwd", dimensions: GEMMDimensions(transposeB: true, m: 128, n: 256, k: 9216)),
    Workload(label: "dense weight grad", dimensions: GEMMDimensions(transposeA: true, m: 9216, n: 256, k: 128)),
]

// MARK: - Measurement

/// Compares 256 sampled entries of C with dot products summed in Double (the naive definition).
func verify(_ d: GEMMDimensions, a: [Float], b: [Float], c: [Float]) -> String? {
    var rng = SplitMix64(seed: 99)
    var actual: [Float] = []
    var expected: [Float] = []
    for _ in 0..<256 {
        let i = Int.random(in: 0..<d.m, using: &rng)
        let j = Int.random(in: 0..<d.n, using: &rng)
        var sum = 0.0
        for p in 0..<d.k {
            let x = d.transposeA ? a[p * d.lda + i] : a[i * d.lda + p]
            let y = d.transposeB ? b[j * d.ldb + p] : b[p * d.ldb + j]
            sum += Double(x) * Double(y)
        }
        actual.append(c[i * d.ldc + j])
        expected.append(Float(sum))
    }
    let mismatch = worstMismatch(actual, expected, absolute: 1e-4 * Float(d.k).squareRoot(), relative: 1e-4)
    return mismatch.map { describeMismatch($0) }
}

struct Row: Codable {
    let kernel: String
    let workload: String
    let backend: String
    let m: Int, n: Int, k: Int
    let threads: Int
    let bestSeconds: Double
    let medianSeconds: Double
    let medianGFLOPS: Double
    let bestGFLOPS: Double
}

var rows: [Row] = []
var failures: [String] = []
let format = { (value: Double, digits: Int) in String(format: "%.\(digits)f", value) }
print("kernel,workload,backend,m,n,k,threads,best_s,median_s,median_gflops,best_gflops")

for workload in workloads where filter.map({ workload.label.contains($0) }) ?? true {
    let d = workload.dimensions
    var rng = SplitMix64(seed: 1)
    let a = (0..<d.requiredCountA).map { _ in Float.random(in: -1...1, using: &rng) }
    let b = (0..<d.requiredCountB).map { _ in Float.random(in: -1...1, using: &rng) }
    var c = [Float](repeating: .nan, count: d.requiredCountC)
    for threads in threadCounts {
        let candidates = implementations(threads: threads)
        var times = [[Double]](repeating: [], count: candidates.count)
        for (index, backend) in candidates.enumerated() {
            c.withUnsafeMutableBufferPointer { c in c.update(repeating: .nan) }
            try a.withUnsafeBufferPointer { a in
                try b.withUnsafeBufferPointer { b in
                    try c.withUnsafeMutableBufferPointer { c in
                        try backend.gemm(d, a: a, b: b, c: c)  // warm-up and the result verified below
                    }
                }
            }
            if let problem = verify(d, a: a, b: b, c: c) {
                failures.append("\(backend.name) \(workload.label) threads \(threads): \(problem)")
            }
            _ = index
        }
        // One candidate at a time, after a pause: OpenBLAS's idle workers spin for a while after
        // each call and would steal the cores from whichever candidate ran next.
        let iterations = d.flops > 1e10 ? max(3, repetitions / 2) : repetitions
        for (index, backend) in candidates.enumerated() {
            Thread.sleep(forTimeInterval: 0.3)
            for _ in 0..<iterations {
                let time = a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in
                        c.withUnsafeMutableBufferPointer { c in
                            seconds {
                                backend.gemm(
                                    d, alpha: 1, a: a.baseAddress!, b: b.baseAddress!, beta: 0, c: c.baseAddress!)
                            }
                        }
                    }
                }
                times[index].append(time)
            }
        }
        for (index, backend) in candidates.enumerated() {
            let best = times[index].min()!
            let middle = median(times[index])
            let row = Row(
                kernel: "sgemm", workload: workload.label, backend: backend.name, m: d.m, n: d.n, k: d.k,
                threads: threads, bestSeconds: best, medianSeconds: middle,
                medianGFLOPS: d.flops / middle / 1e9, bestGFLOPS: d.flops / best / 1e9)
            rows.append(row)
            print(
                [
                    row.kernel, "\"\(row.workload)\"", row.backend, "\(d.m)", "\(d.n)", "\(d.k)", "\(threads)",
                    format(best, 5), format(middle, 5), format(row.medianGFLOPS, 1), format(row.bestGFLOPS, 1),
                ]
                .joined(separator: ","))
        }
    }
}

// MARK: - im2col in both layouts (conv2 of the paper CNN: 32×26×26 → 3×3 patches, batch 128)

let conv2 = try ConvGeometry(channels: 32, height: 26, width: 26, kernelHeight: 3, kernelWidth: 3)
let batch = 128
var imageRNG = SplitMix64(seed: 3)
let images = (0..<batch * conv2.imageSize).map { _ in Float.random(in: 0...1, using: &imageRNG) }
var patches = [Float](repeating: 0, count: batch * conv2.patchSize * conv2.outputPixels)
let layouts: [(String, PatchLayout, (Int) -> Int)] = [
    ("columnPerPixel", .columnPerPixel(leadingDimension: batch * conv2.outputPixels), { $0 * conv2.outputPixels }),
    ("rowPerPixel", .rowPerPixel(leadingDimension: conv2.patchSize), { $0 * conv2.outputPixels * conv2.patchSize }),
]
struct CopyRow: Codable {
    let kernel: String
    let layout: String
    let batch: Int
    let medianSeconds: Double
    let bestSeconds: Double
    let gigabytesPerSecond: Double
}
var copyRows: [CopyRow] = []
for (name, layout, offset) in layouts {
    var times: [Double] = []
    for _ in 0..<(repetitions + 1) {
        times.append(
            images.withUnsafeBufferPointer { images in
                patches.withUnsafeMutableBufferPointer { patches in
                    seconds {
                        for image in 0..<batch {
                            let source = UnsafeBufferPointer(rebasing: images[(image * conv2.imageSize)...])
                            let destination = UnsafeMutableBufferPointer(rebasing: patches[offset(image)...])
                            im2col(source, geometry: conv2, layout: layout, into: destination)
                        }
                    }
                }
            })
    }
    times.removeFirst()  // warm-up
    let bytes = Double(patches.count * MemoryLayout<Float>.size)
    let row = CopyRow(
        kernel: "im2col", layout: name, batch: batch, medianSeconds: median(times),
        bestSeconds: times.min()!, gigabytesPerSecond: bytes / median(times) / 1e9)
    copyRows.append(row)
    print(
        "im2col,\(name),batch \(batch),\(format(row.bestSeconds, 5)),\(format(row.medianSeconds, 5)),\(format(row.gigabytesPerSecond, 2)) GB/s"
    )
}

// MARK: - Winograd F(4×4, 3×3) transforms, conv2 of the paper CNN, batch 128, one thread

/// Scratch of `count` random scalars that the timed loops below share (no array copies inside them).
func scratch(_ count: Int, seed: UInt64) -> UnsafeMutablePointer<Float> {
    var rng = SplitMix64(seed: seed)
    let p = UnsafeMutablePointer<Float>.allocate(capacity: count)
    for i in 0..<count { p[i] = Float.random(in: -1...1, using: &rng) }
    return p
}

// Each step over the whole batch, the images taken `Conv2D.winogradGroup` at a time into one
// group's buffers as training does; the group's 36 products beside them, on one thread.
let tiling = WinogradTiling(conv2)!
let (group, filters) = (Conv2D.winogradGroup, 64)
let tileColumns = group * tiling.tilesPerImage
let winograd = (
    x: scratch(batch * conv2.imageSize, seed: 4),
    u: scratch(WinogradTiling.bufferCount(rows: filters, columns: conv2.channels), seed: 5),
    v: scratch(WinogradTiling.bufferCount(rows: conv2.channels, columns: tileColumns), seed: 6),
    m: scratch(WinogradTiling.bufferCount(rows: filters, columns: tileColumns), seed: 7),
    y: scratch(batch * filters * conv2.outputPixels, seed: 8),
    bias: scratch(filters, seed: 9)
)
let strides = (
    u: WinogradTiling.positionStride(rows: filters, columns: conv2.channels),
    v: WinogradTiling.positionStride(rows: conv2.channels, columns: tileColumns),
    m: WinogradTiling.positionStride(rows: filters, columns: tileColumns)
)
let oneThreadBackends: [any ComputeBackend] = [BLASBackend(threads: 1), SwiftBackend(threads: 1)]
typealias WinogradStep = (name: String, image: (Int) -> Void)
let inputStep: WinogradStep = (
    "transformInput",
    { image in
        tiling.transformInput(
            winograd.x + image * conv2.imageSize, into: winograd.v, column: (image % group) * tiling.tilesPerImage,
            leadingDimension: tileColumns)
    }
)
let productSteps: [WinogradStep] = oneThreadBackends.map { backend in
    (
        "36 products (\(backend.name), 1 thread)",
        { image in
            guard image % group == 0 else { return }
            for position in 0..<WinogradTiling.positions {
                backend.gemm(
                    GEMMDimensions(m: filters, n: tileColumns, k: conv2.channels), alpha: 1,
                    a: winograd.u + position * strides.u, b: winograd.v + position * strides.v, beta: 0,
                    c: winograd.m + position * strides.m)
            }
        }
    )
}
let otherTransformSteps: [WinogradStep] = [
    (
        "transformOutput",
        { image in
            tiling.transformOutput(
                winograd.m, filters: filters, column: (image % group) * tiling.tilesPerImage,
                leadingDimension: tileColumns, bias: winograd.bias,
                into: winograd.y + image * filters * conv2.outputPixels)
        }
    ),
    (
        "transformOutputAdjoint",
        { image in
            tiling.transformOutputAdjoint(
                winograd.y + image * filters * conv2.outputPixels, filters: filters, into: winograd.m,
                column: (image % group) * tiling.tilesPerImage, leadingDimension: tileColumns)
        }
    ),
    (
        "transformInputAdjoint",
        { image in
            tiling.transformInputAdjoint(
                winograd.v, column: (image % group) * tiling.tilesPerImage, leadingDimension: tileColumns,
                into: winograd.x + image * conv2.imageSize)
        }
    ),
]
let winogradSteps = [inputStep] + productSteps + otherTransformSteps
struct WinogradRow: Codable {
    let step: String
    let batch: Int
    let medianSeconds: Double
    let bestSeconds: Double
}
var winogradRows: [WinogradRow] = []
for step in winogradSteps {
    var times: [Double] = []
    for _ in 0..<(repetitions + 1) {
        times.append(seconds { for image in 0..<batch { step.image(image) } })
    }
    times.removeFirst()  // warm-up
    let row = WinogradRow(step: step.name, batch: batch, medianSeconds: median(times), bestSeconds: times.min()!)
    winogradRows.append(row)
    print("winograd,\(step.name),batch \(batch),\(format(row.bestSeconds, 5)),\(format(row.medianSeconds, 5))")
}

// MARK: - Report

struct Report: Codable {
    let generated: String
    let command: String
    let cpu: String
    let openBLAS: String
    let repetitions: Int
    let gemm: [Row]
    let im2col: [CopyRow]
    let winograd: [WinogradRow]
}

func cpuName() -> String {
    let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let model = info.split(separator: "\n").first { $0.hasPrefix("model name") }
    return model.map { String($0.split(separator: ":", maxSplits: 1).last ?? "").trimmingCharacters(in: .whitespaces) }
        ?? "unknown"
}

func markdown(_ report: Report) -> String {
    var text = """
        # Kernel benchmark

        Generated by `\(report.command)` (`make bench`) on \(report.cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores.
        OpenBLAS: \(report.openBLAS). Each figure is the median of \(report.repetitions) timed runs after a verified
        warm-up run (fewer for products over 10 GFLOP); every result is first checked against the naive reference.

        ## sgemm, GFLOPS (median)

        | workload | m × n × k | threads | cblas_sgemm direct | blas backend | swift backend | blas / direct | swift / OpenBLAS |
        |---|---|---|---|---|---|---|---|

        """
    let groups = Dictionary(grouping: report.gemm) { "\($0.workload)|\($0.threads)" }
    var seen = Set<String>()
    for row in report.gemm where seen.insert("\(row.workload)|\(row.threads)").inserted {
        let group = groups["\(row.workload)|\(row.threads)"]!
        func gflops(_ backend: String) -> Double { group.first { $0.backend == backend }!.medianGFLOPS }
        let direct = gflops("cblas-direct")
        let blas = gflops("blas")
        let swift = gflops("swift")
        text += "| \(row.workload) | \(row.m) × \(row.n) × \(row.k) | \(row.threads) | \(format(direct, 1)) | "
        text +=
            "\(format(blas, 1)) | \(format(swift, 1)) | \(format(blas / direct, 2)) | \(format(swift / max(direct, blas), 2)) |\n"
    }
    text += """

        ## im2col, conv2 of the paper CNN (32×26×26, 3×3), batch \(batch), one thread

        | layout | median ms | best ms | GB/s written |
        |---|---|---|---|

        """
    for row in report.im2col {
        text +=
            "| \(row.layout) | \(format(row.medianSeconds * 1e3, 2)) | \(format(row.bestSeconds * 1e3, 2)) | \(format(row.gigabytesPerSecond, 2)) |\n"
    }
    text += """

        ## Winograd F(4×4, 3×3), conv2 of the paper CNN (32×26×26 → 64), batch \(batch), one thread

        Each step over the batch as training runs it: images \(group) at a time into one group's buffers, and each
        group's 36 products of 64 × \(tileColumns) × 32 (the forward's; backward runs two more per position).

        | step | median ms | best ms |
        |---|---|---|

        """
    for row in report.winograd {
        text += "| \(row.step) | \(format(row.medianSeconds * 1e3, 2)) | \(format(row.bestSeconds * 1e3, 2)) |\n"
    }
    return text
}

let report = Report(
    generated: ISO8601DateFormatter().string(from: Date()),
    command: "KernelBench" + (quick ? " --quick" : ""), cpu: cpuName(), openBLAS: BLASBackend.configuration,
    repetitions: repetitions, gemm: rows, im2col: copyRows, winograd: winogradRows)
try writeBenchmarkResults(markdown: markdown(report), json: report, name: "kernels", in: outputDirectory)
print("wrote \(outputDirectory)/kernels.md and kernels.json")
if !failures.isEmpty {
    FileHandle.standardError.write(Data(("verification failed:\n" + failures.joined(separator: "\n") + "\n").utf8))
    exit(1)
}
