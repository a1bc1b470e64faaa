// Legend: mr × nr is the tile of C one call computes; kc is the depth of the packed panels.

/// The innermost loop of the packed GEMM: an `mr × nr` tile of C from packed panels of A and B.
///
/// - `a`: `kc` groups of `mr` scalars: column `p` of an `mr`-row sliver of op(A)
/// - `b`: `kc` rows of `nr` scalars, `bStride` apart: row `p` of an `nr`-column sliver of op(B)
///   (packed, `nr` apart, or read in place, op(B)'s leading dimension apart)
/// - `c`: the tile, row-major with leading dimension `ldc`: `C ← α·(a·b) + β·C`, C unread when β = 0
///
/// The 8 × 32 tile keeps 16 `SIMD16<Float>` accumulators in registers (32 with AVX-512) and
/// issues one broadcast per row and two vector loads per step of `p`: 16 FMAs per 10 loads.
enum MicroKernel {
    static let mr = 8
    static let nr = 32

    @inline(__always)
    private static func load(_ pointer: UnsafePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD16<Float>.self)
    }

    @inline(__always)
    private static func store(
        _ value: SIMD16<Float>, to pointer: UnsafeMutablePointer<Float>, alpha: Float, beta: Float
    ) {
        let scaled = alpha == 1 ? value : value * alpha
        let result = beta == 0 ? scaled : scaled.addingProduct(load(pointer), SIMD16(repeating: beta))
        UnsafeMutableRawPointer(pointer).storeBytes(of: result, as: SIMD16<Float>.self)
    }

    static func run(
        kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, bStride: Int,
        alpha: Float, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        var c00 = SIMD16<Float>()
        var c01 = SIMD16<Float>()
        var c10 = SIMD16<Float>()
        var c11 = SIMD16<Float>()
        var c20 = SIMD16<Float>()
        var c21 = SIMD16<Float>()
        var c30 = SIMD16<Float>()
        var c31 = SIMD16<Float>()
        var c40 = SIMD16<Float>()
        var c41 = SIMD16<Float>()
        var c50 = SIMD16<Float>()
        var c51 = SIMD16<Float>()
        var c60 = SIMD16<Float>()
        var c61 = SIMD16<Float>()
        var c70 = SIMD16<Float>()
        var c71 = SIMD16<Float>()
        var a = a
        var b = b
        for _ in 0..<kc {
            let b0 = load(b)
            let b1 = load(b + 16)
            var x = SIMD16<Float>(repeating: a[0])
            c00 = c00.addingProduct(x, b0)
            c01 = c01.addingProduct(x, b1)
            x = SIMD16<Float>(repeating: a[1])
            c10 = c10.addingProduct(x, b0)
            c11 = c11.addingProduct(x, b1)
            x = SIMD16<Float>(repeating: a[2])
            c20 = c20.addingProduct(x, b0)
            c21 = c21.addingProduct(x, b1)
            x = SIMD16<Float>(repeating: a[3])
            c30 = c30.addingProduct(x, b0)
            c31 = c31.addingProduct(x, b1)
            x = SIMD16<Float>(repeating: a[4])
            c40 = c40.addingProduct(x, b0)
            c41 = c41.addingProduct(x, b1)
            x = SIMD16<Float>(repeating: a[5])
            c50 = c50.addingProduct(x, b0)
            c51 = c51.addingProduct(x, b1)
            x = SIMD16<Float>(repeating: a[6])
            c60 = c60.addingProduct(x, b0)
            c61 = c61.addingProduct(x, b1)
            x = SIMD16<Float>(repeating: a[7])
            c70 = c70.addingProduct(x, b0)
            c71 = c71.addingProduct(x, b1)
            a += mr
            b += bStride
        }
        // Written out rather than looped over an array: an array here would allocate on every tile.
        @inline(__always) func storeRow(_ i: Int, _ left: SIMD16<Float>, _ right: SIMD16<Float>) {
            store(left, to: c + i * ldc, alpha: alpha, beta: beta)
            store(right, to: c + i * ldc + 16, alpha: alpha, beta: beta)
        }
        storeRow(0, c00, c01)
        storeRow(1, c10, c11)
        storeRow(2, c20, c21)
        storeRow(3, c30, c31)
        storeRow(4, c40, c41)
        storeRow(5, c50, c51)
        storeRow(6, c60, c61)
        storeRow(7, c70, c71)
    }
}
