/// Winograd's minimal filtering F(4×4, 3×3) (Lavin and Gray, 2016) for stride-1 3×3 convolutions.
///
/// Each 4×4 block of output pixels (a tile) comes from a 6×6 block of input in 36 multiplications
/// instead of 144. With the transforms `U = G·g·Gᵀ` of each 3×3 filter, `V = Bᵀ·d·B` of each 6×6
/// input tile and `Y = Aᵀ·M·A` back to the 4×4 output, a convolution becomes 36 independent matrix
/// products `M_ξ = U_ξ·V_ξ`, one per position ξ of the transformed 6×6 tile: batched GEMMs that run
/// on either backend, with 4 times fewer multiplications than im2col + GEMM. The interpolation
/// points are 0, ±1, ±2 and ∞, whose small integer coefficients keep float rounding within a few
/// units in the last place of the sums.
///
/// Backward is the adjoint of every step: `∂M = A·∂Y·Aᵀ`, `∂U += ∂M·Vᵀ`, `∂V = Uᵀ·∂M`,
/// `∂d = B·∂V·Bᵀ` (added back where the tiles overlap) and `∂g = Gᵀ·∂U·G`.
///
/// Layouts, for `filters` output and `channels` input channels and a row of `columns` tiles (a
/// group of images side by side, each at its own column offset), with the positions
/// `positionStride` apart:
/// - `U`, `∂U`: `[36][filters][channels]`
/// - `V`, `∂V`: `[36][channels][columns]`
/// - `M`, `∂M`: `[36][filters][columns]`
///
/// Tiles start at `4·tile − padding`; input outside the image reads as zero, and output beyond a
/// ragged edge is dropped, so any image size and padding work.
public struct WinogradTiling: Sendable, Equatable {
    /// Output pixels along a tile's side.
    static let outputSide = 4
    /// Input pixels along a tile's side: the output side plus the kernel's reach.
    static let inputSide = 6
    /// Positions of the transformed 6×6 tile: the number of products per convolution.
    public static let positions = 36

    public let geometry: ConvGeometry
    /// Tiles down and across one image's output.
    public let tileRows: Int
    public let tileColumns: Int

    /// nil unless the convolution is 3×3 with stride 1, the only kind F(4×4, 3×3) computes.
    public init?(_ geometry: ConvGeometry) {
        guard geometry.kernelHeight == 3, geometry.kernelWidth == 3, geometry.stride == 1 else { return nil }
        self.geometry = geometry
        tileRows = (geometry.outputHeight + 3) / 4
        tileColumns = (geometry.outputWidth + 3) / 4
    }

    public var tilesPerImage: Int { tileRows * tileColumns }

    /// Scalars from one position's `rows × columns` matrix to the next in a `[36][rows][columns]`
    /// buffer: the matrix rounded up to whole cache lines, plus one line when that makes an even
    /// number. A tile's values then fall in different sets of the L1 cache; with the paper's sizes
    /// the plain stride is a multiple of 4 KiB, and the streams fought over one set (transforms
    /// three times slower).
    public static func positionStride(rows: Int, columns: Int) -> Int {
        let lines = (rows * columns + 15) / 16
        return 16 * (lines % 2 == 0 ? lines + 1 : lines)
    }

    /// Scalars a `[36][rows][columns]` buffer needs: the positions, and 16 scalars of slack since
    /// the transforms read and write whole blocks of tiles.
    public static func bufferCount(rows: Int, columns: Int) -> Int {
        positions * positionStride(rows: rows, columns: columns) + 16
    }

    // MARK: - Filters

    /// `U_ξ[f][c]` from the filters `w`: `[filters][channels][3][3]`.
    public func transformFilters(_ w: UnsafePointer<Float>, filters: Int, into u: UnsafeMutablePointer<Float>) {
        let channels = geometry.channels
        let plane = Self.positionStride(rows: filters, columns: channels)
        for f in 0..<filters {
            for c in 0..<channels {
                let g = w + (f * channels + c) * 9
                // G down each column of the 3×3 filter, then along each of the six rows.
                let columns = (filterRows(g[0], g[3], g[6]), filterRows(g[1], g[4], g[7]), filterRows(g[2], g[5], g[8]))
                let t = u + f * channels + c
                for r in 0..<Self.inputSide {
                    let row = filterRows(columns.0[r], columns.1[r], columns.2[r])
                    for s in 0..<Self.inputSide { t[(6 * r + s) * plane] = row[s] }
                }
            }
        }
    }

