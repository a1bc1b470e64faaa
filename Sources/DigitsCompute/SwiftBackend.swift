/// The compute protocol in pure Swift: the packed, cache-blocked, multi-threaded GEMM of
/// `PackedGEMM`, with no dependency beyond the standard library and Dispatch.
///
/// Its speed depends on the instructions the compiler may use: `make` builds with the
/// `-target-cpu` that matches the build machine (see the Makefile), so `SIMD16<Float>` becomes
/// AVX-512 or AVX2 FMA code; a plain `swift build` gives portable baseline x86-64 code.
public struct SwiftBackend: ComputeBackend {
    public let name = "swift"
    public let threads: Int
    public let convolution: ConvolutionAlgorithm

    public init(threads: Int = defaultThreadCount, convolution: ConvolutionAlgorithm = .im2col) {
        precondition(threads >= 1, "SwiftBackend needs at least one thread, got \(threads)")
        self.threads = threads
        self.convolution = convolution
    }

    public func gemm(
        _ dimensions: GEMMDimensions, alpha: Float, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        beta: Float, c: UnsafeMutablePointer<Float>
    ) {
        precondition(dimensions.problem == nil, "gemm: \(dimensions.problem ?? "") (\(dimensions))")
        PackedGEMM.multiply(dimensions, alpha: alpha, a: a, b: b, beta: beta, c: c, threads: threads)
    }
}
