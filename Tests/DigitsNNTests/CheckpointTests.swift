import DigitsCompute
import DigitsData
import DigitsModelCore
import Foundation
import Testing

@testable import DigitsNN

/// Save → load is bit-exact; truncated, tampered and mismatched files are refused with a clear error.
@Suite struct CheckpointTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "digits-checkpoint-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A paper CNN after one Adadelta step on a small batch, so the optimizer state is not all zeros.
    func trainedCheckpoint() throws -> NetworkCheckpoint {
        var network = try NeuralNetwork(architecture: .paperCNN(inputShape: [1, 12, 12]), seed: 5)
        var rng = SplitMix64(seed: 6)
        var context = LayerContext(backend: BLASBackend(threads: 1), rng: rng)
        let images = Tensor.random(shape: [4, 1, 12, 12], in: 0...1, using: &rng)
        let result = SoftmaxCrossEntropy.evaluate(
            logits: network.layers.forward(images, mode: .training, context: &context), labels: [1, 2, 3, 4])
        _ = network.layers.backward(result.gradient, context: &context)
        var optimizer = Optimizer(rule: .paperAdadelta)
        optimizer.step(&network.layers)
        var state = TrainingState(configuration: TrainingConfiguration(epochs: 3, seed: 5))
        state.completedEpochs = 1
        state.optimizerSteps = optimizer.steps
        return NetworkCheckpoint(network: network, training: state, optimizer: optimizer)
    }

    @Test func roundTripIsBitExact() throws {
        let original = try trainedCheckpoint()
        try original.save(to: path("cnn.safetensors"))
        let loaded = try NetworkCheckpoint.load(from: path("cnn.safetensors"))
        #expect(loaded.network.architecture == original.network.architecture)
        #expect(loaded.training == original.training)
        let (before, after) = (original.network.layers.parameters, loaded.network.layers.parameters)
        #expect(before.map(\.name) == after.map(\.name))
        for (a, b) in zip(before, after) {
            #expect(a.value.shape == b.value.shape)
            #expect(a.value.scalars.map(\.bitPattern) == b.value.scalars.map(\.bitPattern), "\(a.name)")
        }
        let savedState = original.optimizer!.state(for: original.network.layers)
        let loadedState = try #require(loaded.optimizer).state(for: loaded.network.layers)
        #expect(savedState == loadedState)
        #expect(savedState.values.contains { $0.scalars.contains { $0 != 0 } })
    }

    /// The layout Python's `safetensors` expects: little-endian header length, JSON padded to 8 bytes.
    @Test func headerLayout() throws {
        let bytes = [UInt8](try trainedCheckpoint().safetensors().encoded())
        let headerLength = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect(headerLength % 8 == 0)
        let header = try #require(
            try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + headerLength)])) as? [String: Any])
        let conv1 = try #require(header["conv1.weight"] as? [String: Any])
        #expect(conv1["dtype"] as? String == "F32")
        #expect(conv1["shape"] as? [Int] == [32, 1, 3, 3])
        let metadata = try #require(header["__metadata__"] as? [String: String])
        #expect(metadata[ModelFileKey.model] == "paper-cnn", "a network file names its kind, as every model file does")
    }

    @Test func truncatedFileIsRefused() throws {
        let data = try trainedCheckpoint().safetensors().encoded()
        for keep in [0, 5, 100, data.count - 4] {
            let file = path("truncated-\(keep).safetensors")
            try data.prefix(keep).write(to: URL(fileURLWithPath: file))
            #expect(throws: SafetensorsError.self, "kept \(keep) bytes") { try NetworkCheckpoint.load(from: file) }
        }
    }

    @Test func tamperedDataIsRefused() throws {
        var bytes = [UInt8](try trainedCheckpoint().safetensors().encoded())
        bytes[bytes.count - 10] ^= 0x40
        let file = path("tampered.safetensors")
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let error = #expect(throws: SafetensorsError.self) { try NetworkCheckpoint.load(from: file) }
        #expect("\(error!)".contains("SHA-256"))
    }

    /// A header that promises far more bytes than the file holds is refused before anything is allocated.
    @Test func lyingHeaderIsRefused() throws {
        var bytes = [UInt8](try trainedCheckpoint().safetensors().encoded())
        bytes.replaceSubrange(0..<8, with: [0, 0, 0, 0, 0, 0, 0, 0x40])
        #expect(throws: SafetensorsError.self) { try Safetensors.decode(Data(bytes), path: "lying") }
    }

    @Test func mismatchedArchitectureIsRefused() throws {
        var file = try trainedCheckpoint().safetensors()
        file.tensors["conv2.weight"] = Tensor(zeros: [32, 32, 3, 3])
        try file.write(to: path("wrong-shape.safetensors"))
        let error = #expect(throws: TrainingError.self) {
            try NetworkCheckpoint.load(from: path("wrong-shape.safetensors"))
        }
        #expect("\(error!)".contains("conv2.weight"))

        file = try trainedCheckpoint().safetensors()
        file.tensors["dense1.weight"] = nil
        try file.write(to: path("missing.safetensors"))
        #expect(throws: TrainingError.self) { try NetworkCheckpoint.load(from: path("missing.safetensors")) }

        file = try trainedCheckpoint().safetensors()
        file.metadata[ModelFileKey.model] = "random-forest"
        try file.write(to: path("forest.safetensors"))
        let other = #expect(throws: TrainingError.self) { try NetworkCheckpoint.load(from: path("forest.safetensors")) }
        #expect("\(other!)".contains("random-forest"))
    }

    /// An architecture claiming a network far larger than the file's tensors (or sizes that overflow)
    /// is refused before anything is allocated for it: a 2 GiB dense layer and a 2⁶⁰-pixel input
    /// would otherwise be built (and filled with random weights) before the tensors were compared.
    @Test(arguments: [
        #"{"classCount":10,"inputShape":[1,16384,32768],"layers":[{"flatten":{}},{"dense":{"units":10}}],"name":"custom"}"#,
        #"{"classCount":10,"inputShape":[1,1073741824,1073741824],"layers":[{"flatten":{}},{"dense":{"units":10}}],"name":"custom"}"#,
        #"{"classCount":10,"inputShape":[1,-4,4],"layers":[{"flatten":{}},{"dense":{"units":10}}],"name":"custom"}"#,
        #"{"classCount":10,"inputShape":[512,28,28],"layers":[{"conv2D":{"filters":65536,"kernelSize":9,"padding":0,"stride":1}},{"flatten":{}},{"dense":{"units":10}}],"name":"custom"}"#,
    ])
    func architectureLargerThanTheFileIsRefused(architecture: String) throws {
        var file = try trainedCheckpoint().safetensors()
        file.metadata[ModelFileKey.architecture] = architecture
        #expect(throws: TrainingError.self) { try NetworkCheckpoint(file, path: "huge") }
    }

    /// Saving over an existing checkpoint replaces it whole (temporary file + rename), and a failed save
    /// (an unwritable place) leaves nothing half-written and throws.
    @Test func saveIsAtomic() throws {
        let checkpoint = try trainedCheckpoint()
        try checkpoint.save(to: path("a.safetensors"))
        try checkpoint.save(to: path("a.safetensors"))
        _ = try NetworkCheckpoint.load(from: path("a.safetensors"))
        #expect(throws: SafetensorsError.self) { try checkpoint.save(to: path("no-such-directory/a.safetensors")) }
    }

    /// An exported model keeps weights and history, drops the optimizer state, and cannot be resumed.
    @Test func exportedModelCannotBeResumed() throws {
        let checkpoint = try trainedCheckpoint()
        try checkpoint.exported().save(to: path("model.safetensors"))
        try checkpoint.save(to: path("full.safetensors"))
        let exported = try NetworkCheckpoint.load(from: path("model.safetensors"))
        #expect(exported.optimizer == nil && exported.training == checkpoint.training)
        #expect(exported.network.layers.parameters.map(\.value) == checkpoint.network.layers.parameters.map(\.value))
        let sizes = try ["model", "full"].map {
            try FileManager.default.attributesOfItem(atPath: path("\($0).safetensors"))[.size] as! Int
        }
        #expect(sizes[0] * 2 < sizes[1])
        let tiny = LabeledImages(images: [UInt8](repeating: 0, count: 144), labels: [0], rows: 12, columns: 12)
        let data = TrainingData(training: tiny, test: tiny, validationFraction: 0, seed: 1)
        #expect(throws: TrainingError.self) {
            try Trainer(backend: BLASBackend(threads: 1)).resume(exported, data: data)
        }
    }
}
