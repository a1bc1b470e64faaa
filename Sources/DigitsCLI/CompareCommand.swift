import ArgumentParser
import Digits
import Foundation

/// Trains every model of the comparison on the same data and writes the report (Markdown, HTML,
/// SVG figures, metrics.json): the paper's Table I, reproduced.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Train the paper's models (and more) side by side and write the comparison report.")

    @OptionGroup var data: DataOptions
    @OptionGroup var compute: ComputeOptions

    @Option(
        help:
            "Comma-separated models, in order: \(ModelRegistry.comparisonRows.map(\.id).joined(separator: ", ")) (default: all)."
    )
    var models: String = ModelRegistry.comparisonRows.map(\.id).joined(separator: ",")
    @Option(help: "Epochs of every model that trains in epochs (default: each kind's, 10 for the networks).")
    var epochs: Int?
    @Option(help: "Seed for every model.")
    var seed: UInt64 = 1
    @Flag(help: "Smoke run: 3,000 training and 1,000 test images, at most 2 epochs, smaller forest and feature map.")
    var quick = false
    @Option(
        help: ArgumentHelp(
            "Directory for REPORT.md, report.html, metrics.json and figures/, replaced whole (default: Reports/<dataset "
                + "directory name>, Reports/mnist for the bundled MNIST)."))
    var out: String?
    @Option(help: "Also save every trained model in this directory (<model>.safetensors or .forest).")
    var saveModels: String?

    func validate() throws {
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1 (got \(epochs)).") }
        do { _ = try ComparisonRow.parseList(models, from: ModelRegistry.comparisonRows) } catch {
            throw ValidationError("--models: \(error)")
        }
    }

    func run() throws {
        var settings = ComparisonSettings()
        settings.models = try ComparisonRow.parseList(models, from: ModelRegistry.comparisonRows)
        settings.epochs = epochs
        settings.seed = seed
        settings.quick = quick
        let location = try data.location()
        let out = self.out ?? "Reports/" + URL(fileURLWithPath: location.directory).lastPathComponent
        // Fail on an unwritable destination now, not after fifteen minutes of training.
        try ReportWriter.prepare(out)
        if let saveModels { try ReportWriter.prepareModelDirectory(saveModels) }
        let dataset = try Dataset.load(from: location)
        let backend = compute.makeBackend()
        let environment = RunEnvironment.current(
            command: (["digits"] + CommandLine.arguments.dropFirst()).joined(separator: " "),
            backend: backend)
        let comparison = Comparison(dataset: dataset, settings: settings, backend: backend)
        print(
            "comparing \(settings.models.count) models on \(comparison.training.count) training and \(comparison.test.count) "
                + "test images; backend \(backend.name) × \(backend.threads) threads, seed \(seed)\(quick ? ", QUICK run" : "")"
        )
        let started = Date()
        let progress = ProgressPrinter()
        let trained = try comparison.run { event in
            switch event {
            case .modelStarted(let row, let index, let count, let elapsed, let remaining):
                print(
                    "[\(index)/\(count)] \(row.id): \(row.title) — elapsed \(clock(elapsed)), about \(clock(remaining)) left"
                )
                fflush(nil)
            case .fitting(.training(let training)):
                progress.show(training)
            case .fitting(.note(let note)):
                print("      \(note)")
            case .modelFinished(let result):
                print(
                    String(
                        format: "      accuracy %.4f, macro F1 %.4f; fit %.1f s, predict %.2f s",
                        result.metrics.accuracy,
                        result.metrics.macroF1, result.fitSeconds, result.predictSeconds))
                fflush(nil)
            }
        }
        let wallSeconds = Date().timeIntervalSince(started)
        if let saveModels {
            for model in trained {
                let name = "\(model.result.row.id).\(model.model.kind.fileExtension)"
                let path = URL(fileURLWithPath: saveModels).appendingPathComponent(name).path
                try model.model.save(to: path)
                print("saved \(path)")
            }
        }
        let peers = PeerResults.load(
            directory: BundledPath.existing("Reports/bench")
                ?? "")
        let report = ComparisonReport(
            comparison: comparison, trained: trained, projection: try comparison.projectTestSet(), peers: peers,
            dataset: dataset, environment: environment, wallSeconds: wallSeconds,
            peakMemoryMiB: trained.compactMap(\.result.peakMemoryMiB).max())
        try ReportWriter.write(try report.document(), metrics: report.metrics, to: out)
        print(
            "report: \(out)/REPORT.md, \(out)/report.html, \(out)/metrics.json, \(out)/figures/ (\(clock(wallSeconds)))"
        )
    }
}

/// `h:mm:ss`.
private func clock(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    return String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
}
