import DigitsCompute
import DigitsTestSupport
import Testing

@testable import DigitsNN

/// `Sequential` runs a convolution and the activation after it as one pass; its naive twin is the
/// two layers run one after the other. Both must give the same output and gradients, bit for bit.
@Suite struct FusedActivationTests {
    struct Pass: Equatable {
        let output, inputGradient, weightGradient, biasGradient: [Float]
    }

    static func layers(_ function: ActivationFunction) -> (Conv2D, Activation) {
        var rng = SplitMix64(seed: 8)
        var convolution = Conv2D(name: "c", inputChannels: 3, outputChannels: 4, kernelSize: 3, padding: 1, using: &rng)
        convolution.bias.value = Tensor.random(shape: [4], using: &rng)
        return (convolution, Activation(function))
    }

    static let input: Tensor = {
        var rng = SplitMix64(seed: 9)
        return Tensor.random(shape: [3, 3, 8, 7], using: &rng)
    }()

    static let outputGradient: Tensor = {
        var rng = SplitMix64(seed: 10)
        return Tensor.random(shape: [3, 4, 8, 7], using: &rng)
    }()

    @Test(arguments: ActivationFunction.allCases, ConvolutionAlgorithm.allCases)
    func fusedEqualsLayerByLayer(function: ActivationFunction, convolution: ConvolutionAlgorithm) {
        let backend = BLASBackend(threads: 2, convolution: convolution)
        let (conv, activation) = Self.layers(function)

        var network = Sequential([conv, activation])
        var context = LayerContext(backend: backend)
        let fusedOutput = network.forward(Self.input, mode: .training, context: &context)
        let fusedInputGradient = network.backward(Self.outputGradient, needsInputGradient: true, context: &context)!
        let fusedConvolution = network.layers[0] as! Conv2D
        let fused = Pass(
            output: fusedOutput.scalars, inputGradient: fusedInputGradient.scalars,
            weightGradient: fusedConvolution.weight.gradient.scalars,
            biasGradient: fusedConvolution.bias.gradient.scalars)

        var (separateConvolution, separateActivation) = (conv, activation)
        context = LayerContext(backend: backend)
        let hidden = separateConvolution.forward(Self.input, mode: .training, context: &context)
        let output = separateActivation.forward(hidden, mode: .training, context: &context)
        let hiddenGradient = separateActivation.backward(
            Self.outputGradient, needsInputGradient: true, context: &context)!
        let inputGradient = separateConvolution.backward(hiddenGradient, needsInputGradient: true, context: &context)!
        let separate = Pass(
            output: output.scalars, inputGradient: inputGradient.scalars,
            weightGradient: separateConvolution.weight.gradient.scalars,
            biasGradient: separateConvolution.bias.gradient.scalars)

        #expect(fused == separate)
        // The activation did something: some outputs were changed by it.
        #expect(output.scalars != hidden.scalars)
    }
}
