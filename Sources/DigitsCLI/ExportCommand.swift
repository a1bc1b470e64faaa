import ArgumentParser
import Digits

/// Writes a trained network without its optimizer state: the file `predict` and `serve` use.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Save a network checkpoint's weights, architecture and history without the optimizer state.")

    @Option(help: "Checkpoint written by `digits train`.")
    var checkpoint: String
    @Option(help: "Where to write the exported model (safetensors).")
    var to: String

    func run() throws {
        try NetworkCheckpoint.load(from: checkpoint).exported().save(to: to)
        print("exported \(checkpoint) → \(to)")
    }
}
