import DigitsClassical
import DigitsData
import DigitsNN
import Foundation

/// Any model file Digits writes, told apart by its contents (a forest file, or a safetensors file
/// whose metadata names the model): what `evaluate`, `predict` and `serve` load.
public struct SavedModel: Sendable {
    public let classifier: any Classifier
    /// `paper-cnn`, `mlp`, `linear-svm`, `rff-svm` or `random-forest`.
    public let name: String
    public let path: String
    /// Whether the scores are class probabilities (networks and forests) or margins (SVMs).
    public let givesProbabilities: Bool
    /// Test accuracy after the last training epoch, when the file records its training.
    public var testAccuracy: Double? = nil

    public static func load(from path: String) throws -> SavedModel {
        if RandomForest.isForestFile(path) {
            return SavedModel(classifier: try RandomForest.load(from: path), name: RandomForest.modelType, path: path,
                              givesProbabilities: true)
        }
        let file = try Safetensors.read(from: path)
        switch file.metadata[ModelFileKey.model] {
        case LinearSVM.modelType:
            return SavedModel(classifier: try LinearSVM(file, path: path), name: LinearSVM.modelType, path: path,
                              givesProbabilities: false)
        case RandomFeatureSVM.modelType:
            return SavedModel(classifier: try RandomFeatureSVM(file, path: path), name: RandomFeatureSVM.modelType, path: path,
                              givesProbabilities: false)
        default:
            let checkpoint = try NetworkCheckpoint(file, path: path)
            return SavedModel(classifier: checkpoint.network, name: checkpoint.network.architecture.name, path: path,
                              givesProbabilities: true, testAccuracy: checkpoint.training?.history.last?.testAccuracy)
        }
    }

    /// The model `predict` and `serve` use when given none: `Models/paper-cnn.safetensors`, found
    /// the way the bundled dataset is (`BundledPath`); the error says how to make one.
    public static func defaultPath() throws -> String {
        let candidates = BundledPath.candidates(for: "Models/paper-cnn.safetensors")
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw DefaultModelMissing(searched: candidates)
        }
        return found
    }
}

/// No default model: names where it was looked for and how to train one.
public struct DefaultModelMissing: Error, CustomStringConvertible {
    public let searched: [String]

    public var description: String {
        "no model given and the default Models/paper-cnn.safetensors was not found (looked in "
            + searched.joined(separator: ", ") + "). Train one with `make model` (about 8 minutes on 2 cores) "
            + "or pass --checkpoint FILE."
    }
}
