import Dispatch

// Legend: m, n, k: C is m×n, op(A) is m×k, op(B) is k×n.  mc/kc/nc: cache blocks.  mr/nr: micro-tile.

/// Single-precision GEMM in the BLIS style (Van Zee & van de Geijn, 2015), in pure Swift.
///
/// Loops, outermost first: `nc` columns of C → `kc` deep slice → pack `kc × nc` of op(B) into
/// `nr`-wide slivers → `mc` rows → pack `mc × kc` of op(A) into `mr`-tall slivers → every
/// `mr × nr` tile through `MicroKernel`. Packing makes every operand contiguous whatever its
/// transposition and leading dimension, and pads edges with zeros so the micro-kernel never
/// branches; a ragged edge of 8 or 16 columns runs a kernel that wide, and a tile only partly live
/// goes through a small scratch tile. A block of op(B) small enough for L2,
/// whose rows lie along memory, is read in place instead (`largestUnpackedB`). Threads each take a band of C
/// (`GEMMBands`) and run the whole algorithm on it.
enum PackedGEMM {
    static let mr = MicroKernel.mr
    static let nr = MicroKernel.nr
    /// A B sliver (`kc·nr` floats, 32 KiB) stays in L1 while the `mc × kc` A block (128 KiB) sits in L2.
    static let kc = 256
    static let mc = 128
    /// Columns of op(B) packed at once: `kc × nc` floats is 4 MiB, about what one core's share of a
    /// server L3 holds, and wider than every product of training (the widest, conv2's im2col, has
    /// 576 columns), so only kNN's distance blocks and the tests' wide products loop over `nc`.
    static let nc = 4096
    /// A `kc × nc` block of op(B) up to this many scalars (1 MiB), whose rows lie along memory, has
    /// its whole slivers read in place rather than packed (a ragged edge is still packed, padded
    /// with zeros, as for Winograd's 72-column products): it stays in L2 while the A blocks
    /// pass over it, and packing was one more copy of each image's im2col matrix (per-image conv2
    /// products 6–9% faster, Swift-backend training about 4%). A larger block falls out of L2
    /// and reads faster packed (conv2's whole-batch product, 73,728 columns, lost 15% unpacked).
    static let largestUnpackedB = 1 << 18

    static func multiply(
        _ d: GEMMDimensions, alpha: Float, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        beta: Float, c: UnsafeMutablePointer<Float>, threads: Int
    ) {
        guard d.m > 0, d.n > 0 else { return }
        let product = Product(
            a: StridedMatrix(a, leadingDimension: d.lda, transposed: d.transposeA),
            b: StridedMatrix(b, leadingDimension: d.ldb, transposed: d.transposeB),
            c: c, ldc: d.ldc, alpha: alpha, beta: beta)
        if d.k == 0 || alpha == 0 {
            product.scaleC(rows: d.m, columns: d.n)
            return
        }
        GEMMBands.run(d, threads: threads, unit: d.m >= d.n ? mr : nr, a: a, b: b, c: c) { band, a, b, c in
            if band.m == 1 || band.n == 1 {
                return MatrixVector.multiply(band, alpha: alpha, a: a, b: b, beta: beta, c: c)
            }
            Product(
                a: StridedMatrix(a, leadingDimension: band.lda, transposed: band.transposeA),
                b: StridedMatrix(b, leadingDimension: band.ldb, transposed: band.transposeB),
                c: c, ldc: band.ldc, alpha: alpha, beta: beta
            ).run(m: band.m, n: band.n, k: band.k)
        }
    }
}

/// One product `C ← α·A·B + β·C` on views; `run` is the sequential blocked algorithm.
private struct Product {
    let a: StridedMatrix
    let b: StridedMatrix
    let c: UnsafeMutablePointer<Float>
    let ldc: Int
    let alpha: Float
    let beta: Float

    typealias Sizes = PackedGEMM

    /// `C ← β·C` (zeros when β = 0, without reading C), for k = 0 or α = 0.
    func scaleC(rows: Int, columns: Int) {
        for i in 0..<rows {
            let row = c + i * ldc
            for j in 0..<columns { row[j] = beta == 0 ? 0 : beta * row[j] }
        }
    }

