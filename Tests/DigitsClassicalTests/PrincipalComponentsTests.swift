import DigitsCompute
import Testing

@testable import DigitsClassical

@Suite struct PrincipalComponentsTests {
    /// Points on the line y = 2x (plus a little noise in z): the first component is (1, 2, 0)/√5, its
    /// variance that of the points along the line; projections onto it recover the positions.
    @Test func recoversTheDominantDirection() throws {
        let ts: [Float] = [-2, -1, 0, 1, 2, 3]
        let noise: [Float] = [0.01, -0.02, 0.01, 0.01, -0.02, 0.01]  // zero mean, uncorrelated with t
        let x = Tensor(shape: [6, 3], scalars: zip(ts, noise).flatMap { t, e in [t, 2 * t, e] })
        for kind in ComputeBackendKind.allCases {
            let backend = kind.makeBackend(threads: 1)
            let pca = try PrincipalComponents.fit(x, components: 2, backend: backend)
            let root5 = Float(5).squareRoot()
            let expected: [Float] = [1 / root5, 2 / root5, 0]
            for (a, e) in zip(pca.components[0..<3], expected) { #expect(abs(a - e) < 1e-3) }
            // Var(√5·t) with t = −2…3: 5 · 3.5 = 17.5.
            #expect(abs(pca.variances[0] - 17.5) < 1e-2)
            #expect(pca.variances[1] < 1e-3)
            #expect(pca.keptVariance > 0.9999 && pca.keptVariance <= 1.0001)
            let projected = try pca.transform(x, backend: backend)
            let mean = ts.reduce(0, +) / Float(ts.count)
            for (i, t) in ts.enumerated() {
                let position: Float = root5 * (t - mean)
                #expect(abs(projected.scalars[i * 2] - position) < 1e-3)
            }
        }
    }

    @Test func badInputIsRefused() {
        let x = Tensor(shape: [4, 3], scalars: (0..<12).map(Float.init))
        let backend = BLASBackend(threads: 1)
        #expect(throws: ClassicalError.self) { try PrincipalComponents.fit(x, components: 4, backend: backend) }
        #expect(throws: ClassicalError.self) { try PrincipalComponents.fit(x, components: 0, backend: backend) }
        #expect(throws: ClassicalError.self) {
            try PrincipalComponents.fit(Tensor(shape: [1, 3], scalars: [1, 2, 3]), components: 1, backend: backend)
        }
    }
}