    /// `∂w[f][c] += Gᵀ·∂U[f][c]·G`: the filters' gradient from the gradient of their transform.
    public func accumulateFilterGradient(
        _ du: UnsafePointer<Float>, filters: Int, into dw: UnsafeMutablePointer<Float>
    ) {
        let channels = geometry.channels
        let plane = Self.positionStride(rows: filters, columns: channels)
        for f in 0..<filters {
            for c in 0..<channels {
                let t = du + f * channels + c
                // Gᵀ along each of the six rows gives the three columns' entries; then Gᵀ down each column.
                var columns = (Six.zero, Six.zero, Six.zero)
                for r in 0..<Self.inputSide {
                    var row = Six.zero
                    for s in 0..<Self.inputSide { row[s] = t[(6 * r + s) * plane] }
                    (columns.0[r], columns.1[r], columns.2[r]) = filterAdjointRows(row)
                }
                let g = dw + (f * channels + c) * 9
                @inline(__always) func add(_ column: Six, at j: Int) {
                    let values = filterAdjointRows(column)
                    g[j] += values.0
                    g[3 + j] += values.1
                    g[6 + j] += values.2
                }
                add(columns.0, at: 0)
                add(columns.1, at: 1)
                add(columns.2, at: 2)
            }
        }
    }

    // MARK: - Input

    /// The transforms see one channel (padding and any ragged edge zero) as four phase planes of
    /// `paddedRows` rows: the columns 4·j + q go to entry j of plane q. Column s of a block of
    /// neighbouring tiles (column 4·tx + s) is then one plain vector load or store, at entry
    /// tx + s/4 of plane s mod 4, and the transforms need no shuffles.
    var paddedRows: Int { 4 * tileRows + 2 }
    /// Entries in a row of a phase plane: room for every block of tiles, one column on, and for
    /// the whole chunks of 16 columns that `split` and `merge` move.
    var phaseWidth: Int { Lanes.scalarCount * blocksPerRow + 8 + (geometry.padding + 3) / 4 }
    var phasePlane: Int { paddedRows * phaseWidth }
    /// Blocks of up to `Lanes.scalarCount` tiles along a row of tiles, which the transforms take at once.
    var blocksPerRow: Int { (tileColumns + Lanes.scalarCount - 1) / Lanes.scalarCount }

    /// Runs `body` with `count` zeroed scratch phase planes, one after another, and room for a
    /// block's 6×6 tiles half-transformed. The input transform and its adjoint go down a block's
    /// columns into that scratch, then along its rows: with all 36 vectors of a block live at once
    /// the compiler spilled them, and the two ran twice as slowly (KernelBench, conv2's batch: 5.1
    /// and 6.0 ms, now 2.4 and 3.2). The output transforms, with four rows, gained nothing from it.
    private func withPhasePlanes<R>(
        _ count: Int, _ body: (_ planes: UnsafeMutablePointer<Float>, _ scratch: UnsafeMutablePointer<Lanes>) -> R
    ) -> R {
        let planes = UnsafeMutablePointer<Float>.allocate(capacity: count * phasePlane)
        planes.initialize(repeating: 0, count: count * phasePlane)
        let scratch = UnsafeMutablePointer<Lanes>.allocate(capacity: Self.positions)
        defer {
            planes.deallocate()
            scratch.deallocate()
        }
        return body(planes, scratch)
    }

    /// Visits the blocks of tile row `ty`: the block's first tile along the row and in the image, how
    /// many of its lanes are tiles, and whether a whole vector may be stored from that tile (the
    /// lanes past the row's end fall on tiles written later).
    @inline(__always)
    private func forEachBlock(
        row ty: Int, _ body: (_ first: Int, _ tile: Int, _ lanes: Int, _ wholeStore: Bool) -> Void
    ) {
        for block in 0..<blocksPerRow {
            let first = Lanes.scalarCount * block
            let tile = ty * tileColumns + first
            body(first, tile, min(Lanes.scalarCount, tileColumns - first), tile + Lanes.scalarCount <= tilesPerImage)
        }
    }

