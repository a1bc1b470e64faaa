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

    public init(threads: Int = defaultThreadCount) {
        precondition(threads >= 1, "BLASBackend needs at least one thread, got \(threads)")
        self.threads = threads
    }

    public func gemm(
        _ dimensions: GEMMDimensions, alpha: Float, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        beta: Float, c: UnsafeMutablePointer<Float>
    ) {
        precondition(dimensions.problem == nil, "gemm: \(dimensions.problem ?? "") (\(dimensions))")
        if openblas_get_num_threads() != 1 { openblas_set_num_threads(1) }
        GEMMBands.run(dimensions, threads: threads, unit: 16, a: a, b: b, c: c) { d, a, b, c in
            cblas_sgemm(
                CblasRowMajor, d.transposeA ? CblasTrans : CblasNoTrans, d.transposeB ? CblasTrans : CblasNoTrans,
                blasint(d.m), blasint(d.n), blasint(d.k), alpha, a, blasint(d.lda), b, blasint(d.ldb),
                beta, c, blasint(d.ldc))
        }
    }

    /// OpenBLAS's build description and the kernel family it chose for this CPU.
    public static var configuration: String {
        "\(String(cString: openblas_get_config())) (\(String(cString: openblas_get_corename())))"
    }
}
