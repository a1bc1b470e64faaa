import DigitsCompute

/// Reshapes `[batch, d1, d2, …]` to `[batch, d1·d2·…]`, keeping the row-major order: after an NCHW
/// convolution the features are ordered channel, row, column (as `torch.flatten` does).
public struct Flatten: Layer {
    private var inputShape: [Int] = []

    public init() {}

    public func outputShape(for inputShape: [Int]) throws -> [Int] { [Tensor.count(of: inputShape)] }

    public mutating func forward(_ input: Tensor, mode: Mode, context: inout LayerContext) -> Tensor {
        inputShape = input.shape
        return input.reshaped(to: [input.shape[0], Tensor.count(of: Array(input.shape.dropFirst()))])
    }

    public mutating func backward(_ outputGradient: Tensor, needsInputGradient: Bool, context: inout LayerContext)
        -> Tensor?
    {
        needsInputGradient ? outputGradient.reshaped(to: inputShape) : nil
    }
}
