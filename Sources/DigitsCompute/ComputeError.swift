/// Errors thrown at the public boundary of the compute layer: wrong shapes or buffer sizes from a
/// caller, and numerical outcomes reported by LAPACK.
public enum ComputeError: Error, Equatable, CustomStringConvertible {
    case invalidDimensions(operation: String, detail: String)
    case bufferTooSmall(operation: String, operand: String, needed: Int, available: Int)
    case shapeMismatch(operation: String, detail: String)
    case nonFiniteInput(operation: String)
    case didNotConverge(operation: String, info: Int)

    public var description: String {
        switch self {
        case .invalidDimensions(let operation, let detail):
            "\(operation): invalid dimensions: \(detail)"
        case .bufferTooSmall(let operation, let operand, let needed, let available):
            "\(operation): operand \(operand) needs \(needed) scalars but its buffer holds \(available)"
        case .shapeMismatch(let operation, let detail):
            "\(operation): shape mismatch: \(detail)"
        case .nonFiniteInput(let operation):
            "\(operation): the input contains NaN or infinity"
        case .didNotConverge(let operation, let info):
            "\(operation): did not converge (LAPACK info \(info))"
        }
    }
}
