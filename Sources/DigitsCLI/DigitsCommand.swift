import ArgumentParser

/// The `digits` tool: a thin shell over the Digits library.
@main
struct DigitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digits",
        abstract: "Handwritten-digit recognition on BLAS: train, evaluate and compare models on MNIST.",
        subcommands: [CompareCommand.self, TrainCommand.self, EvaluateCommand.self, PredictCommand.self, ServeCommand.self, ExportCommand.self, InfoCommand.self, DownloadCommand.self, BackendsCommand.self])
}
