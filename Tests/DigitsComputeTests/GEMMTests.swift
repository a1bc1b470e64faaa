import DigitsCompute
import DigitsTestSupport
import Testing

/// Random operands for one product, with C pre-filled with NaN so a β = 0 path that reads C fails.
private struct Operands {
    let a: [Float]
    let b: [Float]
    let c: [Float]

    init(_ d: GEMMDimensions, seed: UInt64, beta: Float) {
        var rng = SplitMix64(seed: seed)
        a = (0..<d.requiredCountA).map { _ in Float.random(in: -1...1, using: &rng) }
        b = (0..<d.requiredCountB).map { _ in Float.random(in: -1...1, using: &rng) }
        c = (0..<d.requiredCountC).map { _ in beta == 0 ? .nan : Float.random(in: -1...1, using: &rng) }
    }
}

private func run(_ backend: any ComputeBackend, _ d: GEMMDimensions, _ x: Operands, alpha: Float, beta: Float) throws
    -> [Float]
{
    var c = x.c
    try x.a.withUnsafeBufferPointer { a in
        try x.b.withUnsafeBufferPointer { b in
            try c.withUnsafeMutableBufferPointer { c in try backend.gemm(d, alpha: alpha, a: a, b: b, beta: beta, c: c)
            }
        }
    }
    return c
}

/// The `m × n` entries of C, without the padding of its leading dimension.
private func entriesOfC(_ c: [Float], _ d: GEMMDimensions) -> [Float] {
    (0..<d.m).flatMap { i in (0..<d.n).map { j in c[i * d.ldc + j] } }
}

/// Entries of C between rows (beyond `n`, inside `ldc`) must come back untouched.
private func expectPaddingUntouched(_ result: [Float], _ original: [Float], _ d: GEMMDimensions) {
    for i in 0..<d.m {
        for j in d.n..<d.ldc where i * d.ldc + j < result.count {
            #expect(result[i * d.ldc + j].bitPattern == original[i * d.ldc + j].bitPattern, "C padding at (\(i), \(j))")
        }
    }
}

/// Sizes around the 8 × 32 micro-tile, its 16- and 8-column edge kernels (whole, as in Winograd's
/// 72-column products, and partly live) and the 128 / 256 cache blocks, odd sizes, empty ones, and
/// one row or one column of C (the BLAS backend sends those to sgemv).
private let sizes: [(m: Int, n: Int, k: Int)] = [
    (0, 3, 4), (3, 0, 4), (4, 3, 0), (1, 1, 1), (7, 5, 3), (8, 32, 1), (9, 33, 17), (31, 7, 33),
    (33, 129, 7), (129, 31, 257), (130, 70, 65), (64, 128, 784), (1, 37, 300), (45, 1, 129), (1, 1, 70), (1, 5, 0),
    (64, 72, 32), (16, 48, 9), (17, 44, 11),
]

@Suite("GEMM against the naive reference")
struct GEMMTests {
    @Test(arguments: ComputeBackendKind.allCases, [false, true])
    func allTransposesAndSizes(kind: ComputeBackendKind, transposeA: Bool) throws {
        for threads in [1, 2] {
            let backend = kind.makeBackend(threads: threads)
            for transposeB in [false, true] {
                for (index, size) in sizes.enumerated() {
                    // Leading dimensions padded past the stored width on every second case.
                    let pad = index % 2 == 1 ? 3 : 0
                    let d = GEMMDimensions(
                        transposeA: transposeA, transposeB: transposeB, m: size.m, n: size.n, k: size.k,
                        lda: max(1, transposeA ? size.m : size.k) + pad,
                        ldb: max(1, transposeB ? size.k : size.n) + pad,
                        ldc: max(1, size.n) + pad)
                    for (alpha, beta): (Float, Float) in [(1, 0), (0.5, 2), (-1.5, 1), (0, 0.25)] {
                        let x = Operands(d, seed: UInt64(index * 31 + threads), beta: beta)
                        var expected = x.c
                        naiveGEMM(d, alpha: alpha, a: x.a, b: x.b, beta: beta, c: &expected)
                        let actual = try run(backend, d, x, alpha: alpha, beta: beta)
                        let tolerance = 2e-6 * Float(max(d.k, 1)).squareRoot()
                        expectClose(
                            entriesOfC(actual, d), entriesOfC(expected, d), absolute: tolerance, relative: 1e-5)
                        expectPaddingUntouched(actual, x.c, d)
                    }
                }
            }
        }
    }

