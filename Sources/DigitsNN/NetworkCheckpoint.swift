import DigitsCompute
import DigitsData
import DigitsModelCore
import Foundation

/// A network's weights, its architecture and (for a run in progress) the optimizer state and
/// training history, in one safetensors file.
///
/// Tensors: every parameter under its name (`conv1.weight`, …) and, while a run can be resumed, each
/// optimizer buffer as `optimizer.<parameter>.<slot>` (`exported()` drops them: a third of the size).
/// Metadata: `digits.model` = the architecture's name (`paper-cnn`, `mlp`; files written before the
/// model registry say `neural-network`), `digits.architecture` and `digits.training` as JSON. Python
/// reads the weights with `safetensors.numpy.load_file`.
public struct NetworkCheckpoint: Sendable {
    public var network: NeuralNetwork
    public var training: TrainingState?
    public var optimizer: Optimizer?

    /// What `digits.model` said before every kind had one name: all networks were `neural-network`.
    public static let legacyModelType = "neural-network"
    static let optimizerPrefix = "optimizer."

    public init(network: NeuralNetwork, training: TrainingState? = nil, optimizer: Optimizer? = nil) {
        self.network = network
        self.training = training
        self.optimizer = optimizer
    }

    public func safetensors() throws -> Safetensors {
        var tensors = [String: Tensor]()
        for parameter in network.layers.parameters { tensors[parameter.name] = parameter.value }
        if let optimizer {
            for (name, state) in optimizer.state(for: network.layers) { tensors[Self.optimizerPrefix + name] = state }
        }
        var metadata = [ModelFileKey.model: network.architecture.name]
        metadata[ModelFileKey.architecture] = String(decoding: try modelFileJSON(network.architecture), as: UTF8.self)
        if let training {
            metadata[ModelFileKey.training] = String(decoding: try modelFileJSON(training), as: UTF8.self)
        }
        return Safetensors(tensors: tensors, metadata: metadata)
    }

    /// The finished model: weights, architecture and history, without the optimizer state.
    public func exported() -> NetworkCheckpoint {
        NetworkCheckpoint(network: network, training: training, optimizer: nil)
    }

    /// Saves atomically: the previous checkpoint survives an interrupted save.
    public func save(to path: String) throws {
        try safetensors().write(to: path)
    }

    public static func load(from path: String) throws -> NetworkCheckpoint {
        try NetworkCheckpoint(Safetensors.read(from: path), path: path)
    }

    /// The architecture a file's metadata records, if readable.
    static func architecture(_ file: Safetensors) -> NetworkArchitecture? {
        file.metadata[ModelFileKey.architecture].flatMap {
            try? JSONDecoder().decode(NetworkArchitecture.self, from: Data($0.utf8))
        }
    }

    /// The name of the network a file records (`paper-cnn`, `mlp`), if readable.
    public static func architectureName(_ file: Safetensors) -> String? { architecture(file)?.name }

    /// Rebuilds the network from the recorded architecture and checks every tensor's name and shape.
    public init(_ file: Safetensors, path: String) throws {
        func fail(_ reason: String) -> TrainingError { .invalidCheckpoint(path: path, reason: reason) }
        let model = file.metadata[ModelFileKey.model] ?? "unknown"
        guard let architecture = Self.architecture(file) else {
            throw fail("the metadata lacks a readable \(ModelFileKey.architecture)")
        }
        guard model == architecture.name || model == Self.legacyModelType else {
            throw fail("this checkpoint holds a '\(model)' model, not the '\(architecture.name)' network it describes")
        }
        var layers: Sequential
        do {
            // Each parameter must be in the file with its shape before it is allocated: a header
            // describing a huge network cannot make the loader allocate more than the file holds.
            layers = try architecture.makeNetwork(seed: 0) { name, shape in
                guard let saved = file.tensors[name] else { throw fail("tensor '\(name)' is missing") }
                guard saved.shape == shape else {
                    throw fail("tensor '\(name)' has shape \(saved.shape), the architecture needs \(shape)")
                }
            }
        } catch let TrainingError.invalidCheckpoint(path, reason) {
            throw TrainingError.invalidCheckpoint(path: path, reason: reason)
        } catch {
            throw fail("the recorded architecture is invalid: \(error)")
        }
        var expected = Set<String>()
        layers.updateParameters { parameter in
            expected.insert(parameter.name)
            parameter.value = file.tensors[parameter.name]!  // present, with this shape: checked above
        }
        let extra = file.tensors.keys.filter { !expected.contains($0) && !$0.hasPrefix(Self.optimizerPrefix) }
        guard extra.isEmpty else {
            throw fail("unexpected tensors \(extra.sorted()) for architecture '\(architecture.name)'")
        }
        network = NeuralNetwork(architecture: architecture, layers: layers)

        if let trainingJSON = file.metadata[ModelFileKey.training] {
            guard let state = try? JSONDecoder().decode(TrainingState.self, from: Data(trainingJSON.utf8)) else {
                throw fail("the metadata's \(ModelFileKey.training) is unreadable")
            }
            var optimizerState = [String: Tensor]()
            for (name, tensor) in file.tensors where name.hasPrefix(Self.optimizerPrefix) {
                optimizerState[String(name.dropFirst(Self.optimizerPrefix.count))] = tensor
            }
            // An exported model keeps its history but not the optimizer state: it cannot be resumed.
            if !optimizerState.isEmpty {
                do {
                    optimizer = try Optimizer(
                        rule: state.configuration.optimizer, steps: state.optimizerSteps,
                        state: optimizerState, for: layers)
                } catch {
                    throw fail("\(error)")
                }
            }
            training = state
        }
    }
}
