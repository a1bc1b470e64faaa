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
        case let .invalidDimensions(operation, detail):
            "\(operation): invalid dimensions: \(detail)"
        case let .bufferTooSmall(operation, operand, needed, available):
            "\(operation): operand \(operand) needs \(needed) scalars but its buffer holds \(available)"
        case let .shapeMismatch(operation, detail):
            "\(operation): shape mismatch: \(detail)"
        case let .nonFiniteInput(operation):
            "\(operation): the input contains NaN or infinity"
        case let .didNotConverge(operation, info):
            "\(operation): did not converge (LAPACK info \(info))"
        }
    }
}
