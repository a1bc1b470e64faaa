// Legend: mr × nr is the widest tile of C one call computes; kc is the depth of the packed panels.

/// The innermost loop of the packed GEMM: an `mr`-row tile of C from packed panels of A and B,
/// `Row.columns` wide.
///
/// - `a`: `kc` groups of `mr` scalars: column `p` of an `mr`-row sliver of op(A)
/// - `b`: `kc` rows of at least `Row.columns` scalars, `bStride` apart: row `p` of a sliver of op(B)
///   (packed, `nr` apart, or read in place, op(B)'s leading dimension apart)
/// - `c`: the tile, row-major with leading dimension `ldc`: `C ← α·(a·b) + β·C`, C unread when β = 0
///
/// The full 8 × 32 tile keeps 16 `SIMD16<Float>` accumulators in registers (32 with AVX-512) and
/// issues one broadcast per row and two vector loads per step of `p`: 16 FMAs per 10 loads. A
/// sliver's ragged edge of at most 16 or 8 columns runs the same loop 16 or 8 wide
/// (`MicroTileRow`), rather than 32 wide into a scratch tile: Winograd's products are 72 tiles
/// wide, and three quarters of their last sliver's work (a quarter of the whole) was padding.
enum MicroKernel {
    static let mr = 8
    static let nr = DoubleVectorRow.columns

    static func run<Row: MicroTileRow>(
        _: Row.Type, kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, bStride: Int,
        alpha: Float, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        var c0 = Row()
        var c1 = Row()
        var c2 = Row()
        var c3 = Row()
        var c4 = Row()
        var c5 = Row()
        var c6 = Row()
        var c7 = Row()
        var a = a
        var b = b
        for _ in 0..<kc {
            let row = Row(loading: b)
            c0.add(a[0], times: row)
            c1.add(a[1], times: row)
            c2.add(a[2], times: row)
            c3.add(a[3], times: row)
            c4.add(a[4], times: row)
            c5.add(a[5], times: row)
            c6.add(a[6], times: row)
            c7.add(a[7], times: row)
            a += mr
            b += bStride
        }
        // Written out rather than looped over an array: an array here would allocate on every tile.
        c0.store(to: c, alpha: alpha, beta: beta)
        c1.store(to: c + ldc, alpha: alpha, beta: beta)
        c2.store(to: c + 2 * ldc, alpha: alpha, beta: beta)
        c3.store(to: c + 3 * ldc, alpha: alpha, beta: beta)
        c4.store(to: c + 4 * ldc, alpha: alpha, beta: beta)
        c5.store(to: c + 5 * ldc, alpha: alpha, beta: beta)
        c6.store(to: c + 6 * ldc, alpha: alpha, beta: beta)
        c7.store(to: c + 7 * ldc, alpha: alpha, beta: beta)
    }
}
