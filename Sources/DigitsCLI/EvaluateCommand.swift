import ArgumentParser
import Digits
import Foundation

/// Scores the test set with a saved model and prints accuracy, per-class metrics and the confusion matrix.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate a checkpoint on the test set: accuracy, per-class metrics, confusion matrix.")

    @OptionGroup var data: DataOptions
    @OptionGroup var compute: ComputeOptions

    @Option(help: "Model file of any kind, written by `digits train` or `digits compare --save-models`.")
    var checkpoint: String
    @Flag(help: "Print the metrics as JSON.")
    var json = false

    func run() throws {
        let saved = try ModelRegistry.load(from: checkpoint)
        let (model, name) = (saved.classifier, saved.name)
        let dataset = try Dataset.load(from: try data.location())
        let started = Date()
        let predictions = try model.predictions(for: dataset.test, backend: compute.makeBackend())
        let seconds = Date().timeIntervalSince(started)
        let report = ClassificationReport(
            classCount: model.classCount, labels: dataset.test.labels.map(Int.init), predictions: predictions)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let output = EvaluationOutput(
                checkpoint: checkpoint, model: name, testImages: dataset.test.count, seconds: seconds, metrics: report)
            print(String(decoding: try encoder.encode(output), as: UTF8.self))
        } else {
            print(
                "model \(name) from \(checkpoint); \(dataset.test.count) test images in "
                    + String(format: "%.2f s", seconds))
            print(report.text)
        }
    }
}

/// The `--json` form of `digits evaluate`.
struct EvaluationOutput: Encodable {
    let checkpoint: String
    let model: String
    let testImages: Int
    let seconds: Double
    let metrics: ClassificationReport
}