    /// Wider than the packed GEMM's `nc` (4096) and deeper than its `kc` (256), so the outer loops run
    /// more than once and end on partial blocks, as kNN's distance blocks (60,000 columns) do.
    @Test(arguments: ComputeBackendKind.allCases, [false, true])
    func productsPastTheCacheBlocks(kind: ComputeBackendKind, transposeB: Bool) throws {
        let d = GEMMDimensions(transposeB: transposeB, m: 7, n: 4096 + 29, k: 256 + 3)
        for threads in [1, 2] {
            let x = Operands(d, seed: UInt64(threads), beta: 0.5)
            var expected = x.c
            naiveGEMM(d, alpha: 1, a: x.a, b: x.b, beta: 0.5, c: &expected)
            let actual = try run(kind.makeBackend(threads: threads), d, x, alpha: 1, beta: 0.5)
            expectClose(actual, expected, absolute: 2e-6 * Float(d.k).squareRoot(), relative: 1e-5)
        }
    }

    @Test func backendsAgreeOnALargeProduct() throws {
        let d = GEMMDimensions(transposeB: true, m: 517, n: 259, k: 300)
        let x = Operands(d, seed: 5, beta: 0)
        let viaBLAS = try run(BLASBackend(threads: 2), d, x, alpha: 1, beta: 0)
        let viaSwift = try run(SwiftBackend(threads: 2), d, x, alpha: 1, beta: 0)
        // Sums of 300 products of numbers in ±1: rounding differs by order √k · ε · |terms|.
        expectClose(viaSwift, viaBLAS, absolute: 1e-5 * Float(d.k).squareRoot(), relative: 1e-5)
    }

    @Test func tensorMatmulMatchesAHandComputedProduct() throws {
        // [[1, 2], [3, 4]] · [[5, 6], [7, 8]] = [[19, 22], [43, 50]]: small integers are exact in Float.
        let a = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let b = Tensor(shape: [2, 2], scalars: [5, 6, 7, 8])
        for kind in ComputeBackendKind.allCases {
            let backend = kind.makeBackend(threads: 1)
            #expect(try backend.matmul(a, b).scalars == [19, 22, 43, 50])
            // Aᵀ·B = [[1, 3], [2, 4]] · B = [[26, 30], [38, 44]]
            #expect(try backend.matmul(a, b, transposeA: true).scalars == [26, 30, 38, 44])
        }
    }
}

@Suite("GEMM bad input")
struct GEMMBadInputTests {
    @Test(arguments: ComputeBackendKind.allCases)
    func shortBuffersThrow(kind: ComputeBackendKind) {
        let backend = kind.makeBackend(threads: 1)
        let d = GEMMDimensions(m: 4, n: 5, k: 6)
        let a = [Float](repeating: 1, count: 23)  // needs 24
        let b = [Float](repeating: 1, count: 30)
        var c = [Float](repeating: 0, count: 20)
        #expect(throws: ComputeError.bufferTooSmall(operation: "gemm", operand: "A", needed: 24, available: 23)) {
            try a.withUnsafeBufferPointer { a in
                try b.withUnsafeBufferPointer { b in
                    try c.withUnsafeMutableBufferPointer { c in try backend.gemm(d, a: a, b: b, c: c) }
                }
            }
        }
    }

    @Test func invalidLeadingDimensionThrows() {
        let d = GEMMDimensions(m: 4, n: 5, k: 6, lda: 5)
        #expect(d.problem != nil)
        #expect(throws: ComputeError.self) { try d.validate(countA: 100, countB: 100, countC: 100) }
    }

    @Test func mismatchedTensorShapesThrow() {
        let backend = BLASBackend(threads: 1)
        let a = Tensor(zeros: [2, 3])
        let b = Tensor(zeros: [4, 2])
        #expect(throws: ComputeError.self) { _ = try backend.matmul(a, b) }
        var c = Tensor(zeros: [2, 3])
        #expect(throws: ComputeError.self) { try backend.matmul(a, Tensor(zeros: [3, 2]), into: &c) }
    }
}
