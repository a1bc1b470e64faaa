import DigitsCompute
import Synchronization

/// Fully connected layer: `y = x · Wᵀ + b`.
///
/// - `x`: `[batch, inputCount]`, row-major
/// - `W`: `[outputCount, inputCount]`, one row per output unit (PyTorch's layout; Keras stores `Wᵀ`)
/// - `b`: `[outputCount]`
///
/// Backward: `∂W += ∂Yᵀ · x`, `∂b += Σ_batch ∂Y`, `∂x = ∂Y · W` — three GEMMs on the backend.
/// Weights start Glorot-uniform, biases at 0.
public struct Dense: Layer {
    public let inputCount: Int
    public let outputCount: Int
    /// Any change to the weights (an optimizer step, a checkpoint loaded) drops their transpose.
    public var weight: Parameter { didSet { inputMajor = InputMajorWeights() } }
    public var bias: Parameter
    private var input = Tensor(zeros: [0, 0])
    /// The weights one row per input, made on the first inference on a few images and shared by
    /// the copies of this layer (`NeuralNetwork` copies its layers for every call).
    private var inputMajor = InputMajorWeights()

    /// Inference on at most this many images reads only the weights of the nonzero inputs
    /// (`SparseInputProduct`); larger batches are one matrix product. For the paper CNN's first
    /// dense layer on one core, alone: 0.076 ms for one image against 0.15 for the matrix-vector
    /// product, 0.55 against 1.4–2.2 ms for 8, 1.2–1.4 against 1.6–2.5 for 16, and 2.5–3.0
    /// against 2.1–3.4 for 32.
    static let sparseBatchLimit = 16

    public init(name: String, inputCount: Int, outputCount: Int, using rng: inout SplitMix64) {
        precondition(inputCount > 0 && outputCount > 0, "Dense \(name): invalid sizes \(inputCount)→\(outputCount)")
        self.inputCount = inputCount
        self.outputCount = outputCount
        let (weightSpec, biasSpec) = Self.parameterShapes(name: name, inputCount: inputCount, outputCount: outputCount)
        weight = Parameter(
            name: weightSpec.name,
            value: glorotUniform(shape: weightSpec.shape, fanIn: inputCount, fanOut: outputCount, using: &rng))
        bias = Parameter(name: biasSpec.name, value: Tensor(zeros: biasSpec.shape))
    }

    /// The names and shapes of the weight and bias, known before anything is allocated.
    public static func parameterShapes(name: String, inputCount: Int, outputCount: Int)
        -> (weight: (name: String, shape: [Int]), bias: (name: String, shape: [Int]))
    {
        (("\(name).weight", [outputCount, inputCount]), ("\(name).bias", [outputCount]))
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape == [inputCount] else {
            throw ComputeError.shapeMismatch(
                operation: "Dense", detail: "expects [\(inputCount)] per sample, got \(inputShape)")
        }
        return [outputCount]
    }

    public mutating func forward(_ input: Tensor, mode: Mode, context: inout LayerContext) -> Tensor {
        precondition(
            input.rank == 2 && input.shape[1] == inputCount, "Dense expects [batch, \(inputCount)], got \(input.shape)")
        let batch = input.shape[0]
        var output = Tensor(shape: [batch, outputCount]) { y in
            for row in 0..<batch {
                for j in 0..<outputCount { y[row * outputCount + j] = bias.value.scalars[j] }
            }
        }
        // y ← x · Wᵀ + y (y holds the broadcast bias).
        if mode == .inference && batch <= Self.sparseBatchLimit {
            let rows = inputMajor.rows(of: weight.value)
            input.scalars.withUnsafeBufferPointer { x in
                rows.withUnsafeBufferPointer { rows in
                    output.scalars.withUnsafeMutableBufferPointer { y in
                        SparseInputProduct.accumulate(
                            x: x.baseAddress!, count: batch, k: inputCount, rows: rows.baseAddress!, n: outputCount,
                            into: y.baseAddress!)
                    }
                }
            }
        } else {
            gemm(
                context.backend, GEMMDimensions(transposeB: true, m: batch, n: outputCount, k: inputCount),
                input.scalars, weight.value.scalars, beta: 1, into: &output.scalars)
        }
        if mode == .training { self.input = input }
        return output
    }

    public mutating func backward(_ outputGradient: Tensor, needsInputGradient: Bool, context: inout LayerContext)
        -> Tensor?
    {
        let batch = input.shape[0]
        precondition(
            outputGradient.shape == [batch, outputCount],
            "Dense backward: gradient \(outputGradient.shape), expected [\(batch), \(outputCount)]")
        gemm(
            context.backend, GEMMDimensions(transposeA: true, m: outputCount, n: inputCount, k: batch),
            outputGradient.scalars, input.scalars, beta: 1, into: &weight.gradient.scalars)
        for row in 0..<batch {
            for j in 0..<outputCount { bias.gradient.scalars[j] += outputGradient.scalars[row * outputCount + j] }
        }
        guard needsInputGradient else { return nil }
        var inputGradient = Tensor(shape: [batch, inputCount]) { _ in }
        gemm(
            context.backend, GEMMDimensions(m: batch, n: inputCount, k: outputCount),
            outputGradient.scalars, weight.value.scalars, beta: 0, into: &inputGradient.scalars)
        return inputGradient
    }

    public mutating func updateParameters(_ body: (inout Parameter) throws -> Void) rethrows {
        try body(&weight)
        try body(&bias)
    }
}

/// A dense layer's weights `[outputCount, inputCount]` transposed to one row per input, made once
/// under a lock, as the server's requests share one network.
private final class InputMajorWeights: Sendable {
    private let made = Mutex<[Float]?>(nil)

    func rows(of weight: Tensor) -> [Float] {
        made.withLock { rows in
            if let rows { return rows }
            let transpose = transposed(weight.scalars, rowCount: weight.shape[0], columnCount: weight.shape[1])
            rows = transpose
            return transpose
        }
    }
}

/// `C ← A·B + β·C` on whole arrays whose sizes the caller has matched to `dimensions`.
func gemm(
    _ backend: any ComputeBackend, _ dimensions: GEMMDimensions, _ a: [Float], _ b: [Float], beta: Float,
    into c: inout [Float]
) {
    precondition(
        a.count >= dimensions.requiredCountA && b.count >= dimensions.requiredCountB
            && c.count >= dimensions.requiredCountC, "gemm operands too small for \(dimensions)")
    guard dimensions.m > 0, dimensions.n > 0 else { return }
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            c.withUnsafeMutableBufferPointer { c in
                backend.gemm(dimensions, alpha: 1, a: a.baseAddress!, b: b.baseAddress!, beta: beta, c: c.baseAddress!)
            }
        }
    }
}
