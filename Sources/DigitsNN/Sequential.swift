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
            if let run = fusedRun(at: index) {
                var (convolution, activation, pool) = (run.convolution, run.activation, run.pool)
                x = convolution.forward(x, mode: mode, activation: activation?.function, pool: &pool, context: &context)
                layers[index] = convolution
                if let activation {
                    var activation = activation
                    // Pooled, the activation's output is never whole: the pool keeps its pooled part.
                    activation.adoptFusedOutput(pool == nil ? x : Tensor(zeros: [0]), mode: mode)
                    layers[index + 1] = activation
                }
                if let pool { layers[index + run.count - 1] = pool }
                index += run.count
            } else {
                x = layers[index].forward(x, mode: mode, context: &context)
                index += 1
            }
        }
        return x
    }

    /// A convolution and the activation and max-pool right after it (either or both), which run as
    /// one pass: each image's convolution output is activated and pooled while it is in cache, and
    /// in backward the gradient is routed back through them image by image just before the
    /// convolution's products use it, instead of more passes over the whole batch
    /// (`ConvolutionEpilogue`). The unfused layers compute the same values (tested).
    private func fusedRun(at index: Int) -> FusedRun? {
        guard let convolution = layers[index] as? Conv2D else { return nil }
        var next = index + 1
        let activation = next < layers.endIndex ? layers[next] as? Activation : nil
        if activation != nil { next += 1 }
        let pool = next < layers.endIndex ? layers[next] as? MaxPool2D : nil
        if pool != nil { next += 1 }
        guard next - index > 1 else { return nil }
        return FusedRun(convolution: convolution, activation: activation, pool: pool, count: next - index)
    }

    /// The layers `fusedRun` found, and how many there are.
    private struct FusedRun {
        let convolution: Conv2D
        let activation: Activation?
        let pool: MaxPool2D?
        let count: Int
    }

    /// The fused run that ends at `index`, if any.
    private func fusedRun(endingAt index: Int) -> (start: Int, run: FusedRun)? {
        for start in stride(from: index, through: max(layers.startIndex, index - 2), by: -1) {
            if let run = fusedRun(at: start), start + run.count - 1 == index { return (start, run) }
        }
        return nil
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
            if let (start, run) = fusedRun(endingAt: index) {
                var convolution = run.convolution
                // The activation's output, or its pooled part when a pool kept it.
                let activation = run.activation.map { ($0.function, run.pool?.trainingOutput ?? $0.trainingOutput) }
                next = convolution.backward(
                    gradient, activation: activation, pool: run.pool,
                    needsInputGradient: start > 0 || needsInputGradient, context: &context)
                layers[start] = convolution
                index = start - 1
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
