/// Errors from building, training, saving or loading a network. Each message says what to change.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    case invalidSetting(String)
    case unknownModel(name: String, known: [String])
    case architectureMismatch(detail: String)
    case nonFiniteLoss(epoch: Int, batch: Int, loss: Double, checkpoint: String?)
    case invalidCheckpoint(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidSetting(let detail):
            detail
        case .unknownModel(let name, let known):
            "unknown model '\(name)' (expected one of: \(known.joined(separator: ", ")))"
        case .architectureMismatch(let detail):
            "architecture mismatch: \(detail)"
        case .nonFiniteLoss(let epoch, let batch, let loss, let checkpoint):
            "training diverged: the loss became \(loss) in epoch \(epoch), batch \(batch); "
                + (checkpoint.map { "the last good checkpoint \($0) was kept; " } ?? "")
                + "try a smaller learning rate"
        case .invalidCheckpoint(let path, let reason):
            "\(path): \(reason)"
        }
    }
}
