import DigitsClassical
import DigitsCompute
import DigitsData
import DigitsMetrics
import DigitsNN
import Foundation

/// What a comparison reports while it runs.
public enum ComparisonEvent: Sendable {
    /// Model `index` (from 1) of `count` starts; `remaining` estimates the seconds left for it and the rest.
    case modelStarted(model: ComparisonModel, index: Int, count: Int, elapsed: Double, remaining: Double)
    case training(TrainingEvent)
    case modelFinished(ModelResult)
}

/// A model trained by a comparison: its measured result, its test-set scores (for the figures) and
/// a way to save it.
public struct TrainedModel: Sendable {
    public let result: ModelResult
    /// Test-set scores, `test.count × classCount` row-major.
    public let scores: [Float]
    public let roc: ROCAnalysis
    public let fileExtension: String
    public let save: @Sendable (String) throws -> Void
}

/// Trains every requested model on one training set, scores them on one test set, and keeps what
/// the report needs. The data are cut to size once here, so every model sees the same images.
public struct Comparison {
    public let settings: ComparisonSettings
    public let training: LabeledImages
    public let test: LabeledImages
    public let backend: any ComputeBackend

    public init(dataset: Dataset, settings: ComparisonSettings, backend: any ComputeBackend) {
        self.settings = settings
        self.backend = backend
        func cut(_ images: LabeledImages, _ limit: Int?) -> LabeledImages {
            guard let limit, limit < images.count else { return images }
            return images.subset(Array(0..<limit))
        }
        training = cut(dataset.training, settings.trainingLimit)
        test = cut(dataset.test, settings.testLimit)
    }

    public func run(progress: (ComparisonEvent) -> Void) throws -> [TrainedModel] {
        let started = Date()
        var trained = [TrainedModel]()
        for (index, model) in settings.models.enumerated() {
            let elapsed = Date().timeIntervalSince(started)
            let done = settings.models[..<index].map(\.typicalSeconds).reduce(0, +)
            let left = settings.models[index...].map(\.typicalSeconds).reduce(0, +)
            progress(.modelStarted(model: model, index: index + 1, count: settings.models.count, elapsed: elapsed,
                                   remaining: done > 0 && elapsed > 0 ? left * elapsed / done : left))
            let result = try train(model, progress: progress)
            progress(.modelFinished(result.result))
            trained.append(result)
        }
        return trained
    }

    /// Fits one model, times it, and evaluates it on the test set.
    func train(_ model: ComparisonModel, progress: (ComparisonEvent) -> Void) throws -> TrainedModel {
        ProcessMemory.resetPeak()
        let fitStarted = Date()
        let fitted = try fit(model, progress: progress)
        let fitSeconds = Date().timeIntervalSince(fitStarted)
        let predictStarted = Date()
        let scores = try fitted.classifier.scores(for: test, backend: backend)
        let predictSeconds = Date().timeIntervalSince(predictStarted)
        let labels = test.labels.map(Int.init)
        let classes = fitted.classifier.classCount
        let report = ClassificationReport(classCount: classes, labels: labels, predictions: rowMaxima(scores, columns: classes))
        let roc = ROCAnalysis(scores: scores, labels: labels, classCount: classes)
        let result = ModelResult(
            model: model, title: model.title, settings: fitted.settings, metrics: report, auc: AUCSummary(roc),
            logLoss: fitted.givesProbabilities ? logLoss(probabilities: scores, labels: labels, classCount: classes) : nil,
            fitSeconds: fitSeconds, predictSeconds: predictSeconds, peakMemoryMiB: ProcessMemory.peakMiB(),
            history: fitted.history, architecture: fitted.architecture)
        return TrainedModel(result: result, scores: scores, roc: roc, fileExtension: fitted.fileExtension, save: fitted.save)
    }

    private struct Fitted {
        let classifier: any Classifier
        let settings: String
        let givesProbabilities: Bool
        var history: [EpochRecord]? = nil
        var architecture: [LayerSummary]? = nil
        let fileExtension: String
        let save: @Sendable (String) throws -> Void
    }

    private func fit(_ model: ComparisonModel, progress: (ComparisonEvent) -> Void) throws -> Fitted {
        let seed = settings.seed
        switch model {
        case .cnn, .cnnAugmented, .mlpSigmoid, .mlpReLU, .mlpTanh:
            let shape = [1, training.rows, training.columns]
            let activation = model.activation.flatMap(ActivationFunction.init(rawValue:)) ?? .relu
            let architecture = model.activation == nil
                ? NetworkArchitecture.paperCNN(inputShape: shape, classCount: training.classCount)
                : NetworkArchitecture.mlp(inputShape: shape, classCount: training.classCount, activation: activation)
            let configuration = TrainingConfiguration(
                epochs: settings.networkEpochs, batchSize: 128, seed: seed, optimizer: .paperAdadelta,
                augment: model == .cnnAugmented)
            // The trainer reports synchronously on this thread and is gone when training returns.
            let finished = try withoutActuallyEscaping(progress) { progress in
                let trainer = Trainer(backend: backend) { progress(.training($0)) }
                return try trainer.train(
                    architecture, configuration: configuration,
                    data: TrainingData(training: training, test: test, validationFraction: 0, seed: seed)).exported()
            }
            let summary = try architecture.summary()
            let parameters = summary.map(\.parameterCount).reduce(0, +)
            return Fitted(
                classifier: finished.network,
                settings: "\(architecture.name), \(parameters) parameters; \(configuration.optimizer), batch 128, "
                    + "\(configuration.epochs) epochs" + (configuration.augment ? ", random shifts ±2 px and rotations ±10°" : ""),
                givesProbabilities: true, history: finished.training?.history, architecture: summary,
                fileExtension: "safetensors", save: { try finished.save(to: $0) })
        case .svm, .svmOneVsRest:
            let strategy: MulticlassStrategy = model == .svm ? .oneVsOne : .oneVsRest
            let svm = try LinearSVM.fit(training, settings: LinearSVMSettings(strategy: strategy, c: ComparisonSettings.linearC),
                                        seed: seed, threads: backend.threads)
            return Fitted(classifier: svm, settings: "hinge loss, dual coordinate descent, \(strategy.rawValue), C \(svm.settings.c), "
                              + "pixels / 255", givesProbabilities: false, fileExtension: "safetensors",
                          save: { try svm.save(to: $0) })
        case .randomFeatureSVM:
            let rff = try RandomFeatureSVM.fit(
                training, features: settings.randomFeatures, gamma: nil,
                settings: LinearSVMSettings(strategy: .oneVsOne, c: ComparisonSettings.randomFeatureC), seed: seed, backend: backend)
            return Fitted(classifier: rff, settings: "\(rff.map.featureCount) random Fourier features (RBF γ "
                              + String(format: "%.4g", rff.map.gamma) + "), hinge loss, ovo, C \(rff.svm.settings.c)",
                          givesProbabilities: false, fileExtension: "safetensors", save: { try rff.save(to: $0) })
        case .randomForest:
            let forest = try RandomForest.fit(training, settings: RandomForestSettings(treeCount: settings.treeCount),
                                              seed: seed, threads: backend.threads)
            return Fitted(classifier: forest, settings: "\(settings.treeCount) CART trees, Gini, bootstrap, √features per split, "
                              + "unlimited depth", givesProbabilities: true, fileExtension: "forest",
                          save: { try forest.save(to: $0) })
        }
    }
}
