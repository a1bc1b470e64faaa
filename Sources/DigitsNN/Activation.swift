import DigitsCompute
import Foundation

/// The element-wise non-linearities the paper compares. Each derivative is written in terms of the
/// output `y`, so backward needs only what forward produced.
public enum ActivationFunction: String, Codable, Sendable, CaseIterable {
    case relu
    case sigmoid
    case tanh

    /// The usual spelling: ReLU, sigmoid, tanh.
    public var displayName: String { self == .relu ? "ReLU" : rawValue }

    @inline(__always)
    func apply(_ x: Float) -> Float {
        switch self {
        case .relu: max(x, 0)
        case .sigmoid: 1 / (1 + Foundation.exp(-x))
        case .tanh: Foundation.tanh(x)
        }
    }

    /// dy/dx as a function of y: ReLU 1 where y > 0 (0 at the kink, as Keras and PyTorch take it),
    /// sigmoid y·(1 − y), tanh 1 − y².
    @inline(__always)
    func derivative(output y: Float) -> Float {
        switch self {
        case .relu: y > 0 ? 1 : 0
        case .sigmoid: y * (1 - y)
        case .tanh: 1 - y * y
        }
    }

    /// `∂x = ∂y·f′`, with f′ from the output `y`.
    @inline(__always)
    func backpropagate(_ dy: Float, output y: Float) -> Float {
        switch self {
        case .relu: y > 0 ? dy : 0
        case .sigmoid, .tanh: dy * derivative(output: y)
        }
    }
}

extension ActivationFunction {
    /// `y[i] = f(x[i])` for `count` scalars; `x` and `y` may be the same buffer. One loop per function
    /// so each compiles to straight vector code.
    func apply(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .relu: for i in 0..<count { y[i] = max(x[i], 0) }
        case .sigmoid: for i in 0..<count { y[i] = ActivationFunction.sigmoid.apply(x[i]) }
        case .tanh: for i in 0..<count { y[i] = ActivationFunction.tanh.apply(x[i]) }
        }
    }

    /// `∂x[i] = ∂y[i]·f′`, with f′ from the output `y[i]`; `dy` and `dx` may be the same buffer.
    func backpropagate(
        _ dy: UnsafePointer<Float>, output y: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>, count: Int
    ) {
        switch self {
        case .relu: for i in 0..<count { dx[i] = ActivationFunction.relu.backpropagate(dy[i], output: y[i]) }
        case .sigmoid, .tanh: for i in 0..<count { dx[i] = backpropagate(dy[i], output: y[i]) }
        }
    }
}

/// An activation layer: `y = f(x)` element-wise, `∂x = ∂y · f′(x)`.
///
/// After a convolution, `Sequential` fuses it into the convolution's per-image loop instead
/// (`Conv2D.forward(_:mode:activation:pool:context:)`), and this layer only keeps the output for
/// backward, or nothing when a max-pool follows (the pool keeps its pooled part).
public struct Activation: Layer {
    public let function: ActivationFunction
    private var output = Tensor(zeros: [0])

    public init(_ function: ActivationFunction) {
        self.function = function
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }

    public mutating func forward(_ input: Tensor, mode: Mode, context: inout LayerContext) -> Tensor {
        let function = function
        let y = input.scalars.withUnsafeBufferPointer { x in
            Tensor(shape: input.shape) { y in
                parallelChunks(x.count, threads: threadsWorthWaking(context.threads, forElements: x.count)) { range in
                    guard !range.isEmpty else { return }
                    function.apply(
                        x.baseAddress! + range.lowerBound, into: y.baseAddress! + range.lowerBound, count: range.count)
                }
            }
        }
        if mode == .training { output = y }
        return y
    }

    /// The output of a convolution that applied this activation itself (fused), kept for backward.
    mutating func adoptFusedOutput(_ y: Tensor, mode: Mode) {
        output = mode == .training ? y : Tensor(zeros: [0])
    }

    /// The output kept from the last training pass.
    var trainingOutput: Tensor { output }

    public mutating func backward(_ outputGradient: Tensor, needsInputGradient: Bool, context: inout LayerContext)
        -> Tensor?
    {
        guard needsInputGradient else { return nil }
        precondition(outputGradient.shape == output.shape, "Activation backward without a matching forward pass")
        let function = function
        let inputGradient = output.scalars.withUnsafeBufferPointer { y in
            outputGradient.scalars.withUnsafeBufferPointer { dy in
                Tensor(shape: outputGradient.shape) { dx in
                    guard !dx.isEmpty else { return }
                    function.backpropagate(
                        dy.baseAddress!, output: y.baseAddress!, into: dx.baseAddress!, count: dx.count)
                }
            }
        }
        return inputGradient
    }
}
