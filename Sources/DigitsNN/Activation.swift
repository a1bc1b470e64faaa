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
}

/// An activation layer: `y = f(x)` element-wise, `∂x = ∂y · f′(x)`.
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
                parallelChunks(x.count, threads: x.count >= 1 << 16 ? context.threads : 1) { range in
                    // One loop per function so each compiles to straight vector code.
                    switch function {
                    case .relu: for i in range { y[i] = max(x[i], 0) }
                    case .sigmoid: for i in range { y[i] = ActivationFunction.sigmoid.apply(x[i]) }
                    case .tanh: for i in range { y[i] = ActivationFunction.tanh.apply(x[i]) }
                    }
                }
            }
        }
        if mode == .training { output = y }
        return y
    }

    public mutating func backward(_ outputGradient: Tensor, needsInputGradient: Bool, context: inout LayerContext)
        -> Tensor?
    {
        guard needsInputGradient else { return nil }
        precondition(outputGradient.shape == output.shape, "Activation backward without a matching forward pass")
        let function = function
        let inputGradient = output.scalars.withUnsafeBufferPointer { y in
            outputGradient.scalars.withUnsafeBufferPointer { dy in
                Tensor(shape: outputGradient.shape) { dx in
                    switch function {
                    case .relu: for i in dx.indices { dx[i] = y[i] > 0 ? dy[i] : 0 }
                    case .sigmoid, .tanh: for i in dx.indices { dx[i] = dy[i] * function.derivative(output: y[i]) }
                    }
                }
            }
        }
        return inputGradient
    }
}