    /// Copies `count` values of a row into the four phase planes' rows (`planes`, each
    /// `phasePlane` long, at the row's offset), starting at column `start`, 16 columns at a time.
    /// `readable` values from `row` on may be read (the rest of the channel): a load of 16 then
    /// needs no piecing together.
    @inline(__always)
    private func split(
        _ row: UnsafePointer<Float>, count: Int, start: Int, readable: Int, planes: UnsafeMutablePointer<Float>
    ) {
        for chunk in 0..<((count + 15) / 16) {
            let values = loadPrefix(row + 16 * chunk, count: count - 16 * chunk, readable: readable - 16 * chunk)
            let (even, odd) = (values.evenHalf, values.oddHalf)
            // Column 16·chunk + 4·j + r of the row is padded column start + …: phase (start + r) mod 4.
            @inline(__always) func put(_ phase: SIMD4<Float>, _ r: Int) {
                let padded = start + r
                store(phase, planes + (padded & 3) * phasePlane + 4 * chunk + (padded >> 2))
            }
            put(even.evenHalf, 0)
            put(odd.evenHalf, 1)
            put(even.oddHalf, 2)
            put(odd.oddHalf, 3)
        }
    }

    /// The reverse of `split`: `count` values of the row from the four phase planes, from column
    /// `start` on, plus `bias`.
    @inline(__always)
    private func merge(
        _ planes: UnsafePointer<Float>, count: Int, start: Int, bias: Float, into row: UnsafeMutablePointer<Float>
    ) {
        for chunk in 0..<((count + 15) / 16) {
            // Entry j of the chunk in phase (start + q) mod 4 is value 4·j + q: the four phases side by
            // side hold value 4·j + q at 4·q + j. Taking the even entries, then the odd ones, rotates
            // the four bits of an index right by one; twice, it swaps j and q.
            @inline(__always) func phase(_ q: Int) -> SIMD4<Float> {
                let padded = start + q
                return load(planes + (padded & 3) * phasePlane + 4 * chunk + (padded >> 2))
            }
            @inline(__always) func unzip(_ x: SIMD16<Float>) -> SIMD16<Float> {
                SIMD16(lowHalf: x.evenHalf, highHalf: x.oddHalf)
            }
            let phases = SIMD16(
                lowHalf: SIMD8(lowHalf: phase(0), highHalf: phase(1)),
                highHalf: SIMD8(lowHalf: phase(2), highHalf: phase(3)))
            let values = unzip(unzip(phases)) + bias
            storePrefix(values, row + 16 * chunk, count: count - 16 * chunk)
        }
    }

    /// `V_ξ[c][column + t]` for every tile `t` of one image `[channels][height][width]`.
    public func transformInput(
        _ image: UnsafePointer<Float>, into v: UnsafeMutablePointer<Float>, column: Int, leadingDimension ld: Int
    ) {
        let g = geometry
        let (plane, width) = (Self.positionStride(rows: g.channels, columns: ld), phaseWidth)
        withPhasePlanes(4) { planes, scratch in
            for c in 0..<g.channels {
                let channel = image + c * g.height * g.width
                for y in 0..<g.height {
                    split(
                        channel + y * g.width, count: g.width, start: g.padding,
                        readable: (g.height - y) * g.width, planes: planes + (y + g.padding) * width)
                }
                for ty in 0..<tileRows {
                    forEachBlock(row: ty) { first, tile, lanes, wholeStore in
                        // Column s (input column 4·tx + s) of the block's 6×6 tiles, with Bᵀ down
                        // it, into the scratch; then Bᵀ along each row of the scratch.
                        for s in 0..<Self.inputSide {
                            let p = UnsafePointer(planes + (s & 3) * phasePlane + 4 * ty * width + first + (s >> 2))
                            let column = inputRows(
                                (
                                    load(p), load(p + width), load(p + 2 * width), load(p + 3 * width),
                                    load(p + 4 * width), load(p + 5 * width)
                                ))
                            let at = scratch + s
                            (at[0], at[6], at[12], at[18], at[24], at[30]) = column
                        }
                        let t = v + c * ld + column + tile
                        for row in 0..<Self.inputSide {
                            let at = scratch + 6 * row
                            storeRow(
                                inputRows((at[0], at[1], at[2], at[3], at[4], at[5])), t, plane, row: row,
                                lanes: lanes, whole: wholeStore)
                        }
                    }
                }
            }
        }
    }

