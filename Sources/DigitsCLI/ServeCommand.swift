import ArgumentParser
import Digits
import DigitsServer

/// Serves the drawing page and the prediction API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the draw-a-digit web page and its JSON API.")

    @OptionGroup var compute: ComputeOptions
    @OptionGroup var checker: CheckerOptions

    @Option(help: "Address to listen on (loopback only unless told otherwise).")
    var host = "127.0.0.1"
    @Option(help: "Port to listen on.")
    var port = 8080
    @Option(
        help: """
            Model file; repeat for several, answered side by side (default: the bundled models, \
            Models/paper-cnn.safetensors then Models/linear-svm.safetensors). The first also reads numbers.
            """)
    var checkpoint: [String] = []

    @Option(help: "Inferences at once (default: one per core; each on --threads threads, by default 1 here).")
    var inferences = DigitsServer.defaultSlots
    @Option(
        help:
            "Requests that may wait for an inference slot; beyond them the answer is 503 (default: 4 per slot, at least 8)."
    )
    var queue: Int?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be in 0…65535 (got \(port)).") }
        guard inferences >= 1 else { throw ValidationError("--inferences must be at least 1 (got \(inferences)).") }
        if let queue, queue < 0 { throw ValidationError("--queue must be 0 or more (got \(queue)).") }
    }

    func run() async throws {
        let paths = checkpoint.isEmpty ? try ModelRegistry.bundledModelPaths() : checkpoint
        // Concurrent requests already fill the cores: one thread per inference unless told otherwise.
        let backend = compute.makeBackend(defaultThreads: 1)
        let recognizers = try paths.map { DigitRecognizer(model: try ModelRegistry.load(from: $0), backend: backend) }
        let checker = try self.checker.load(backend: backend)
        let line = queue ?? DigitsServer.defaultQueueLimit(slots: inferences)
        let names = recognizers.map { "\($0.model.name) (\($0.model.path ?? "?"))" }
        let checking = checker.map { ", digit checker \($0.recognizer.model.path ?? "?")" } ?? ", no digit checker"
        print(
            "digits serve: \(names.joined(separator: ", "))\(checking); \(inferences) inferences at once, "
                + "\(line) waiting at most; open http://\(host):\(port)/")
        try await DigitsServer.application(
            recognizers: recognizers, checker: checker, queue: InferenceQueue(slots: inferences, queueLimit: line),
            host: host, port: port
        ).runService()
    }
}
