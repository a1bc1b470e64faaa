import ArgumentParser
import Digits
import Foundation

/// Fits a model of any kind, reports it and its test accuracy, and saves it. Kinds that train in
/// epochs save after every epoch and can be resumed.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train a model of any kind and save it.",
        discussion: "Each kind's own settings follow --model NAME:\n\n"
            + ModelRegistry.kinds.map { kind in
                "\(kind.name) (\(kind.title)):\n" + kind.settings.map { "  " + $0.usage }.joined(separator: "\n")
            }.joined(separator: "\n\n"))

    @OptionGroup var data: DataOptions
    @OptionGroup var compute: ComputeOptions

    @Option(
        help:
            "Model kind: \(ModelRegistry.names.joined(separator: ", ")) (default paper-cnn; with --resume, the file's)."
    )
    var model: String?
    @Option(help: "Seed of every random choice: initialisation, shuffling, dropout, augmentation, bootstrap samples.")
    var seed: UInt64 = 1
    @Option(help: "Train on the first N training images only (quick runs).")
    var trainLimit: Int?
    @Option(help: "Model file to write (networks: written after every epoch, so the run can be resumed).")
    var checkpoint: String
    @Flag(
        help: "Continue the run saved in --checkpoint where it stopped (a setting given, such as --epochs, changes it)."
    )
    var resume = false
    @Argument(parsing: .allUnrecognized, help: "The model kind's settings, --NAME VALUE (listed below).")
    var settings: [String] = []

    func validate() throws {
        if let trainLimit, trainLimit < 1 {
            throw ValidationError("--train-limit must be at least 1 (got \(trainLimit)).")
        }
        if !resume { _ = try parsedSettings() }
    }

    private func kind() throws -> any ModelKind {
        do { return try ModelRegistry.kind(named: model ?? "paper-cnn") } catch {
            throw ValidationError("--model: \(error)")
        }
    }

    private func parsedSettings() throws -> ModelSettings {
        do { return try kind().parseSettings(settings) } catch let error as SettingError {
            throw ValidationError("\(error) (see `digits train --help`)")
        }
    }

    func run() throws {
        let dataset = try Dataset.load(from: try data.location())
        var training = dataset.training
        if let trainLimit { training = training.subset(Array(0..<min(trainLimit, training.count))) }
        let backend = compute.makeBackend()
        let progress = ProgressPrinter()
        let context = FitContext(backend: backend, seed: seed, checkpointPath: checkpoint) { event in
            switch event {
            case .training(let training): progress.show(training)
            case .note(let note): print(note)
            }
        }
        let fitData = FitData(training: training, test: dataset.test)
        let started = Date()
        let trained: TrainedModel
        if resume {
            let file = try ModelFile(path: checkpoint)
            let kind = try ModelRegistry.kind(of: file)
            if let model, model != kind.name {
                throw ValidationError("--model \(model), but \(checkpoint) holds a \(kind.name) model")
            }
            let overrides = try ModelSettings(arguments: settings, specs: kind.settings)
            trained = try kind.resume(file, overrides: overrides, data: fitData, context: context)
        } else {
            let kind = try kind()
            let settings = try parsedSettings()
            print(
                "\(kind.name): \(settings); \(training.count) training images, seed \(seed), backend \(backend.name) × "
                    + "\(backend.threads) threads")
            trained = try kind.fit(fitData, settings: settings, context: context)
        }
        let fitSeconds = Date().timeIntervalSince(started)
        print("fitted \(trained.description) in " + String(format: "%.2f s", fitSeconds))
        try trained.save(to: checkpoint)
        let predictStarted = Date()
        let predictions = try trained.classifier.predictions(for: dataset.test, backend: backend)
        print(
            String(
                format: "test accuracy %.4f on %d images, predicted in %.3f s",
                accuracy(predictions, labels: dataset.test.labels), dataset.test.count,
                Date().timeIntervalSince(predictStarted)))
        print("model: \(checkpoint)")
        if let history = trained.history {
            let prefix = URL(fileURLWithPath: checkpoint).deletingPathExtension().path + "-history"
            try history.writeHistory(prefix: prefix)
            print("history: \(prefix).json, \(prefix).csv")
        }
    }
}