    /// The adjoint of `transformInput`: writes into `image` (`[channels][height][width]`, every
    /// element overwritten) the sum over tiles of `B·∂V·Bᵀ` at each tile's place, dropping padding.
    public func transformInputAdjoint(
        _ dv: UnsafePointer<Float>, column: Int, leadingDimension ld: Int, into image: UnsafeMutablePointer<Float>
    ) {
        let g = geometry
        let (plane, width) = (Self.positionStride(rows: g.channels, columns: ld), phaseWidth)
        // A tile adds to columns 4·tx … 4·tx + 5: the first four go to the phase planes at tx, the
        // last two to two more planes at tx as well (they belong one entry on in planes 0 and 1), so
        // no vector store overlaps another; an overlapping read after a write stalls store forwarding.
        withPhasePlanes(6) { planes, scratch in
            for c in 0..<g.channels {
                planes.update(repeating: 0, count: 6 * phasePlane)
                for ty in 0..<tileRows {
                    forEachBlock(row: ty) { first, tile, lanes, _ in
                        // B down each column into the scratch, then along each row.
                        let t = UnsafePointer(dv + c * ld + column + tile)
                        for s in 0..<Self.inputSide {
                            let column = inputAdjointRows(loadPositions(t + s * plane, 6 * plane, lanes: lanes))
                            let at = scratch + s
                            (at[0], at[6], at[12], at[18], at[24], at[30]) = column
                        }
                        for r in 0..<Self.inputSide {
                            let row = scratch + 6 * r
                            let values = inputAdjointRows((row[0], row[1], row[2], row[3], row[4], row[5]))
                            let at = planes + (4 * ty + r) * width + first
                            addStore(values.0, at)
                            addStore(values.1, at + phasePlane)
                            addStore(values.2, at + 2 * phasePlane)
                            addStore(values.3, at + 3 * phasePlane)
                            addStore(values.4, at + 4 * phasePlane)
                            addStore(values.5, at + 5 * phasePlane)
                        }
                    }
                }
                // What each tile added to its columns 4 and 5 belongs one entry on in planes 0 and 1.
                // The last entry of a row in planes 4 and 5 is never written: the next row gets zero.
                for q in 0..<2 {
                    let (into, from) = (planes + q * phasePlane, UnsafePointer(planes + (4 + q) * phasePlane))
                    var i = 1
                    while i + 16 <= phasePlane {
                        store(load(into + i) + (load(from + i - 1) as SIMD16<Float>), into + i)
                        i += 16
                    }
                    for j in i..<phasePlane { into[j] += from[j - 1] }
                }
                let channel = image + c * g.height * g.width
                for y in 0..<g.height {
                    merge(
                        planes + (y + g.padding) * width, count: g.width, start: g.padding, bias: 0,
                        into: channel + y * g.width)
                }
            }
        }
    }

    // MARK: - Output

    /// One image's output `[filters][outHeight][outWidth]` = `Aᵀ·M·A` per tile, plus `bias[f]`.
    public func transformOutput(
        _ m: UnsafePointer<Float>, filters: Int, column: Int, leadingDimension ld: Int, bias: UnsafePointer<Float>,
        into output: UnsafeMutablePointer<Float>
    ) {
        let (outHeight, outWidth) = (geometry.outputHeight, geometry.outputWidth)
        let (plane, width) = (Self.positionStride(rows: filters, columns: ld), phaseWidth)
        withPhasePlanes(4) { planes, _ in
            for f in 0..<filters {
                for ty in 0..<tileRows {
                    forEachBlock(row: ty) { first, tile, _, _ in
                        let x = loadTile(m + f * ld + column + tile, plane, lanes: Lanes.scalarCount)
                        // Aᵀ down each column, then along each of the four rows.
                        let c0 = outputRows((x.0.0, x.1.0, x.2.0, x.3.0, x.4.0, x.5.0))
                        let c1 = outputRows((x.0.1, x.1.1, x.2.1, x.3.1, x.4.1, x.5.1))
                        let c2 = outputRows((x.0.2, x.1.2, x.2.2, x.3.2, x.4.2, x.5.2))
                        let c3 = outputRows((x.0.3, x.1.3, x.2.3, x.3.3, x.4.3, x.5.3))
                        let c4 = outputRows((x.0.4, x.1.4, x.2.4, x.3.4, x.4.4, x.5.4))
                        let c5 = outputRows((x.0.5, x.1.5, x.2.5, x.3.5, x.4.5, x.5.5))
                        @inline(__always) func put(_ values: FourLanes, row r: Int) {
                            let at = planes + (4 * ty + r) * width + first
                            store(values.0, at)
                            store(values.1, at + phasePlane)
                            store(values.2, at + 2 * phasePlane)
                            store(values.3, at + 3 * phasePlane)
                        }
                        put(outputRows((c0.0, c1.0, c2.0, c3.0, c4.0, c5.0)), row: 0)
                        put(outputRows((c0.1, c1.1, c2.1, c3.1, c4.1, c5.1)), row: 1)
                        put(outputRows((c0.2, c1.2, c2.2, c3.2, c4.2, c5.2)), row: 2)
                        put(outputRows((c0.3, c1.3, c2.3, c3.3, c4.3, c5.3)), row: 3)
                    }
                }
                let destination = output + f * outHeight * outWidth
                for y in 0..<outHeight {
                    merge(
                        planes + y * width, count: outWidth, start: 0, bias: bias[f], into: destination + y * outWidth)
                }
            }
        }
    }

