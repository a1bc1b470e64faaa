/// Moves 8 × 8 blocks of floats with their rows and columns swapped, in vector registers: the packed
/// GEMM's panels of a transposed operand. Element by element, packing took 16% of a Swift-backend
/// training profile, each scalar stored 32 bytes from the last.
enum BlockTranspose {
    /// The 8 × 8 block whose row `i` starts at `source + i·stride` (8 contiguous scalars), written
    /// transposed as rows of 8 at `destination + q·destinationStride`: column `q` of the block
    /// becomes row `q`.
    @inline(__always)
    static func transpose8x8(
        _ source: UnsafePointer<Float>, stride: Int, into destination: UnsafeMutablePointer<Float>,
        destinationStride: Int
    ) {
        @inline(__always) func row(_ i: Int) -> SIMD8<Float> {
            UnsafeRawPointer(source + i * stride).loadUnaligned(as: SIMD8<Float>.self)
        }
        typealias Rows = (
            SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>,
            SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>
        )
        // Entry (i, j) sits at 8·i + j, six bits i₂i₁i₀j₂j₁j₀. Taking the even entries of the block,
        // then the odd ones, rotates an entry's index right by one bit; three times, it is
        // j₂j₁j₀i₂i₁i₀: 8·j + i. The even entries of the block are those of each pair of rows, so
        // each step is eight two-row shuffles (a whole 64-lane vector compiled to scalar moves).
        @inline(__always) func unzip(_ r: Rows) -> Rows {
            @inline(__always) func pair(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD16<Float> {
                SIMD16(lowHalf: a, highHalf: b)
            }
            let (p0, p1, p2, p3) = (pair(r.0, r.1), pair(r.2, r.3), pair(r.4, r.5), pair(r.6, r.7))
            return (p0.evenHalf, p1.evenHalf, p2.evenHalf, p3.evenHalf, p0.oddHalf, p1.oddHalf, p2.oddHalf, p3.oddHalf)
        }
        let swapped = unzip(unzip(unzip((row(0), row(1), row(2), row(3), row(4), row(5), row(6), row(7)))))
        @inline(__always) func put(_ values: SIMD8<Float>, _ q: Int) {
            UnsafeMutableRawPointer(destination + q * destinationStride).storeBytes(of: values, as: SIMD8<Float>.self)
        }
        put(swapped.0, 0)
        put(swapped.1, 1)
        put(swapped.2, 2)
        put(swapped.3, 3)
        put(swapped.4, 4)
        put(swapped.5, 5)
        put(swapped.6, 6)
        put(swapped.7, 7)
    }
}
