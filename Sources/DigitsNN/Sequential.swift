import DigitsCompute

/// Layers applied one after another. `forward` gives logits; `backward` takes ∂loss/∂logits and
/// leaves every parameter's gradient accumulated (call `zeroGradients` before each batch).
/// A sequential network is itself a layer, so everything checked for one layer holds for a network.
public struct Sequential: Layer {
    public var layers: [any Layer]

    public init(_ layers: [any Layer]) {
        self.layers = layers
    }

    public mutating func forward(_ input: Tensor, mode: Mode, context: inout LayerContext) -> Tensor {
        var x = input
        for index in layers.indices { x = layers[index].forward(x, mode: mode, context: &context) }
        return x
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
        for index in layers.indices.reversed() {
            guard
                let next = layers[index].backward(
                    gradient, needsInputGradient: index > 0 || needsInputGradient, context: &context)
            else { return nil }
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
