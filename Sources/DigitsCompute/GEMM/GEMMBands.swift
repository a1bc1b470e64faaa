import Dispatch

/// Splits one product into independent products over disjoint bands of C, one per thread.
///
/// Both backends parallelise this way: each band is a whole single-threaded GEMM (rows of C and
/// op(A) when C is taller than wide, else columns of C and op(B)), so bands never share output and
/// need no synchronisation. For OpenBLAS this replaces its own thread pool, whose idle workers spin
/// in `sched_yield` for a long while after each call and took the cores from the im2col, pooling
/// and activation work between products.
enum GEMMBands {
    /// Below this many flops one thread is faster than waking a second.
    static let parallelThreshold = 2.0 * 64 * 64 * 64

    /// Calls `multiply` once per band (in parallel) with the band's dimensions and operand pointers.
    /// Band sizes are multiples of `unit`, the kernel's tile along the split dimension.
    static func run(
        _ d: GEMMDimensions, threads: Int, unit: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        c: UnsafeMutablePointer<Float>,
        _ multiply: (GEMMDimensions, UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void
    ) {
        let bands = threads > 1 && d.flops >= parallelThreshold ? threads : 1
        guard bands > 1 else { return multiply(d, a, b, c) }
        let splitRows = d.m >= d.n
        let extent = splitRows ? d.m : d.n
        let bandSize = ((extent + bands - 1) / bands + unit - 1) / unit * unit
        let bandCount = (extent + bandSize - 1) / bandSize
        let operands = UncheckedSendable((a, b, c))
        withoutActuallyEscaping(multiply) { multiply in
            let work = UncheckedSendable(multiply)
            DispatchQueue.concurrentPerform(iterations: bandCount) { band in
                let (a, b, c) = operands.value
                let start = band * bandSize
                var part = d
                if splitRows {
                    part.m = min(bandSize, extent - start)
                    work.value(part, a + (d.transposeA ? start : start * d.lda), b, c + start * d.ldc)
                } else {
                    part.n = min(bandSize, extent - start)
                    work.value(part, a, b + (d.transposeB ? start * d.ldb : start), c + start)
                }
            }
        }
    }
}
