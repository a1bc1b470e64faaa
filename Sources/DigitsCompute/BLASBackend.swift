import CBLAS

/// The compute protocol through OpenBLAS (`cblas_sgemm`).
///
/// OpenBLAS keeps its thread count in a process-wide setting; each call sets it to this backend's
/// `threads` when it differs, so two backends with different counts can be used one after another.
public struct BLASBackend: ComputeBackend {
    public let name = "blas"
    public let threads: Int

    public init(threads: Int = defaultThreadCount) {
        precondition(threads >= 1, "BLASBackend needs at least one thread, got \(threads)")
        self.threads = threads
    }

    public func gemm(
        _ dimensions: GEMMDimensions, alpha: Float, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        beta: Float, c: UnsafeMutablePointer<Float>
    ) {
        precondition(dimensions.problem == nil, "gemm: \(dimensions.problem ?? "") (\(dimensions))")
        if openblas_get_num_threads() != Int32(threads) {
            openblas_set_num_threads(Int32(threads))
        }
        let d = dimensions
        cblas_sgemm(
            CblasRowMajor, d.transposeA ? CblasTrans : CblasNoTrans, d.transposeB ? CblasTrans : CblasNoTrans,
            blasint(d.m), blasint(d.n), blasint(d.k), alpha, a, blasint(d.lda), b, blasint(d.ldb),
            beta, c, blasint(d.ldc))
    }

    /// OpenBLAS's build description and the kernel family it chose for this CPU.
    public static var configuration: String {
        "\(String(cString: openblas_get_config())) (\(String(cString: openblas_get_corename())))"
    }
}
