/// The one seam between Digits and the hardware: a backend computes matrix products.
///
/// Everything else numeric (im2col, pooling, activations, losses, optimizers) is written once on top
/// of `gemm`, so adding an operation never means adding a file per backend. Two implementations
/// exist: `BLASBackend` (OpenBLAS) and `SwiftBackend` (a packed, multi-threaded GEMM in pure Swift).
public protocol ComputeBackend: Sendable {
    /// Short name used on the command line and in reports: `blas` or `swift`.
    var name: String { get }
    /// Threads the backend may use for one product.
    var threads: Int { get }
    /// How convolution layers turn their work into this backend's products.
    var convolution: ConvolutionAlgorithm { get }

    /// The same backend with another thread budget: layers that run one product per image on each
    /// core use single-threaded copies.
    init(threads: Int, convolution: ConvolutionAlgorithm)

    /// `C ← α·op(A)·op(B) + β·C` on row-major buffers described by `dimensions`.
    ///
    /// When `beta` is 0 the old contents of `C` are never read (they may be NaN). The caller
    /// guarantees the buffers hold `dimensions.requiredCount*` scalars; the checked entry points
    /// below verify that and throw.
    func gemm(
        _ dimensions: GEMMDimensions, alpha: Float, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        beta: Float, c: UnsafeMutablePointer<Float>)
}

extension ComputeBackend {
    /// This backend with another thread budget and the same convolution algorithm.
    public func withThreads(_ threads: Int) -> Self { Self(threads: threads, convolution: convolution) }

    /// Checked GEMM on buffers: throws `ComputeError` for bad dimensions or short buffers.
    public func gemm(
        _ dimensions: GEMMDimensions, alpha: Float = 1, a: UnsafeBufferPointer<Float>,
        b: UnsafeBufferPointer<Float>, beta: Float = 0, c: UnsafeMutableBufferPointer<Float>
    ) throws {
        try dimensions.validate(countA: a.count, countB: b.count, countC: c.count)
        guard dimensions.m > 0, dimensions.n > 0 else { return }
        // A zero-sized operand may have a nil base address; any valid pointer serves since nothing is read.
        let dummy = Float(0)
        withUnsafePointer(to: dummy) { zero in
            gemm(
                dimensions, alpha: alpha, a: a.baseAddress ?? zero, b: b.baseAddress ?? zero,
                beta: beta, c: c.baseAddress!)
        }
    }

    /// `C ← α·op(A)·op(B) + β·C` for rank-2 tensors; throws when the shapes do not chain.
    public func matmul(
        _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false,
        alpha: Float = 1, beta: Float = 0, into c: inout Tensor
    ) throws {
        guard a.rank == 2, b.rank == 2, c.rank == 2 else {
            throw ComputeError.shapeMismatch(
                operation: "matmul", detail: "needs matrices, got \(a.shape), \(b.shape) → \(c.shape)")
        }
        let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (kB, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        guard k == kB, c.shape == [m, n] else {
            throw ComputeError.shapeMismatch(
                operation: "matmul",
                detail: "op(A) is \(m)×\(k), op(B) is \(kB)×\(n), C is \(c.shape[0])×\(c.shape[1])")
        }
        let dimensions = GEMMDimensions(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k)
        try a.scalars.withUnsafeBufferPointer { a in
            try b.scalars.withUnsafeBufferPointer { b in
                try c.scalars.withUnsafeMutableBufferPointer { c in
                    try gemm(dimensions, alpha: alpha, a: a, b: b, beta: beta, c: c)
                }
            }
        }
    }

    /// `op(A)·op(B)` as a new tensor.
    public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) throws -> Tensor {
        let m = a.rank == 2 ? (transposeA ? a.shape[1] : a.shape[0]) : 0
        let n = b.rank == 2 ? (transposeB ? b.shape[0] : b.shape[1]) : 0
        var c = Tensor(zeros: [m, n])
        try matmul(a, b, transposeA: transposeA, transposeB: transposeB, into: &c)
        return c
    }
}
