import DigitsCompute
import DigitsData
import DigitsModelCore
import Foundation

/// A linear SVM as safetensors: one tensor `weights` `[machines, pixels + 1]` (bias last), and the
/// settings, class count and per-machine diagnostics as JSON metadata (`digits.model` = `linear-svm`).
extension LinearSVM {
    public static let modelType = "linear-svm"
    static let pcaTensors: Set<String> = ["pca.mean", "pca.components", "pca.variances", "pca.totalVariance"]

    private struct Description: Codable {
        let settings: LinearSVMSettings
        let classCount: Int
        let featureCount: Int
        let diagnostics: [MachineDiagnostics]
    }

    public func save(to path: String) throws {
        try safetensors().write(to: path)
    }

    /// The weights and description, as written by `save` (random-features SVMs add their feature map).
    func safetensors(model: String = modelType) throws -> Safetensors {
        let description = Description(
            settings: settings, classCount: classCount, featureCount: featureCount,
            diagnostics: diagnostics)
        let json = String(decoding: try modelFileJSON(description), as: UTF8.self)
        var tensors = ["weights": Tensor(shape: [diagnostics.count, featureCount + 1], scalars: weights)]
        if let pca {
            tensors["pca.mean"] = Tensor(shape: [pca.dimension], scalars: pca.mean)
            tensors["pca.components"] = Tensor(shape: [pca.count, pca.dimension], scalars: pca.components)
            tensors["pca.variances"] = Tensor(shape: [pca.count], scalars: pca.variances)
            tensors["pca.totalVariance"] = Tensor(shape: [1], scalars: [pca.totalVariance])
        }
        return Safetensors(tensors: tensors, metadata: [ModelFileKey.model: model, ModelFileKey.architecture: json])
    }

    /// Reads an SVM written by `save`, checking the weight shape against the recorded settings.
    public init(_ file: Safetensors, path: String) throws {
        try self.init(file, path: path, model: Self.modelType, otherTensors: [])
    }

    /// Reads the SVM part of a file of kind `model` that may also hold `otherTensors`.
    init(_ file: Safetensors, path: String, model expected: String, otherTensors: Set<String>) throws {
        func fail(_ reason: String) -> ClassicalError { .invalidModelFile(path: path, reason: reason) }
        let model = file.metadata[ModelFileKey.model] ?? "unknown"
        guard model == expected else { throw fail("this file holds a '\(model)' model, not a \(expected)") }
        guard let json = file.metadata[ModelFileKey.architecture],
            let description = try? JSONDecoder().decode(Description.self, from: Data(json.utf8))
        else { throw fail("the metadata lacks a readable SVM description") }
        try description.settings.validate()
        let machines = Self.machines(description.settings.strategy, classes: description.classCount).count
        guard description.diagnostics.count == machines, let weights = file.tensors["weights"],
            weights.shape == [machines, description.featureCount + 1],
            Set(file.tensors.keys).subtracting(Self.pcaTensors) == otherTensors.union(["weights"])
        else {
            throw fail(
                "expected the tensors \(otherTensors.union(["weights"]).sorted()), 'weights' of shape "
                    + "[\(machines), \(description.featureCount + 1)]")
        }
        var pca: PrincipalComponents? = nil
        if let mean = file.tensors["pca.mean"], let components = file.tensors["pca.components"],
            let variances = file.tensors["pca.variances"], let total = file.tensors["pca.totalVariance"]
        {
            guard mean.rank == 1, components.shape == [description.featureCount, mean.count],
                variances.shape == [description.featureCount], total.shape == [1]
            else { throw fail("the PCA tensors do not match the SVM's \(description.featureCount) features") }
            pca = PrincipalComponents(
                mean: mean.scalars, components: components.scalars, variances: variances.scalars,
                totalVariance: total.scalars[0])
        } else if !Set(file.tensors.keys).isDisjoint(with: Self.pcaTensors) {
            throw fail("the PCA tensors are incomplete")
        }
        self.init(
            settings: description.settings, classCount: description.classCount, featureCount: description.featureCount,
            weights: weights.scalars, diagnostics: description.diagnostics, pca: pca)
    }
}
