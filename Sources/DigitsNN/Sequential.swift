import DigitsCompute

/// Layers applied one after another. `forward` gives logits; `backward` takes ∂loss/∂logits and
/// leaves every parameter's gradient accumulated (`zeroGradients` clears them; an optimizer step
/// leaves them cleared).
/// A sequential network is itself a layer, so everything checked for one layer holds for a network.
public struct Sequential: Layer {
    public var layers: [any Layer]

    public init(_ layers: [any Layer]) {
        self.layers = layers
    }

    public mutating func forward(_ input: Tensor, mode: Mode, context: inout LayerContext) -> Tensor {
        var x = input
        var index = layers.startIndex
        while index < layers.endIndex {
            if let (convolution, activation) = fusedPair(at: index) {
                var (convolution, activation) = (convolution, activation)
                x = convolution.forward(x, mode: mode, activation: activation.function, context: &context)
                activation.adoptFusedOutput(x, mode: mode)
                (layers[index], layers[index + 1]) = (convolution, activation)
                index += 2
            } else {
                x = layers[index].forward(x, mode: mode, context: &context)
                index += 1
            }
        }
        return x
    }

    /// A convolution and the activation right after it, which run as one pass: the activation is
    /// applied to each image's convolution output while it is in cache, and its derivative to each
    /// image's gradient just before the convolution's products use it, instead of two more passes
    /// over the whole batch. The unfused layers compute the same values (tested).
    private func fusedPair(at index: Int) -> (Conv2D, Activation)? {
        guard index + 1 < layers.endIndex, let convolution = layers[index] as? Conv2D,
            let activation = layers[index + 1] as? Activation
        else { return nil }
        return (convolution, activation)
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        try layers.reduce(inputShape) { try $1.outputShape(for: $0) }
    }

    /// Backpropagates through every layer; the first layer computes its input gradient only when
    /// `needsInputGradient` (a network's input is data: nothing uses its gradient).
    public mutating func backward(
        _ outputGradient: Tensor, needsInputGradient: Bool = false, context: inout LayerContext
    )
        -> Tensor?
    {
        var gradient = outputGradient
        var index = layers.endIndex - 1
        while index >= layers.startIndex {
            let next: Tensor?
            if index > layers.startIndex, let (convolution, activation) = fusedPair(at: index - 1) {
                var convolution = convolution
                next = convolution.backward(
                    gradient, activation: (activation.function, activation.trainingOutput),
                    needsInputGradient: index - 1 > 0 || needsInputGradient, context: &context)
                layers[index - 1] = convolution
                index -= 2
            } else {
                next = layers[index].backward(
                    gradient, needsInputGradient: index > 0 || needsInputGradient, context: &context)
                index -= 1
            }
            guard let next else { return nil }
            gradient = next
        }
        return gradient
    }

    /// Visits every parameter of every layer in place, in network order.
    public mutating func updateParameters(_ body: (inout Parameter) throws -> Void) rethrows {
        for index in layers.indices { try layers[index].updateParameters(body) }
    }

    public mutating func zeroGradients() {
        updateParameters { parameter in
            parameter.gradient.scalars.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
    }
}
