import DigitsCompute

/// The reference every GEMM kernel is checked against: the definition of
/// `C ← α·op(A)·op(B) + β·C`, summed in Double, one element at a time. Like the fast kernels it
/// never reads C when β = 0.
public func naiveGEMM(_ d: GEMMDimensions, alpha: Float, a: [Float], b: [Float], beta: Float, c: inout [Float]) {
    for i in 0..<d.m {
        for j in 0..<d.n {
            var sum = 0.0
            for p in 0..<d.k {
                let x = d.transposeA ? a[p * d.lda + i] : a[i * d.lda + p]
                let y = d.transposeB ? b[j * d.ldb + p] : b[p * d.ldb + j]
                sum += Double(x) * Double(y)
            }
            let old = beta == 0 ? 0 : Double(beta) * Double(c[i * d.ldc + j])
            c[i * d.ldc + j] = Float(Double(alpha) * sum + old)
        }
    }
}
