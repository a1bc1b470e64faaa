import ArgumentParser
import DigitsCompute

extension ComputeBackendKind: ExpressibleByArgument {}

/// `--backend` and `--threads`, shared by every command that computes.
struct ComputeOptions: ParsableArguments {
    @Option(help: "Compute backend for matrix products: blas (OpenBLAS) or swift (pure Swift).")
    var backend: ComputeBackendKind = .blas

    @Option(help: "Threads for matrix products (default: all cores).")
    var threads: Int = defaultThreadCount

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1 (got \(threads)).") }
    }

    func makeBackend() -> any ComputeBackend {
        backend.makeBackend(threads: threads)
    }
}
