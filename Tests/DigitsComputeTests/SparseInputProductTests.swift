import DigitsCompute
import DigitsTestSupport
import Testing

/// The product over nonzero inputs only, against its naive twin: the full sum over every input.
@Suite struct SparseInputProductTests {
    /// Inputs with a share of zeros from none to all, output widths that are and are not whole
    /// vectors, one row and several.
    @Test(arguments: [0.0, 0.5, 0.8, 1.0], [(1, 37, 256), (3, 100, 21), (5, 64, 1)])
    func matchesTheFullSum(zeroShare: Double, shape: (count: Int, k: Int, n: Int)) {
        let (count, k, n) = shape
        var rng = SplitMix64(seed: 21)
        let x = (0..<(count * k)).map { _ in
            Double.random(in: 0..<1, using: &rng) < zeroShare ? 0 : Float.random(in: -1...1, using: &rng)
        }
        let rows = (0..<(k * n)).map { _ in Float.random(in: -1...1, using: &rng) }
        let start = (0..<(count * n)).map { _ in Float.random(in: -1...1, using: &rng) }
        var expected = start
        for r in 0..<count {
            for j in 0..<n {
                for p in 0..<k { expected[r * n + j] += x[r * k + p] * rows[p * n + j] }
            }
        }
        var y = start
        x.withUnsafeBufferPointer { x in
            rows.withUnsafeBufferPointer { rows in
                y.withUnsafeMutableBufferPointer { y in
                    SparseInputProduct.accumulate(
                        x: x.baseAddress!, count: count, k: k, rows: rows.baseAddress!, n: n, into: y.baseAddress!)
                }
            }
        }
        expectClose(y, expected, absolute: 1e-5)
    }
}
