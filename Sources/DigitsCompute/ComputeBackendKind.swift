import Foundation

/// Threads used when none are asked for: every core the process may run on.
public let defaultThreadCount = ProcessInfo.processInfo.activeProcessorCount

/// The backends a user can choose with `--backend`.
public enum ComputeBackendKind: String, Sendable, CaseIterable {
    case blas
    case swift

    public func makeBackend(threads: Int = defaultThreadCount, convolution: ConvolutionAlgorithm = .im2col)
        -> any ComputeBackend
    {
        switch self {
        case .blas: BLASBackend(threads: threads, convolution: convolution)
        case .swift: SwiftBackend(threads: threads, convolution: convolution)
        }
    }

}
