import ArgumentParser
import Digits

/// The entry point: first make sure OpenBLAS runs kernels that fit this CPU (re-running the
/// program with `OPENBLAS_CORETYPE` set if it chose an older family) and that freed buffers are
/// reused on every thread, then parse and run.
@main
enum DigitsMain {
    static func main() async {
        OpenBLASKernelCheck.correctByReexecuting()
        retainFreedMemoryForReuse()
        await DigitsCommand.main()
    }
}

/// The `digits` tool: a thin shell over the Digits library.
struct DigitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digits",
        abstract: "Handwritten-digit recognition on BLAS: train, evaluate and compare models on MNIST.",
        version: "digits \(digitsVersion)",
        subcommands: [
            CompareCommand.self, TrainCommand.self, EvaluateCommand.self, PredictCommand.self, ReadCommand.self,
            ServeCommand.self,
            ExportCommand.self, InfoCommand.self, DownloadCommand.self, BackendsCommand.self,
        ])
}
