import DigitsData
import DigitsModelCore
import Foundation

/// Every model kind Digits knows, once. `train`, `compare`, `evaluate`, `predict`, `serve`, the
/// benchmarks and the report find kinds here and hold no code of their own for any of them.
///
/// Adding a kind is one new file (or folder) with a type conforming to `ModelKind`, and one line here.
public enum ModelRegistry {
    public static let kinds: [any ModelKind] = [
        NetworkKind.paperCNN,
        LinearSVMKind(),
        RandomFeatureSVMKind(),
        RandomForestKind(),
        KNearestNeighborsKind(),
        NetworkKind.mlp,
    ]

    public static var names: [String] { kinds.map(\.name) }

    public static func kind(named name: String) throws -> any ModelKind {
        guard let kind = kinds.first(where: { $0.name == name }) else {
            throw ModelError.unknownKind(name: name, known: names)
        }
        return kind
    }

    /// Every row `digits compare` can train, in the kinds' order.
    public static var comparisonRows: [ComparisonRow] { kinds.flatMap(\.comparisonRows) }

    /// Reads a model file of any kind, whichever version of Digits wrote it.
    public static func load(from path: String) throws -> TrainedModel {
        let file = try ModelFile(path: path)
        var model = try kind(of: file).load(file)
        model.path = path
        return model
    }

    /// The kind that wrote `file`.
    public static func kind(of file: ModelFile) throws -> any ModelKind {
        if let kind = kinds.first(where: { $0.recognizes(file) }) { return kind }
        if let problem = file.safetensorsProblem { throw problem }
        throw ModelError.unknownFile(path: file.path, model: file.modelName ?? "none", known: names)
    }

    /// The model `predict` and `serve` use when given none: `Models/paper-cnn.safetensors`, found
    /// the way the bundled dataset is (`BundledPath`); the error says how to make one.
    public static func defaultModelPath() throws -> String {
        let candidates = BundledPath.candidates(for: "Models/paper-cnn.safetensors")
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw ModelError.defaultModelMissing(searched: candidates)
        }
        return found
    }

    /// The bundled models `serve` shows side by side when given none: the default CNN, then each
    /// other bundled model that is present (`Models/linear-svm.safetensors`).
    public static func bundledModelPaths() throws -> [String] {
        let others = ["Models/linear-svm.safetensors"].compactMap(BundledPath.existing)
        return [try defaultModelPath()] + others
    }
}
