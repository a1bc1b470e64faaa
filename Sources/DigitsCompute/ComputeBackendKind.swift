import Foundation

/// Threads used when none are asked for: every core the process may run on.
public let defaultThreadCount = ProcessInfo.processInfo.activeProcessorCount

/// The backends a user can choose with `--backend`, or with `DIGITS_BACKEND` in tests.
public enum ComputeBackendKind: String, Sendable, CaseIterable {
    case blas
    case swift

    public func makeBackend(threads: Int = defaultThreadCount) -> any ComputeBackend {
        switch self {
        case .blas: BLASBackend(threads: threads)
        case .swift: SwiftBackend(threads: threads)
        }
    }

    /// The backend named by `DIGITS_BACKEND`, `.blas` when unset; throws for an unknown name.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> ComputeBackendKind
    {
        guard let value = environment["DIGITS_BACKEND"], !value.isEmpty else { return .blas }
        guard let kind = ComputeBackendKind(rawValue: value) else {
            throw ComputeError.unknownBackend(name: value)
        }
        return kind
    }
}
