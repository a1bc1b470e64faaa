/// What stops a model from being chosen, loaded or resumed, each with a message naming the file or name.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    case unknownKind(name: String, known: [String])
    case unreadable(path: String, reason: String)
    case unknownFile(path: String, model: String, known: [String])
    case cannotResume(path: String, kind: String)
    case defaultModelMissing(searched: [String])

    public var description: String {
        switch self {
        case .unknownKind(let name, let known):
            "unknown model '\(name)'; choose from: \(known.joined(separator: ", "))"
        case .unreadable(let path, let reason): "\(path): cannot read: \(reason)"
        case .unknownFile(let path, let model, let known):
            "\(path): holds a model of kind '\(model)', which this version does not know (it reads "
                + known.joined(separator: ", ") + ")"
        case .cannotResume(let path, let kind):
            "\(path): a \(kind) model is fitted in one go; there is no interrupted run to resume"
        case .defaultModelMissing(let searched):
            "no model given and the default Models/paper-cnn.safetensors was not found (looked in "
                + searched.joined(separator: ", ") + "). Train one with `make model` (about 8 minutes on 2 cores) "
                + "or pass --checkpoint FILE."
        }
    }
}
