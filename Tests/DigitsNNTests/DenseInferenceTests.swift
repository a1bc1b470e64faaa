import DigitsCompute
import DigitsTestSupport
import Testing

@testable import DigitsNN

/// Inference on a few images reads only the weights of their nonzero inputs, from a transpose of the
/// weights made once; its naive twin is the matrix product that larger batches use.
@Suite struct DenseInferenceTests {
    static func layer() -> Dense {
        var rng = SplitMix64(seed: 30)
        var dense = Dense(name: "d", inputCount: 300, outputCount: 40, using: &rng)
        dense.bias.value = Tensor.random(shape: [40], using: &rng)
        return dense
    }

    /// 40 images of ReLU-like inputs (about two thirds zeros), so the whole batch takes the matrix
    /// product and each image alone the sparse path.
    static let inputs: Tensor = {
        var rng = SplitMix64(seed: 31)
        let values = Tensor.random(shape: [40, 300], in: -2...1, using: &rng).scalars
        return Tensor(shape: [40, 300], scalars: values.map { max(0, $0) })
    }()

    static func forward(_ dense: inout Dense, _ rows: Range<Int>) -> [Float] {
        var context = LayerContext(backend: ComputeBackendKind.swift.makeBackend(threads: 1))
        let input = Tensor(
            shape: [rows.count, 300], scalars: Array(inputs.scalars[(rows.lowerBound * 300)..<(rows.upperBound * 300)]))
        return dense.forward(input, mode: .inference, context: &context).scalars
    }

    @Test func aFewImagesMatchTheMatrixProduct() {
        #expect(40 > Dense.sparseBatchLimit)
        var dense = Self.layer()
        let batched = Self.forward(&dense, 0..<40)
        let single = (0..<40).flatMap { Self.forward(&dense, $0..<($0 + 1)) }
        expectClose(single, batched, absolute: 1e-5)
        let fours = stride(from: 0, to: 40, by: 4).flatMap { Self.forward(&dense, $0..<($0 + 4)) }
        expectClose(fours, batched, absolute: 1e-5)
    }

    /// The transpose is made on first use; weights changed after it (an optimizer step) must be
    /// the ones used, in the layer and in a copy made before the change.
    @Test func changedWeightsAreNeverReadFromAnOldTranspose() {
        var dense = Self.layer()
        let before = Self.forward(&dense, 0..<1)
        var copy = dense
        dense.updateParameters { parameter in
            parameter.value.scalars = parameter.value.scalars.map { $0 + 0.5 }
        }
        let after = Self.forward(&dense, 0..<1)
        let expected = Self.forward(&dense, 0..<40).prefix(40)
        #expect(after != before)
        expectClose(after, Array(expected), absolute: 1e-5)
        expectClose(Self.forward(&copy, 0..<1), before, absolute: 0)
    }
}
