import ArgumentParser
import Digits
import DigitsServer

/// Serves the drawing page and the prediction API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the draw-a-digit web page and its JSON API.")

    @OptionGroup var compute: ComputeOptions

    @Option(help: "Address to listen on (loopback only unless told otherwise).")
    var host = "127.0.0.1"
    @Option(help: "Port to listen on.")
    var port = 8080
    @Option(help: "Model file (default: the bundled Models/paper-cnn.safetensors).")
    var checkpoint: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be in 0…65535 (got \(port)).") }
    }

    func run() async throws {
        let model = try ModelRegistry.load(from: try checkpoint ?? ModelRegistry.defaultModelPath())
        let recognizer = DigitRecognizer(model: model, backend: compute.makeBackend())
        print("digits serve: model \(model.name) from \(model.path ?? "?"); open http://\(host):\(port)/")
        try await DigitsServer.application(recognizer: recognizer, host: host, port: port).runService()
    }
}
