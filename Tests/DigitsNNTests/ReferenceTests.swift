import DigitsCompute
import DigitsData
import DigitsModelCore
import DigitsTestSupport
import Foundation
import Testing

@testable import DigitsNN

/// Our forward and backward against PyTorch, and our optimizers against `torch.optim`.
/// Fixtures: `Fixtures/make_reference.py` (PyTorch, float64, stored as float32).
@Suite struct ReferenceTests {
    static func fixture(_ name: String) throws -> [String: Tensor] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Fixtures/\(name)"
        ).path
        return try Safetensors.read(from: path).tensors
    }

    /// The paper CNN's layers on 8×8 inputs, without dropout (PyTorch's masks come from another generator).
    static let architecture = NetworkArchitecture(
        name: "reference", inputShape: [1, 8, 8], classCount: 10,
        layers: [
            .conv2D(filters: 32, kernelSize: 3, stride: 1, padding: 0), .activation(.relu),
            .conv2D(filters: 64, kernelSize: 3, stride: 1, padding: 0), .activation(.relu),
            .maxPool2D(size: 2), .flatten, .dense(units: 256), .activation(.relu), .dense(units: 10),
        ])

    @Test(arguments: ComputeBackendKind.allCases)
    func cnnMatchesPyTorch(backend: ComputeBackendKind) throws {
        let reference = try Self.fixture("cnn_reference.safetensors")
        var network = try Self.architecture.makeNetwork(seed: 0)
        try network.updateParameters { parameter in
            let saved = try #require(reference[parameter.name], "fixture lacks \(parameter.name)")
            #expect(saved.shape == parameter.value.shape, "\(parameter.name)")
            parameter.value = saved
        }
        var context = LayerContext(backend: backend.makeBackend(threads: 2))
        let input = try #require(reference["input"])
        let labels = try #require(reference["labels"]).scalars.map { Int($0) }
        let logits = network.forward(input, mode: .training, context: &context)
        expectClose(logits.scalars, try #require(reference["logits"]).scalars, absolute: 1e-5, relative: 1e-4)

        let result = SoftmaxCrossEntropy.evaluate(logits: logits, labels: labels)
        let loss = Double(try #require(reference["loss"]).scalars[0])
        #expect(abs(result.loss - loss) <= 1e-4 * loss, "loss \(result.loss) vs PyTorch \(loss)")

        network.zeroGradients()
        _ = network.backward(result.gradient, context: &context)
        for parameter in network.parameters {
            let expected = try #require(reference["gradient.\(parameter.name)"])
            let scale = expected.scalars.map(abs).max() ?? 1
            // 1e-4 relative to each element, plus 1e-5 of the tensor's largest gradient for elements near 0.
            expectClose(parameter.gradient.scalars, expected.scalars, absolute: 1e-5 * scale, relative: 1e-4)
        }
    }

    @Test(arguments: ["sgd", "adadelta", "adam"])
    func optimizerMatchesTorch(name: String) throws {
        let reference = try Self.fixture("optimizer_reference.safetensors")
        let rule: OptimizerRule =
            switch name {
            case "sgd": .sgd(learningRate: 0.1, momentum: 0.9)
            case "adadelta": .paperAdadelta
            default: .adam(learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7)
            }
        var optimizer = Optimizer(rule: rule)
        var network = Sequential([Bias(value: try #require(reference["start"]))])
        for step in 1...3 {
            let gradient = try #require(reference["gradient\(step)"])
            network.updateParameters { $0.gradient = gradient }
            optimizer.step(&network)
            let expected = try #require(reference["\(name).step\(step)"])
            expectClose(network.parameters[0].value.scalars, expected.scalars, absolute: 1e-6, relative: 1e-5)
        }
    }
}

/// A bare parameter for optimizer tests.
private struct Bias: Layer {
    var parameter: Parameter
    init(value: Tensor) { parameter = Parameter(name: "p", value: value) }
    func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }
    mutating func forward(_ input: Tensor, mode: Mode, context: inout LayerContext) -> Tensor { input }
    mutating func backward(_ outputGradient: Tensor, needsInputGradient: Bool, context: inout LayerContext) -> Tensor? {
        nil
    }
    mutating func updateParameters(_ body: (inout Parameter) throws -> Void) rethrows { try body(&parameter) }
}