    /// The adjoint of `transformOutput` (without the bias): `∂M = A·∂Y·Aᵀ` for every tile of one
    /// image's output gradient `[filters][outHeight][outWidth]`, output beyond the edge reading zero.
    public func transformOutputAdjoint(
        _ dy: UnsafePointer<Float>, filters: Int, into dm: UnsafeMutablePointer<Float>, column: Int,
        leadingDimension ld: Int
    ) {
        let (outHeight, outWidth) = (geometry.outputHeight, geometry.outputWidth)
        let (plane, width) = (Self.positionStride(rows: filters, columns: ld), phaseWidth)
        withPhasePlanes(4) { planes, _ in
            for f in 0..<filters {
                let source = dy + f * outHeight * outWidth
                for y in 0..<outHeight {
                    split(
                        source + y * outWidth, count: outWidth, start: 0, readable: (outHeight - y) * outWidth,
                        planes: planes + y * width)
                }
                for ty in 0..<tileRows {
                    forEachBlock(row: ty) { first, tile, lanes, wholeStore in
                        // A down each of the four columns, then along each of the six rows.
                        @inline(__always) func transformedColumn(_ q: Int) -> SixLanes {
                            let p = UnsafePointer(planes + q * phasePlane + 4 * ty * width + first)
                            return outputAdjointRows(
                                (load(p), load(p + width), load(p + 2 * width), load(p + 3 * width)))
                        }
                        let (c0, c1, c2, c3) = (
                            transformedColumn(0), transformedColumn(1), transformedColumn(2), transformedColumn(3)
                        )
                        let t = dm + f * ld + column + tile
                        @inline(__always) func put(_ values: FourLanes, row: Int) {
                            storeRow(outputAdjointRows(values), t, plane, row: row, lanes: lanes, whole: wholeStore)
                        }
                        put((c0.0, c1.0, c2.0, c3.0), row: 0)
                        put((c0.1, c1.1, c2.1, c3.1), row: 1)
                        put((c0.2, c1.2, c2.2, c3.2), row: 2)
                        put((c0.3, c1.3, c2.3, c3.3), row: 3)
                        put((c0.4, c1.4, c2.4, c3.4), row: 4)
                        put((c0.5, c1.5, c2.5, c3.5), row: 5)
                    }
                }
            }
        }
    }
}

/// The tiles a transform takes at once, one per lane. A row of the paper's conv2 output has 6
/// tiles and conv1's has 7: with 16 lanes more than half would be empty.
typealias Lanes = SIMD8<Float>
typealias FourLanes = (Lanes, Lanes, Lanes, Lanes)
typealias SixLanes = (Lanes, Lanes, Lanes, Lanes, Lanes, Lanes)

/// `Bᵀ·(d0, …, d5)` for a block of tiles at once.
@inline(__always)
private func inputRows(_ d: SixLanes) -> SixLanes {
    (
        4 * d.0 - 5 * d.2 + d.4, d.3 + d.4 - 4 * (d.1 + d.2), 4 * (d.1 - d.2) - d.3 + d.4,
        2 * (d.3 - d.1) - d.2 + d.4, 2 * (d.1 - d.3) - d.2 + d.4, 4 * d.1 - 5 * d.3 + d.5
    )
}

