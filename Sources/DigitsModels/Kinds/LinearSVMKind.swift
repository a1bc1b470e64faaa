import DigitsClassical
import DigitsData
import DigitsModelCore

/// The linear hinge-loss SVM on pixels / 255 (optionally on principal components), one-vs-one or
/// one-vs-rest, fitted by dual coordinate descent.
public struct LinearSVMKind: ModelKind {
    public init() {}

    public var name: String { LinearSVM.modelType }
    public var title: String { "Linear SVM" }
    public var givesProbabilities: Bool { false }
    public var fileExtension: String { "safetensors" }

    public var settings: [SettingSpec] {
        [
            SettingSpec(
                "multiclass", .choice(MulticlassStrategy.allCases.map(\.rawValue)), default: "ovo",
                help: "ovo: a machine per pair of classes (45 for digits, as libsvm); ovr: one per class."),
            SettingSpec(
                "c", .numbers(1e-6...1e6), default: "\(LinearSVMSettings().c)",
                help: "Cost of a margin violation (inverse regularisation). Several (repeated or comma-separated) are "
                    + "chosen among on a validation split, never on the test set."),
            SettingSpec(
                "validation-split", .number(0.01...0.99), default: "0.1",
                help: "Fraction of the training set that chooses among several --c."),
            SettingSpec(
                "pca", .integer(minimum: 1), default: nil,
                help: "Project images onto their leading N principal components first (fitted on the training set)."),
        ]
    }

    public var comparisonRows: [ComparisonRow] {
        [
            ComparisonRow(
                id: name, kind: name, title: "Linear SVM, one-vs-one",
                paperRow: PaperRow(model: "SVM", accuracy: 0.9450, precision: 0.9400, recall: 0.9420, f1: 0.9410),
                typicalSeconds: 4),
            ComparisonRow(
                id: name + "-ovr", kind: name, title: "Linear SVM, one-vs-rest", settings: ["multiclass": "ovr"],
                typicalSeconds: 6),
        ]
    }

    public func validate(_ settings: ModelSettings) throws {
        if settings.optionalInt("pca") != nil, settings.doubles("c").count > 1 {
            throw SettingError.conflict("--pca takes one --c; choose C among several without --pca")
        }
    }

    public func fit(_ data: FitData, settings: ModelSettings, context: FitContext) throws -> TrainedModel {
        let candidates = settings.doubles("c").map(Float.init)
        let base = LinearSVMSettings(
            strategy: MulticlassStrategy(rawValue: settings.string("multiclass"))!, c: candidates[0])
        let svm: LinearSVM
        if candidates.count > 1 {
            let selection = try LinearSVM.fitSelectingC(
                data.training, candidates: candidates, settings: base,
                validationFraction: settings.double("validation-split"), seed: context.seed, backend: context.backend)
            for candidate in selection.candidates {
                context.progress(
                    .note("C \(candidate.c): validation accuracy \(fixed(candidate.validationAccuracy, 4))"))
            }
            svm = selection.svm
            context.progress(.note("chose C \(svm.settings.c); refitted on all \(data.training.count) training images"))
        } else if let components = settings.optionalInt("pca") {
            svm = try LinearSVM.fit(
                data.training, settings: base, principalComponents: components, seed: context.seed,
                backend: context.backend)
        } else {
            svm = try LinearSVM.fit(data.training, settings: base, seed: context.seed, threads: context.backend.threads)
        }
        return trained(svm)
    }

    public func load(_ file: ModelFile) throws -> TrainedModel {
        trained(try LinearSVM(file.safetensors!, path: file.path))
    }

    private func trained(_ svm: LinearSVM) -> TrainedModel {
        var description =
            "hinge loss, dual coordinate descent, \(svm.settings.strategy.rawValue), C \(svm.settings.c), "
        if let pca = svm.pca {
            description +=
                "\(pca.count) principal components of pixels / 255 "
                + "(\(fixed(100 * Double(pca.keptVariance), 1))% of the variance)"
        } else {
            description += "pixels / 255"
        }
        if !svm.diagnostics.isEmpty {
            let converged = svm.diagnostics.filter(\.converged).count
            description += "; \(converged) of \(svm.diagnostics.count) machines converged"
        }
        return TrainedModel(kind: self, classifier: svm, description: description, save: { try svm.save(to: $0) })
    }
}
