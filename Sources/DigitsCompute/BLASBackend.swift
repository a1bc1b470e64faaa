import CBLAS

/// The compute protocol through OpenBLAS (`cblas_sgemm`).
///
/// OpenBLAS runs single-threaded and Digits splits each product into bands of C across `threads`
/// (`GEMMBands`, as the Swift backend does). OpenBLAS's own pool would also reach about 200 GFLOPS
/// at 2048³, but its idle workers spin for a long time after every call and stole the cores from
/// the per-image work between products during training.
public struct BLASBackend: ComputeBackend {
    public let name = "blas"
    public let threads: Int
    public let convolution: ConvolutionAlgorithm

    public init(threads: Int = defaultThreadCount, convolution: ConvolutionAlgorithm = .im2col) {
        precondition(threads >= 1, "BLASBackend needs at least one thread, got \(threads)")
        self.threads = threads
        self.convolution = convolution
    }

    public func gemm(
        _ dimensions: GEMMDimensions, alpha: Float, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        beta: Float, c: UnsafeMutablePointer<Float>
    ) {
        precondition(dimensions.problem == nil, "gemm: \(dimensions.problem ?? "") (\(dimensions))")
        if openblas_get_num_threads() != 1 { openblas_set_num_threads(1) }
        // Bands are whole multiples of 16 rows (or columns): the M unroll of OpenBLAS's Haswell and
        // SkylakeX sgemm kernels, so no thread gets a ragged edge tile in the middle of C.
        GEMMBands.run(dimensions, threads: threads, unit: 16, a: a, b: b, c: c) { d, a, b, c in
            if (d.m == 1 || d.n == 1) && d.k > 0 {
                matrixVector(d, alpha: alpha, a: a, b: b, beta: beta, c: c)
            } else {
                cblas_sgemm(
                    CblasRowMajor, d.transposeA ? CblasTrans : CblasNoTrans, d.transposeB ? CblasTrans : CblasNoTrans,
                    blasint(d.m), blasint(d.n), blasint(d.k), alpha, a, blasint(d.lda), b, blasint(d.ldb),
                    beta, c, blasint(d.ldc))
            }
        }
    }

    /// A product with one row or one column of C as `sgemv`. OpenBLAS's sgemm packs the whole
    /// matrix operand on every call, which made single-image inference through the paper CNN's
    /// 9216×256 dense layer spend two thirds of its time copying the weights.
    private func matrixVector(
        _ d: GEMMDimensions, alpha: Float, a: UnsafePointer<Float>, b: UnsafePointer<Float>, beta: Float,
        c: UnsafeMutablePointer<Float>
    ) {
        if d.m == 1 {
            // c[1×n] = α·a·op(B) + β·c, i.e. cᵀ = α·op(B)ᵀ·aᵀ + β·cᵀ: op(B)ᵀ is B as stored when transposed.
            // A's single row steps by 1, or by lda when A is stored transposed (k×1 column).
            let (rows, columns) = d.transposeB ? (d.n, d.k) : (d.k, d.n)
            cblas_sgemv(
                CblasRowMajor, d.transposeB ? CblasNoTrans : CblasTrans, blasint(rows), blasint(columns),
                alpha, b, blasint(d.ldb), a, blasint(d.transposeA ? d.lda : 1), beta, c, 1)
        } else {
            // c[m×1] = α·op(A)·b + β·c; b's single column steps by ldb, or by 1 when B is stored transposed.
            let (rows, columns) = d.transposeA ? (d.k, d.m) : (d.m, d.k)
            cblas_sgemv(
                CblasRowMajor, d.transposeA ? CblasTrans : CblasNoTrans, blasint(rows), blasint(columns),
                alpha, a, blasint(d.lda), b, blasint(d.transposeB ? 1 : d.ldb), beta, c, blasint(d.ldc))
        }
    }

    /// OpenBLAS's build description and the kernel family it chose for this CPU.
    public static var configuration: String {
        "\(String(cString: openblas_get_config())) (\(String(cString: openblas_get_corename())))"
    }
}
