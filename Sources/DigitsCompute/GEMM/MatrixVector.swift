// Legend: k, n: the matrix M is k×n; v has k entries; out has n.

/// Products with a single row or column of C (single-image inference), which packing would slow
/// down: every element of the matrix operand is used once, so it is streamed instead of packed.
///
/// Both shapes become `out[j] = α·Σ_p v[p]·M[p, j] + β·out[j]`: for one row of C, `v` is A's row
/// and `M = op(B)`; for one column, `v` is B's column and `M = op(A)ᵀ`.
enum MatrixVector {
    static func multiply(
        _ d: GEMMDimensions, alpha: Float, a: UnsafePointer<Float>, b: UnsafePointer<Float>, beta: Float,
        c: UnsafeMutablePointer<Float>
    ) {
        if d.m == 1 {
            run(
                v: a, vStride: d.transposeA ? d.lda : 1,
                matrix: StridedMatrix(b, leadingDimension: d.ldb, transposed: d.transposeB), k: d.k, n: d.n,
                alpha: alpha, beta: beta, out: c, outStride: 1)
        } else {
            run(
                v: b, vStride: d.transposeB ? 1 : d.ldb,
                matrix: StridedMatrix(a, leadingDimension: d.lda, transposed: !d.transposeA), k: d.k, n: d.m,
                alpha: alpha, beta: beta, out: c, outStride: d.ldc)
        }
    }

    private static func run(
        v: UnsafePointer<Float>, vStride: Int, matrix: StridedMatrix, k: Int, n: Int, alpha: Float, beta: Float,
        out: UnsafeMutablePointer<Float>, outStride: Int
    ) {
        var sums = [Float](repeating: 0, count: n)
        if matrix.rowStride == 1 && vStride == 1 {
            // Each column of M is contiguous: one dot product per output.
            for j in 0..<n { sums[j] = dotProduct(v, matrix.base + j * matrix.columnStride, count: k) }
        } else {
            // Rows of M (contiguous when columnStride is 1): out += v[p]·row p.
            sums.withUnsafeMutableBufferPointer { sums in
                for p in 0..<k {
                    let (scale, row) = (v[p * vStride], matrix.offset(row: p, column: 0))
                    for j in 0..<n { sums[j] += scale * row[0, j] }
                }
            }
        }
        for j in 0..<n {
            let value = alpha * sums[j]
            out[j * outStride] = beta == 0 ? value : value + beta * out[j * outStride]
        }
    }
}
