import DigitsCompute
import Testing

@Suite("LAPACKE symmetric eigen-decomposition")
struct SymmetricEigenTests {
    @Test func knownTwoByTwo() throws {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3, eigenvectors (1, −1)/√2 and (1, 1)/√2.
        let eigen = try SymmetricEigen(symmetric: [2, 1, 1, 2], order: 2)
        #expect(abs(eigen.values[0] - 1) < 1e-6 && abs(eigen.values[1] - 3) < 1e-6)
        let v = eigen.vectors  // column j is the eigenvector of values[j]
        let s = Float(0.5).squareRoot()
        #expect(abs(abs(v[0]) - s) < 1e-6 && abs(v[0] + v[2]) < 1e-6)  // (1, −1)/√2 up to sign
        #expect(abs(abs(v[1]) - s) < 1e-6 && abs(v[1] - v[3]) < 1e-6)  // (1, 1)/√2 up to sign
    }

    @Test func randomSymmetricMatrixSatisfiesAvEqualsLambdaV() throws {
        let n = 17
        var rng = SplitMix64(seed: 4)
        var a = [Float](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in i..<n {
                let value = Float.random(in: -1...1, using: &rng)
                a[i * n + j] = value
                a[j * n + i] = value
            }
        }
        let eigen = try SymmetricEigen(symmetric: a, order: n)
        #expect(eigen.values == eigen.values.sorted())
        for j in 0..<n {
            for i in 0..<n {
                let av = (0..<n).reduce(Float(0)) { $0 + a[i * n + $1] * eigen.vectors[$1 * n + j] }
                #expect(abs(av - eigen.values[j] * eigen.vectors[i * n + j]) < 1e-4, "A·v ≠ λ·v at (\(i), \(j))")
            }
            for k in 0..<n {  // orthonormal columns
                let dot = (0..<n).reduce(Float(0)) { $0 + eigen.vectors[$1 * n + j] * eigen.vectors[$1 * n + k] }
                #expect(abs(dot - (j == k ? 1 : 0)) < 1e-4)
            }
        }
    }

    @Test func badArgumentsThrowInsteadOfCrashing() {
        #expect(throws: ComputeError.self) { try SymmetricEigen(symmetric: [1, 2, 3], order: 2) }
        #expect(throws: ComputeError.self) { try SymmetricEigen(symmetric: [], order: 0) }
        #expect(throws: ComputeError.nonFiniteInput(operation: "ssyevd")) {
            try SymmetricEigen(symmetric: [1, .nan, .nan, 1], order: 2)
        }
    }
}
