/// What stops a comparison before or while it runs, each with a message that names the problem.
public enum ComparisonError: Error, CustomStringConvertible, Equatable {
    case unknownModel(name: String, known: [String])
    case noModels(known: [String])
    case outputNotWritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unknownModel(let name, let known):
            "unknown model '\(name)'; choose from: \(known.joined(separator: ", "))"
        case .noModels(let known): "no models given; choose from: \(known.joined(separator: ", "))"
        case .outputNotWritable(let path, let reason): "cannot write the report to \(path): \(reason)"
        }
    }
}