    func run(m: Int, n: Int, k: Int) {
        let (mr, nr, kc, mc, nc) = (Sizes.mr, Sizes.nr, Sizes.kc, Sizes.mc, Sizes.nc)
        let packedA = UnsafeMutablePointer<Float>.allocate(capacity: mc * kc)
        let packedB = UnsafeMutablePointer<Float>.allocate(capacity: kc * min(nc, roundUp(n, nr)))
        let edgeTile = UnsafeMutablePointer<Float>.allocate(capacity: mr * nr)
        defer {
            packedA.deallocate()
            packedB.deallocate()
            edgeTile.deallocate()
        }
        for jc in stride(from: 0, to: n, by: nc) {
            let ncBlock = min(nc, n - jc)
            for pc in stride(from: 0, to: k, by: kc) {
                let kcBlock = min(kc, k - pc)
                // Only the first slice of k applies β; later slices accumulate onto it.
                let sliceBeta: Float = pc == 0 ? beta : 1
                // Whole slivers read in place, when allowed; the rest (all, or a ragged edge) packed.
                let inPlace = b.columnStride == 1 && kcBlock * ncBlock <= Sizes.largestUnpackedB
                let inPlaceColumns = inPlace ? ncBlock / nr * nr : 0
                if inPlaceColumns < ncBlock {
                    packB(
                        b.offset(row: pc, column: jc + inPlaceColumns), depth: kcBlock,
                        columns: ncBlock - inPlaceColumns, into: packedB + inPlaceColumns * kcBlock)
                }
                for ic in stride(from: 0, to: m, by: mc) {
                    let mcBlock = min(mc, m - ic)
                    packA(a.offset(row: ic, column: pc), rows: mcBlock, depth: kcBlock, into: packedA)
                    for jr in stride(from: 0, to: ncBlock, by: nr) {
                        let columns = min(nr, ncBlock - jr)
                        let bSliver =
                            jr < inPlaceColumns
                            ? b.offset(row: pc, column: jc + jr).base : UnsafePointer(packedB + jr * kcBlock)
                        let bStride = jr < inPlaceColumns ? b.rowStride : nr
                        for ir in stride(from: 0, to: mcBlock, by: mr) {
                            let tile = Tile(
                                rows: min(mr, mcBlock - ir), columns: columns, c: c + (ic + ir) * ldc + jc + jr,
                                beta: sliceBeta)
                            let slivers = Slivers(
                                depth: kcBlock, a: packedA + ir * kcBlock, b: bSliver, bStride: bStride)
                            compute(tile, from: slivers, edgeTile: edgeTile)
                        }
                    }
                }
            }
        }
    }

    /// One micro-tile's packed operands: `depth` columns of an `mr`-row sliver of op(A) and `depth`
    /// rows of a sliver of op(B), `bStride` apart.
    private struct Slivers {
        let depth: Int
        let a: UnsafePointer<Float>
        let b: UnsafePointer<Float>
        let bStride: Int
    }

    /// Where one micro-tile of C lies, how much of it is live, and the β of its slice of k.
    private struct Tile {
        let rows: Int
        let columns: Int
        let c: UnsafeMutablePointer<Float>
        let beta: Float
    }

    /// One micro-tile through the narrowest kernel that covers its live columns.
    private func compute(_ tile: Tile, from slivers: Slivers, edgeTile: UnsafeMutablePointer<Float>) {
        if tile.columns <= 8 {
            compute(tile, from: slivers, SingleVectorRow<SIMD8<Float>>.self, edgeTile: edgeTile)
        } else if tile.columns <= 16 {
            compute(tile, from: slivers, SingleVectorRow<SIMD16<Float>>.self, edgeTile: edgeTile)
        } else {
            compute(tile, from: slivers, DoubleVectorRow.self, edgeTile: edgeTile)
        }
    }

