/// Writes byte `f` of row `selected[j]` to `columns[f·stride + j]`, for `j < count` and `f < length`:
/// a transpose of the selected rows (`length` bytes each, back to back in `rows`), 8 × 8 bytes at a
/// time in registers. `stride` is at least `count` rounded up to a multiple of 8: a short last block
/// of rows repeats its last row into that padding.
func transposeRows(
    _ rows: UnsafePointer<UInt8>, length featureCount: Int, selected samples: UnsafePointer<Int32>, count: Int,
    to columns: UnsafeMutablePointer<UInt8>, stride: Int
) {
    /// Swaps the bytes of `a` selected by `mask << shift` with those of `b` selected by `mask`, in each
    /// 64-bit lane.
    @inline(__always) func swapBlocks<Word: SIMD>(_ a: inout Word, _ b: inout Word, _ shift: UInt64, _ mask: UInt64)
    where Word.Scalar == UInt64 {
        let t = ((a &>> shift) ^ b) & mask
        b ^= t
        a ^= t &<< shift
    }
    /// Transposes eight rows of `Word`s lane by lane: `m_r` byte `c` of a lane becomes `m_c` byte `r`.
    @inline(__always) func transpose<Word: SIMD>(_ m: inout (Word, Word, Word, Word, Word, Word, Word, Word))
    where Word.Scalar == UInt64 {
        let (bytes, pairs, quads): (UInt64, UInt64, UInt64) = (
            0x00FF_00FF_00FF_00FF, 0x0000_FFFF_0000_FFFF,
            0x0000_0000_FFFF_FFFF
        )
        swapBlocks(&m.0, &m.1, 8, bytes)
        swapBlocks(&m.2, &m.3, 8, bytes)
        swapBlocks(&m.4, &m.5, 8, bytes)
        swapBlocks(&m.6, &m.7, 8, bytes)
        swapBlocks(&m.0, &m.2, 16, pairs)
        swapBlocks(&m.1, &m.3, 16, pairs)
        swapBlocks(&m.4, &m.6, 16, pairs)
        swapBlocks(&m.5, &m.7, 16, pairs)
        swapBlocks(&m.0, &m.4, 32, quads)
        swapBlocks(&m.1, &m.5, 32, quads)
        swapBlocks(&m.2, &m.6, 32, quads)
        swapBlocks(&m.3, &m.7, 32, quads)
    }
    var j0 = 0
    while j0 < count {
        // Eight rows; a short last block repeats its last row into the padding.
        @inline(__always) func row(_ k: Int) -> UnsafePointer<UInt8> {
            rows + Int(samples[min(j0 + k, count - 1)]) * featureCount
        }
        let r = (row(0), row(1), row(2), row(3), row(4), row(5), row(6), row(7))
        /// Transposes the 8 × (8·lanes) bytes at feature `f0` of the eight rows into the columns.
        @inline(__always) func copy<Word: SIMD>(_: Word.Type, at f0: Int) where Word.Scalar == UInt64 {
            @inline(__always) func load(_ row: UnsafePointer<UInt8>) -> Word {
                UnsafeRawPointer(row + f0).loadUnaligned(as: Word.self)
            }
            var m = (load(r.0), load(r.1), load(r.2), load(r.3), load(r.4), load(r.5), load(r.6), load(r.7))
            transpose(&m)
            let out = UnsafeMutableRawPointer(columns + f0 * stride + j0)
            for (c, word) in [m.0, m.1, m.2, m.3, m.4, m.5, m.6, m.7].enumerated() {
                for lane in 0..<Word.scalarCount {
                    out.storeBytes(of: word[lane], toByteOffset: (lane * 8 + c) * stride, as: UInt64.self)
                }
            }
        }
        var f0 = 0
        while f0 + 64 <= featureCount {
            copy(SIMD8<UInt64>.self, at: f0)
            f0 += 64
        }
        while f0 + 16 <= featureCount {
            copy(SIMD2<UInt64>.self, at: f0)
            f0 += 16
        }
        for f in f0..<featureCount {
            for k in 0..<8 { columns[f * stride + j0 + k] = row(k)[f] }
        }
        j0 += 8
    }
}