/// `B·(x0, …, x5)`, the adjoint of `inputRows`.
@inline(__always)
private func inputAdjointRows(_ x: SixLanes) -> SixLanes {
    (
        4 * x.0, 4 * (x.2 + x.5 - x.1) + 2 * (x.4 - x.3), -5 * x.0 - 4 * (x.1 + x.2) - x.3 - x.4,
        x.1 - x.2 + 2 * (x.3 - x.4) - 5 * x.5, x.0 + x.1 + x.2 + x.3 + x.4, x.5
    )
}

/// `Aᵀ·(m0, …, m5)`.
@inline(__always)
private func outputRows(_ m: SixLanes) -> FourLanes {
    let (sum1, difference1, sum2, difference2) = (m.1 + m.2, m.1 - m.2, m.3 + m.4, m.3 - m.4)
    return (m.0 + sum1 + sum2, difference1 + 2 * difference2, sum1 + 4 * sum2, difference1 + 8 * difference2 + m.5)
}

/// `A·(y0, …, y3)`, the adjoint of `outputRows`.
@inline(__always)
private func outputAdjointRows(_ y: FourLanes) -> SixLanes {
    let (even, odd, evenWeighted, oddWeighted) = (y.0 + y.2, y.1 + y.3, y.0 + 4 * y.2, 2 * y.1 + 8 * y.3)
    return (y.0, even + odd, even - odd, evenWeighted + oddWeighted, evenWeighted - oddWeighted, y.3)
}

/// The first `count` lanes of `values`, the others zero. A bitwise and with a mask made by
/// arithmetic: a `SIMDMask` from a comparison with a scalar compiles to a loop through memory.
@inline(__always)
private func keepingFirst(_ count: Int, of values: SIMD16<Float>) -> SIMD16<Float> {
    let lane = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
    let mask = (lane &- SIMD16(repeating: Int32(count))) &>> SIMD16(repeating: 31)
    return unsafeBitCast(unsafeBitCast(values, to: SIMD16<Int32>.self) & mask, to: SIMD16<Float>.self)
}

@inline(__always)
private func keepingFirst(_ count: Int, of values: SIMD8<Float>) -> SIMD8<Float> {
    keepingFirst(count, of: values, restFrom: .zero)
}

/// The first `count` lanes of `values` and the rest of `rest`: a store of a partial block without
/// a loop over lanes (`rest` holds what the buffer had there).
@inline(__always)
private func keepingFirst(_ count: Int, of values: SIMD8<Float>, restFrom rest: SIMD8<Float>) -> SIMD8<Float> {
    let lane = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
    let mask = (lane &- SIMD8(repeating: Int32(count))) &>> SIMD8(repeating: 31)
    let (kept, old) = (unsafeBitCast(values, to: SIMD8<Int32>.self), unsafeBitCast(rest, to: SIMD8<Int32>.self))
    return unsafeBitCast((kept & mask) | (old & ~mask), to: SIMD8<Float>.self)
}

/// `count` values from `p` (all 16 when there are that many), zero beyond; only the first `count`
/// are read unless `readable` says 16 may be.
@inline(__always)
private func loadPrefix(_ p: UnsafePointer<Float>, count: Int, readable: Int) -> SIMD16<Float> {
    if count >= 16 { return load(p) }
    if readable >= 16 { return keepingFirst(count, of: load(p)) }
    var values = SIMD16<Float>.zero
    for i in 0..<count { values[i] = p[i] }
    return values
}

/// Stores the first `count` of `values` (all 16 when there are that many) at `p`.
@inline(__always)
private func storePrefix(_ values: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>, count: Int) {
    if count >= 16 { return store(values, p) }
    if count < 8 { return storePrefix(values.lowHalf, p, count: count) }
    store(values.lowHalf, p)
    storePrefix(values.highHalf, p + 8, count: count - 8)
}