    /// One micro-tile through the kernel `Row.columns` wide: straight into C when the tile fills it,
    /// else into `edgeTile` and its live part copied out.
    @inline(__always)
    private func compute<Row: MicroTileRow>(
        _ tile: Tile, from s: Slivers, _ row: Row.Type, edgeTile: UnsafeMutablePointer<Float>
    ) {
        let nr = Sizes.nr
        if tile.rows == Sizes.mr && tile.columns == Row.columns {
            return MicroKernel.run(
                row, kc: s.depth, a: s.a, b: s.b, bStride: s.bStride, alpha: alpha, beta: tile.beta, c: tile.c,
                ldc: ldc)
        }
        MicroKernel.run(row, kc: s.depth, a: s.a, b: s.b, bStride: s.bStride, alpha: 1, beta: 0, c: edgeTile, ldc: nr)
        for i in 0..<tile.rows {
            for j in 0..<tile.columns {
                let value = alpha * edgeTile[i * nr + j]
                tile.c[i * ldc + j] = tile.beta == 0 ? value : value + tile.beta * tile.c[i * ldc + j]
            }
        }
    }

    /// Packs `rows × depth` of A into `mr`-tall slivers: sliver `s` holds, for each column `p`,
    /// rows `s·mr ..< s·mr + mr`, zero-padded past `rows`.
    private func packA(_ source: StridedMatrix, rows: Int, depth: Int, into packed: UnsafeMutablePointer<Float>) {
        let mr = Sizes.mr
        for s in stride(from: 0, to: rows, by: mr) {
            let sliver = packed + s * depth
            let live = min(mr, rows - s)
            let rowsAt = source.offset(row: s, column: 0)
            if live == mr && source.rowStride == 1 {
                // A column's `mr` rows lie side by side: one vector per column.
                for p in 0..<depth {
                    UnsafeMutableRawPointer(sliver + p * mr).storeBytes(
                        of: UnsafeRawPointer(rowsAt.base + p * source.columnStride).loadUnaligned(
                            as: SIMD8<Float>.self),
                        as: SIMD8<Float>.self)
                }
                continue
            }
            var start = 0
            if live == mr && source.columnStride == 1 {
                // Rows lie along memory: 8 columns at a time through a block transpose.
                while start + 8 <= depth {
                    BlockTranspose.transpose8x8(
                        rowsAt.base + start, stride: source.rowStride, into: sliver + start * mr, destinationStride: mr)
                    start += 8
                }
            }
            for i in 0..<mr {
                if i < live {
                    for p in start..<depth { sliver[p * mr + i] = rowsAt[i, p] }
                } else {
                    for p in start..<depth { sliver[p * mr + i] = 0 }
                }
            }
        }
    }

    /// Packs `depth × columns` of B into `nr`-wide slivers: sliver `s` holds, for each row `p`,
    /// columns `s·nr ..< s·nr + nr`, zero-padded past `columns`.
    private func packB(_ source: StridedMatrix, depth: Int, columns: Int, into packed: UnsafeMutablePointer<Float>) {
        let nr = Sizes.nr
        for s in stride(from: 0, to: columns, by: nr) {
            let sliver = packed + s * depth
            let live = min(nr, columns - s)
            var start = 0
            if live == nr && source.rowStride == 1 {
                // Columns lie along memory: blocks of 8 columns × 8 rows through a block transpose.
                let columnsAt = source.offset(row: 0, column: s)
                while start + 8 <= depth {
                    for block in stride(from: 0, to: nr, by: 8) {
                        BlockTranspose.transpose8x8(
                            columnsAt.base + block * source.columnStride + start, stride: source.columnStride,
                            into: sliver + start * nr + block, destinationStride: nr)
                    }
                    start += 8
                }
            }
            for p in start..<depth {
                let row = source.offset(row: p, column: s)
                let destination = sliver + p * nr
                if source.columnStride == 1 && live == nr {
                    // Two vector copies: memmove's call and size dispatch cost more at this length.
                    copy16(from: row.base, to: destination)
                    copy16(from: row.base + 16, to: destination + 16)
                } else if source.columnStride == 1 {
                    destination.update(from: row.base, count: live)
                } else {
                    for j in 0..<live { destination[j] = row[0, j] }
                }
                if live < nr { (destination + live).update(repeating: 0, count: nr - live) }
            }
        }
    }

    @inline(__always)
    private func copy16(from source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(destination).storeBytes(
            of: UnsafeRawPointer(source).loadUnaligned(as: SIMD16<Float>.self), as: SIMD16<Float>.self)
    }

    private func roundUp(_ value: Int, _ multiple: Int) -> Int {
        (value + multiple - 1) / multiple * multiple
    }
}
