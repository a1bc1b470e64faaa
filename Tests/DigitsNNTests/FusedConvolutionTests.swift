import DigitsCompute
import DigitsTestSupport
import Testing

@testable import DigitsNN

/// `Sequential` runs a convolution and the activation and max-pool after it as one pass; its naive
/// twin is the layers run one after the other. Both must give the same output and gradients, bit
/// for bit.
@Suite struct FusedConvolutionTests {
    struct Pass: Equatable {
        let output, inputGradient, weightGradient, biasGradient: [Float]
    }

    /// What follows the convolution.
    enum Tail: CaseIterable {
        case activation, activationAndPool, pool

        func layers(_ function: ActivationFunction) -> [any Layer] {
            switch self {
            case .activation: [Activation(function)]
            case .activationAndPool: [Activation(function), MaxPool2D(size: 2)]
            case .pool: [MaxPool2D(size: 2)]
            }
        }
    }

    /// Input shapes: pooled 4 × 3 windows (the scalar pool, a trailing column dropped), and 4 × 9 (the
    /// vector pool, its last eight windows computed twice; a trailing row and column dropped).
    static let inputShapes = [[3, 3, 8, 7], [2, 3, 9, 19]]

    static func convolution() -> Conv2D {
        var rng = SplitMix64(seed: 8)
        var convolution = Conv2D(name: "c", inputChannels: 3, outputChannels: 4, kernelSize: 3, padding: 1, using: &rng)
        convolution.bias.value = Tensor.random(shape: [4], using: &rng)
        return convolution
    }

    @Test(arguments: ActivationFunction.allCases, ConvolutionAlgorithm.allCases)
    func fusedEqualsLayerByLayer(function: ActivationFunction, algorithm: ConvolutionAlgorithm) throws {
        let backend = BLASBackend(threads: 2, convolution: algorithm)
        for shape in Self.inputShapes {
            var rng = SplitMix64(seed: 9)
            let input = Tensor.random(shape: shape, using: &rng)
            for tail in Tail.allCases {
                let layers = [Self.convolution()] + tail.layers(function)
                let outputShape = try Sequential(layers).outputShape(for: Array(shape.dropFirst()))
                let outputGradient = Tensor.random(shape: [shape[0]] + outputShape, using: &rng)

                var network = Sequential(layers)
                var context = LayerContext(backend: backend)
                let fusedOutput = network.forward(input, mode: .training, context: &context)
                let fusedInputGradient = network.backward(outputGradient, needsInputGradient: true, context: &context)!
                let fusedConvolution = network.layers[0] as! Conv2D
                let fused = Pass(
                    output: fusedOutput.scalars, inputGradient: fusedInputGradient.scalars,
                    weightGradient: fusedConvolution.weight.gradient.scalars,
                    biasGradient: fusedConvolution.bias.gradient.scalars)

                var separateLayers = layers
                context = LayerContext(backend: backend)
                var outputs = [input]
                for index in separateLayers.indices {
                    outputs.append(separateLayers[index].forward(outputs.last!, mode: .training, context: &context))
                }
                var gradient = outputGradient
                for index in separateLayers.indices.reversed() {
                    gradient = separateLayers[index].backward(gradient, needsInputGradient: true, context: &context)!
                }
                let separateConvolution = separateLayers[0] as! Conv2D
                let separate = Pass(
                    output: outputs.last!.scalars, inputGradient: gradient.scalars,
                    weightGradient: separateConvolution.weight.gradient.scalars,
                    biasGradient: separateConvolution.bias.gradient.scalars)

                #expect(fused == separate, "\(tail) after a convolution of \(shape)")
                // Every layer after the convolution did something: each changed its input.
                for index in 2..<outputs.count {
                    #expect(outputs[index].scalars != outputs[index - 1].scalars, "\(tail): layer \(index - 1)")
                }
            }
        }
    }
}