/// Stores the first `count` of `values` (all 8 when there are that many) at `p`, in pieces of
/// 4, 2 and 1: a loop over the lanes, indexed by a variable, went through memory and stalled.
@inline(__always)
private func storePrefix(_ values: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, count: Int) {
    if count >= 8 { return store(values, p) }
    var (rest, at) = (values.lowHalf, p)
    if count & 4 != 0 {
        store(rest, at)
        (rest, at) = (values.highHalf, at + 4)
    }
    var last = rest.lowHalf
    if count & 2 != 0 {
        store(last, at)
        (last, at) = (rest.highHalf, at + 2)
    }
    if count & 1 != 0 { at[0] = last[0] }
}

/// A vector of consecutive scalars at `p`, any alignment.
@inline(__always)
private func load<Vector: SIMD>(_ p: UnsafePointer<Float>) -> Vector where Vector.Scalar == Float {
    UnsafeRawPointer(p).loadUnaligned(as: Vector.self)
}

@inline(__always)
private func store<Vector: SIMD>(_ values: Vector, _ p: UnsafeMutablePointer<Float>) where Vector.Scalar == Float {
    UnsafeMutableRawPointer(p).storeBytes(of: values, as: Vector.self)
}

@inline(__always)
private func addStore(_ values: Lanes, _ p: UnsafeMutablePointer<Float>) {
    store(load(p) + values, p)
}

/// Row `row` of a block of transformed tiles: position ξ = 6·row + s of tile `i` at `start + ξ·plane + i`.
/// Only the first `lanes` change unless `whole` says the rest may be overwritten: the others are
/// written back as they were, in one vector store. With a loop over the lanes instead, the output
/// adjoint took 7.0 ms for conv2's batch in KernelBench, against 4.2.
@inline(__always)
private func storeRow(
    _ values: SixLanes, _ start: UnsafeMutablePointer<Float>, _ plane: Int, row: Int, lanes: Int, whole: Bool
) {
    @inline(__always) func put(_ lane: Lanes, _ p: UnsafeMutablePointer<Float>) {
        store(whole ? lane : keepingFirst(lanes, of: lane, restFrom: load(p)), p)
    }
    let p = start + 6 * row * plane
    put(values.0, p)
    put(values.1, p + plane)
    put(values.2, p + 2 * plane)
    put(values.3, p + 3 * plane)
    put(values.4, p + 4 * plane)
    put(values.5, p + 5 * plane)
}

/// Six positions of a block of transformed tiles, `step` apart from `start` (a row of a tile with
/// the positions' spacing, a column with six times that); lanes from `lanes` on read zero.
@inline(__always)
private func loadPositions(_ start: UnsafePointer<Float>, _ step: Int, lanes: Int) -> SixLanes {
    @inline(__always) func at(_ k: Int) -> Lanes { keepingFirst(lanes, of: load(start + k * step)) }
    return (at(0), at(1), at(2), at(3), at(4), at(5))
}

/// A block of transformed tiles from `start` (positions `plane` apart), as rows of six
/// positions; lanes from `lanes` on read zero.
@inline(__always)
private func loadTile(_ start: UnsafePointer<Float>, _ plane: Int, lanes: Int) -> (
    SixLanes, SixLanes, SixLanes, SixLanes, SixLanes, SixLanes
) {
    @inline(__always) func row(_ r: Int) -> SixLanes { loadPositions(start + 6 * r * plane, plane, lanes: lanes) }
    return (row(0), row(1), row(2), row(3), row(4), row(5))
}

/// Six values of a filter's transform (two spare lanes).
typealias Six = SIMD8<Float>

/// The columns of G (6×3).
private let filterColumns = (
    Six(1 / 4, -1 / 6, -1 / 6, 1 / 24, 1 / 24, 0, 0, 0), Six(0, -1 / 6, 1 / 6, 1 / 12, -1 / 12, 0, 0, 0),
    Six(0, -1 / 6, -1 / 6, 1 / 6, 1 / 6, 1, 0, 0)
)

/// `G·(g0, g1, g2)`.
@inline(__always)
private func filterRows(_ g0: Float, _ g1: Float, _ g2: Float) -> Six {
    g0 * filterColumns.0 + g1 * filterColumns.1 + g2 * filterColumns.2
}

/// `Gᵀ·x`, the adjoint of `filterRows`.
@inline(__always)
private func filterAdjointRows(_ x: Six) -> (Float, Float, Float) {
    ((filterColumns.0 * x).sum(), (filterColumns.1 * x).sum(), (filterColumns.2 * x).sum())
}
