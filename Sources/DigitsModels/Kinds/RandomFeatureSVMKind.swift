import DigitsClassical
import DigitsData
import DigitsModelCore

/// A kernel SVM through random Fourier features: the linear solver on an RBF-kernel approximation.
public struct RandomFeatureSVMKind: ModelKind {
    public init() {}

    public var name: String { RandomFeatureSVM.modelType }
    public var title: String { "SVM on random Fourier features" }
    public var givesProbabilities: Bool { false }
    public var fileExtension: String { "safetensors" }

    public var settings: [SettingSpec] {
        [
            SettingSpec("features", .integer(minimum: 1), default: "4000", help: "Number of random Fourier features."),
            SettingSpec(
                "gamma", .number(1e-9...1e3), default: nil,
                help: "RBF kernel width γ in exp(−γ‖x − y‖²) (default: 1 / (pixels · pixel variance))."),
            SettingSpec(
                "multiclass", .choice(MulticlassStrategy.allCases.map(\.rawValue)), default: "ovo",
                help: "ovo: a machine per pair of classes; ovr: one per class."),
            SettingSpec("c", .number(1e-6...1e6), default: "1", help: "Cost of a margin violation."),
        ]
    }

    public var comparisonRows: [ComparisonRow] {
        [ComparisonRow(id: name, kind: name, title: title, typicalSeconds: 14)]
    }

    public var quickSettings: [String: String] { ["features": "1000"] }

    public func fit(_ data: FitData, settings: ModelSettings, context: FitContext) throws -> TrainedModel {
        let rff = try RandomFeatureSVM.fit(
            data.training, features: settings.int("features"), gamma: settings.optionalDouble("gamma").map(Float.init),
            settings: LinearSVMSettings(
                strategy: MulticlassStrategy(rawValue: settings.string("multiclass"))!, c: Float(settings.double("c"))),
            seed: context.seed, backend: context.backend)
        return trained(rff)
    }

    public func load(_ file: ModelFile) throws -> TrainedModel {
        trained(try RandomFeatureSVM(file.safetensors!, path: file.path))
    }

    private func trained(_ rff: RandomFeatureSVM) -> TrainedModel {
        let converged = rff.svm.diagnostics.filter(\.converged).count
        let description =
            "\(rff.map.featureCount) random Fourier features (RBF γ \(significant(Double(rff.map.gamma), 4))), "
            + "hinge loss, \(rff.svm.settings.strategy.rawValue), C \(rff.svm.settings.c)"
            + (rff.svm.diagnostics.isEmpty ? "" : "; \(converged) of \(rff.svm.diagnostics.count) machines converged")
        return TrainedModel(kind: self, classifier: rff, description: description, save: { try rff.save(to: $0) })
    }
}
