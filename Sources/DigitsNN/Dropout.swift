import DigitsCompute

/// Inverted dropout (Srivastava et al., 2014, as Keras and PyTorch implement it): in training each
/// activation is zeroed with probability `rate` and the survivors are scaled by `1 / (1 − rate)`, so
/// inference is the identity. The mask is drawn from the context's generator.
public struct Dropout: Layer {
    public let rate: Float
    private var mask: [Float] = []

    public init(rate: Float) {
        precondition((0..<1).contains(rate), "dropout rate must be in [0, 1), got \(rate)")
        self.rate = rate
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }

    public mutating func forward(_ input: Tensor, mode: Mode, context: inout LayerContext) -> Tensor {
        guard mode == .training, rate > 0 else { return input }
        let scale = 1 / (1 - rate)
        // Keep when a 32-bit uniform draw is ≥ rate·2³²; one 64-bit draw serves two activations.
        let threshold = UInt64((Double(rate) * 4_294_967_296).rounded())
        if mask.count != input.count { mask = [Float](repeating: 0, count: input.count) }
        let output = input.scalars.withUnsafeBufferPointer { x in
            mask.withUnsafeMutableBufferPointer { mask in
                Tensor(shape: input.shape) { y in
                    var i = 0
                    while i < y.count {
                        let bits = context.rng.next()
                        for half in 0..<2 where i + half < y.count {
                            let keep = (half == 0 ? bits & 0xFFFF_FFFF : bits >> 32) >= threshold
                            mask[i + half] = keep ? scale : 0
                            y[i + half] = x[i + half] * mask[i + half]
                        }
                        i += 2
                    }
                }
            }
        }
        return output
    }

    public mutating func backward(_ outputGradient: Tensor, needsInputGradient: Bool, context: inout LayerContext)
        -> Tensor?
    {
        guard needsInputGradient else { return nil }
        guard rate > 0 else { return outputGradient }
        precondition(mask.count == outputGradient.count, "Dropout backward without a matching training forward pass")
        let inputGradient = outputGradient.scalars.withUnsafeBufferPointer { dy in
            mask.withUnsafeBufferPointer { mask in
                Tensor(shape: outputGradient.shape) { dx in
                    for i in dx.indices { dx[i] = dy[i] * mask[i] }
                }
            }
        }
        return inputGradient
    }
}
