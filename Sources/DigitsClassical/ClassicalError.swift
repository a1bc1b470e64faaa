/// Errors of the classical models: bad hyper-parameters, data of the wrong shape, bad model files.
public enum ClassicalError: Error, Equatable, CustomStringConvertible {
    case invalidSetting(String)
    case shapeMismatch(String)
    case invalidModelFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidSetting(let detail), .shapeMismatch(let detail): detail
        case .invalidModelFile(let path, let reason): "\(path): \(reason)"
        }
    }
}
