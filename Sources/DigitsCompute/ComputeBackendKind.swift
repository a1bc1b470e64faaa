import Foundation

/// Threads used when none are asked for: every core the process may run on.
public let defaultThreadCount = ProcessInfo.processInfo.activeProcessorCount

/// The backends a user can choose with `--backend`.
public enum ComputeBackendKind: String, Sendable, CaseIterable {
    case blas
    case swift

    public func makeBackend(threads: Int = defaultThreadCount) -> any ComputeBackend {
        switch self {
        case .blas: BLASBackend(threads: threads)
        case .swift: SwiftBackend(threads: threads)
        }
    }

}
