import ArgumentParser
import DigitsCompute

extension ComputeBackendKind: ExpressibleByArgument {}
extension ConvolutionAlgorithm: ExpressibleByArgument {}

/// `--backend`, `--threads` and `--conv`, shared by every command that computes.
struct ComputeOptions: ParsableArguments {
    @Option(help: "Compute backend for matrix products: blas (OpenBLAS) or swift (pure Swift).")
    var backend: ComputeBackendKind = .blas

    @Option(name: .customLong("threads"), help: "Threads for matrix products (default: all cores; serve: 1).")
    var requestedThreads: Int?

    @Option(
        name: .customLong("conv"),
        help: "How 3×3 stride-1 convolutions compute: im2col (im2col + GEMM) or winograd (F(4×4, 3×3), fewer FLOPs).")
    var convolution: ConvolutionAlgorithm = .im2col

    /// The threads asked for, or all cores.
    var threads: Int { requestedThreads ?? defaultThreadCount }

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1 (got \(threads)).") }
    }

    /// The backend with the threads asked for, or else `defaultThreads`: all cores, unless a command
    /// knows better (`serve` runs one inference per core).
    func makeBackend(defaultThreads: Int = defaultThreadCount) -> any ComputeBackend {
        backend.makeBackend(threads: requestedThreads ?? defaultThreads, convolution: convolution)
    }
}
