import DigitsClassical
import DigitsCompute
import DigitsData
import DigitsMetrics
import DigitsModelCore
import DigitsNN
import Foundation

/// What a comparison reports while it runs.
public enum ComparisonEvent: Sendable {
    /// Model `index` (from 1) of `count` starts; `remaining` estimates the seconds left for it and the rest.
    case modelStarted(row: ComparisonRow, index: Int, count: Int, elapsed: Double, remaining: Double)
    case fitting(FitEvent)
    case modelFinished(ModelResult)
}

/// A model trained by a comparison: its measured result, its test-set scores (for the figures) and
/// the model itself (to save).
public struct ComparedModel: Sendable {
    public let result: ModelResult
    /// Test-set scores, `test.count × classCount` row-major.
    public let scores: [Float]
    public let roc: ROCAnalysis
    public let model: TrainedModel
}

/// The test images on the training images' first two principal components, for the report's scatter plot.
public struct TestProjection: Sendable {
    /// `(x, y)` of each of the first `points.count` test images.
    public let points: [(x: Double, y: Double)]
    /// The share of the pixel variance the two components keep.
    public let keptVariance: Double
}

/// Trains every requested row on one training set, scores them on one test set, and keeps what
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

    /// The test images shown in the projection.
    public static let projectedTestImages = 2500

    public func run(progress: (ComparisonEvent) -> Void) throws -> [ComparedModel] {
        // Every row's settings are checked before the first model trains.
        let plan = try settings.models.map { row in
            let kind = try ModelRegistry.kind(named: row.kind)
            return (row, kind, try settings.settings(for: row, kind: kind))
        }
        let started = Date()
        var trained = [ComparedModel]()
        for (index, (row, kind, modelSettings)) in plan.enumerated() {
            let elapsed = Date().timeIntervalSince(started)
            let done = plan[..<index].map(\.0.typicalSeconds).reduce(0, +)
            let left = plan[index...].map(\.0.typicalSeconds).reduce(0, +)
            progress(
                .modelStarted(
                    row: row, index: index + 1, count: plan.count, elapsed: elapsed,
                    remaining: done > 0 && elapsed > 0 ? left * elapsed / done : left))
            let result = try train(row, kind: kind, settings: modelSettings, progress: progress)
            progress(.modelFinished(result.result))
            trained.append(result)
        }
        return trained
    }

    /// Fits one model, times it, and evaluates it on the test set.
    func train(
        _ row: ComparisonRow, kind: any ModelKind, settings modelSettings: ModelSettings,
        progress: (ComparisonEvent) -> Void
    ) throws -> ComparedModel {
        ProcessMemory.resetPeak()
        let fitStarted = Date()
        let model = try withoutActuallyEscaping(progress) { progress in
            try kind.fit(
                FitData(training: training, test: test), settings: modelSettings,
                context: FitContext(backend: backend, seed: settings.seed) { progress(.fitting($0)) })
        }
        let fitSeconds = Date().timeIntervalSince(fitStarted)
        let predictStarted = Date()
        let scores = try model.classifier.scores(for: test, backend: backend)
        let predictSeconds = Date().timeIntervalSince(predictStarted)
        let labels = test.labels.map(Int.init)
        let classes = model.classCount
        let report = ClassificationReport(
            classCount: classes, labels: labels, predictions: rowMaxima(scores, columns: classes))
        let roc = ROCAnalysis(scores: scores, labels: labels, classCount: classes)
        let result = ModelResult(
            row: row, settings: modelSettings, description: model.description, metrics: report, auc: AUCSummary(roc),
            logLoss: model.givesProbabilities
                ? logLoss(probabilities: scores, labels: labels, classCount: classes) : nil,
            fitSeconds: fitSeconds, predictSeconds: predictSeconds, peakMemoryMiB: ProcessMemory.peakMiB(),
            history: model.history, architecture: model.architecture)
        return ComparedModel(result: result, scores: scores, roc: roc, model: model)
    }

    /// The first `projectedTestImages` test images on the training set's first two principal components.
    public func projectTestSet() throws -> TestProjection {
        let pixels = training.pixelsPerImage
        let fitted = try PrincipalComponents.fit(
            training.batch(0..<training.count).images.reshaped(to: [training.count, pixels]), components: 2,
            backend: backend)
        let shown = min(test.count, Self.projectedTestImages)
        let projected = try fitted.transform(
            test.batch(0..<shown).images.reshaped(to: [shown, pixels]), backend: backend)
        return TestProjection(
            points: (0..<shown).map {
                (x: Double(projected.scalars[2 * $0]), y: Double(projected.scalars[2 * $0 + 1]))
            },
            keptVariance: Double(fitted.keptVariance))
    }
}
