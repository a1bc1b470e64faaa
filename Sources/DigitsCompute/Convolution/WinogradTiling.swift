/// Winograd's minimal filtering F(2×2, 3×3) (Lavin and Gray, 2016) for stride-1 3×3 convolutions.
///
/// Each 2×2 block of output pixels (a tile) comes from a 4×4 block of input in 16 multiplications
/// instead of 36. With the transforms `U = G·g·Gᵀ` of each 3×3 filter, `V = Bᵀ·d·B` of each 4×4
/// input tile and `Y = Aᵀ·M·A` back to the 2×2 output, a convolution becomes 16 independent matrix
/// products `M_ξ = U_ξ·V_ξ`, one per position ξ of the transformed 4×4 tile: batched GEMMs that run
/// on either backend, with 2.25 times fewer multiplications than im2col + GEMM.
///
/// Backward is the adjoint of every step: `∂M = A·∂Y·Aᵀ`, `∂U += ∂M·Vᵀ`, `∂V = Uᵀ·∂M`,
/// `∂d = B·∂V·Bᵀ` (added back where the tiles overlap) and `∂g = Gᵀ·∂U·G`.
///
/// Layouts, for `filters` output and `channels` input channels and a row of `columns` tiles (a
/// group of images side by side, each at its own column offset), with the positions
/// `positionStride` apart:
/// - `U`, `∂U`: `[16][filters][channels]`
/// - `V`, `∂V`: `[16][channels][columns]`
/// - `M`, `∂M`: `[16][filters][columns]`
///
/// Tiles start at `2·tile − padding`; input outside the image reads as zero, and output beyond an
/// odd edge is dropped, so any image size and padding work.
public struct WinogradTiling: Sendable, Equatable {
    /// Positions of the transformed 4×4 tile: the number of products per convolution.
    public static let positions = 16

    public let geometry: ConvGeometry
    /// Tiles down and across one image's output.
    public let tileRows: Int
    public let tileColumns: Int

    /// nil unless the convolution is 3×3 with stride 1, the only kind F(2×2, 3×3) computes.
    public init?(_ geometry: ConvGeometry) {
        guard geometry.kernelHeight == 3, geometry.kernelWidth == 3, geometry.stride == 1 else { return nil }
        self.geometry = geometry
        tileRows = (geometry.outputHeight + 1) / 2
        tileColumns = (geometry.outputWidth + 1) / 2
    }

    public var tilesPerImage: Int { tileRows * tileColumns }

    /// Scalars from one position's `rows × columns` matrix to the next in a `[16][rows][columns]`
    /// buffer: the matrix rounded up to whole cache lines, plus one line when that makes an even
    /// number. A tile's 16 values then fall in 16 different cache sets; with the paper's sizes the
    /// plain stride is a multiple of 4 KiB, and the 16 streams fought over one set of the L1 cache
    /// (transforms three times slower).
    public static func positionStride(rows: Int, columns: Int) -> Int {
        let lines = (rows * columns + 15) / 16
        return 16 * (lines % 2 == 0 ? lines + 1 : lines)
    }

    // MARK: - Filters

    /// `U_ξ[f][c]` from the filters `w`: `[filters][channels][3][3]`.
    public func transformFilters(_ w: UnsafePointer<Float>, filters: Int, into u: UnsafeMutablePointer<Float>) {
        let channels = geometry.channels
        let plane = Self.positionStride(rows: filters, columns: channels)
        for f in 0..<filters {
            for c in 0..<channels {
                let g = w + (f * channels + c) * 9
                // G down each column of the 3×3 filter, then along each of the four rows.
                let c0 = filterRows(g[0], g[3], g[6])
                let c1 = filterRows(g[1], g[4], g[7])
                let c2 = filterRows(g[2], g[5], g[8])
                let t = u + f * channels + c
                store(filterRows(c0.0, c1.0, c2.0), t, plane, row: 0)
                store(filterRows(c0.1, c1.1, c2.1), t, plane, row: 1)
                store(filterRows(c0.2, c1.2, c2.2), t, plane, row: 2)
                store(filterRows(c0.3, c1.3, c2.3), t, plane, row: 3)
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
                let x = load(du + f * channels + c, plane)
                // Gᵀ down each column, then along each of the three rows.
                let c0 = filterAdjointRows(x.0.0, x.1.0, x.2.0, x.3.0)
                let c1 = filterAdjointRows(x.0.1, x.1.1, x.2.1, x.3.1)
                let c2 = filterAdjointRows(x.0.2, x.1.2, x.2.2, x.3.2)
                let c3 = filterAdjointRows(x.0.3, x.1.3, x.2.3, x.3.3)
                let g = dw + (f * channels + c) * 9
                @inline(__always) func add(_ row: (Float, Float, Float), at r: Int) {
                    g[3 * r] += row.0
                    g[3 * r + 1] += row.1
                    g[3 * r + 2] += row.2
                }
                add(filterAdjointRows(c0.0, c1.0, c2.0, c3.0), at: 0)
                add(filterAdjointRows(c0.1, c1.1, c2.1, c3.1), at: 1)
                add(filterAdjointRows(c0.2, c1.2, c2.2, c3.2), at: 2)
            }
        }
    }

    // MARK: - Input

    /// The transforms see one channel (padding and any odd edge zero) as two planes of
    /// `paddedRows` rows: its even columns and its odd columns. Column s of 16 neighbouring tiles is
    /// then one plain 16-wide load or store (column 2·tx + s is entry tx + s/2 of the even or odd
    /// plane), and no shuffles are needed.
    var paddedRows: Int { 2 * tileRows + 2 }
    /// Entries in a row of the even or the odd plane: room for every block of 16 tiles, one column on.
    var halfWidth: Int { 16 * blocksPerRow + 1 }
    var halfPlane: Int { paddedRows * halfWidth }
    /// Blocks of up to 16 tiles along a row of tiles: the transforms work on 16 tiles at once.
    var blocksPerRow: Int { (tileColumns + 15) / 16 }

    /// Scalars a `[16][rows][columns]` buffer needs: the positions, and 16 scalars of slack since
    /// the transforms read and write whole blocks of 16 tiles.
    public static func bufferCount(rows: Int, columns: Int) -> Int {
        positions * positionStride(rows: rows, columns: columns) + 16
    }

    /// Runs `body` with `count` zeroed scratch half planes, one after another.
    private func withHalfPlanes<R>(_ count: Int, _ body: (UnsafeMutablePointer<Float>) -> R) -> R {
        let planes = UnsafeMutablePointer<Float>.allocate(capacity: count * halfPlane)
        planes.initialize(repeating: 0, count: count * halfPlane)
        defer { planes.deallocate() }
        return body(planes)
    }

    /// Visits the blocks of tile row `ty`: the block's first tile along the row and in the image, how
    /// many of its 16 lanes are tiles, and whether 16 values may be stored from that tile (the lanes
    /// past the row's end fall on tiles written later).
    @inline(__always)
    private func forEachBlock(
        row ty: Int, _ body: (_ first: Int, _ tile: Int, _ lanes: Int, _ wholeStore: Bool) -> Void
    ) {
        for block in 0..<blocksPerRow {
            let first = 16 * block
            let tile = ty * tileColumns + first
            body(first, tile, min(16, tileColumns - first), tile + 16 <= tilesPerImage)
        }
    }

    /// Copies `count` values of a row into the even and odd planes' rows, starting at column `start`.
    @inline(__always)
    private func split(
        _ row: UnsafePointer<Float>, count: Int, start: Int, even: UnsafeMutablePointer<Float>,
        odd: UnsafeMutablePointer<Float>
    ) {
        // An odd first column, then pairs (even, odd) in one vectorisable loop, then an even last one.
        let skip = start & 1
        if skip == 1 { odd[start >> 1] = row[0] }
        let (base, pairs) = ((start + skip) >> 1, (count - skip) >> 1)
        for j in 0..<pairs {
            even[base &+ j] = row[skip &+ 2 &* j]
            odd[base &+ j] = row[skip &+ 2 &* j &+ 1]
        }
        if (count - skip) & 1 == 1 { even[base + pairs] = row[count - 1] }
    }

    /// `V_ξ[c][column + t]` for every tile `t` of one image `[channels][height][width]`.
    public func transformInput(
        _ image: UnsafePointer<Float>, into v: UnsafeMutablePointer<Float>, column: Int, leadingDimension ld: Int
    ) {
        let g = geometry
        let (plane, width) = (Self.positionStride(rows: g.channels, columns: ld), halfWidth)
        withHalfPlanes(2) { even in
            let odd = even + halfPlane
            for c in 0..<g.channels {
                let channel = image + c * g.height * g.width
                for y in 0..<g.height {
                    let row = (y + g.padding) * width
                    split(channel + y * g.width, count: g.width, start: g.padding, even: even + row, odd: odd + row)
                }
                for ty in 0..<tileRows {
                    forEachBlock(row: ty) { first, tile, lanes, wholeStore in
                        // Columns 2·tx … 2·tx + 3 of row r of 16 tiles.
                        @inline(__always) func columns(_ r: Int) -> FourLanes {
                            let at = (2 * ty + r) * width + first
                            return (load16(even + at), load16(odd + at), load16(even + at + 1), load16(odd + at + 1))
                        }
                        let (d0, d1, d2, d3) = (columns(0), columns(1), columns(2), columns(3))
                        // Bᵀ down each column of the 4×4 block, then along each resulting row.
                        let t = v + c * ld + column + tile
                        @inline(__always) func put(_ values: FourLanes, row: Int) {
                            storeRow(inputRows(values), t, plane, row: row, lanes: lanes, whole: wholeStore)
                        }
                        put((d0.0 - d2.0, d0.1 - d2.1, d0.2 - d2.2, d0.3 - d2.3), row: 0)
                        put((d1.0 + d2.0, d1.1 + d2.1, d1.2 + d2.2, d1.3 + d2.3), row: 1)
                        put((d2.0 - d1.0, d2.1 - d1.1, d2.2 - d1.2, d2.3 - d1.3), row: 2)
                        put((d1.0 - d3.0, d1.1 - d3.1, d1.2 - d3.2, d1.3 - d3.3), row: 3)
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
        let (plane, width) = (Self.positionStride(rows: g.channels, columns: ld), halfWidth)
        // A tile adds to columns 2·tx … 2·tx + 3: the first two go to the even and odd planes at tx,
        // the last two to a second pair at tx as well (they belong one entry on), so no 16-wide
        // store overlaps another; an overlapping read after a write stalls store forwarding.
        withHalfPlanes(4) { even in
            let (odd, evenNext, oddNext) = (even + halfPlane, even + 2 * halfPlane, even + 3 * halfPlane)
            for c in 0..<g.channels {
                even.update(repeating: 0, count: 4 * halfPlane)
                for ty in 0..<tileRows {
                    forEachBlock(row: ty) { first, tile, lanes, _ in
                        let x = loadTile(dv + c * ld + column + tile, plane, lanes: lanes)
                        // B down each column, then along each row.
                        let c0 = inputAdjointRows((x.0.0, x.1.0, x.2.0, x.3.0))
                        let c1 = inputAdjointRows((x.0.1, x.1.1, x.2.1, x.3.1))
                        let c2 = inputAdjointRows((x.0.2, x.1.2, x.2.2, x.3.2))
                        let c3 = inputAdjointRows((x.0.3, x.1.3, x.2.3, x.3.3))
                        @inline(__always) func add(_ values: FourLanes, row r: Int) {
                            let at = (2 * ty + r) * width + first
                            addStore(values.0, even + at)
                            addStore(values.1, odd + at)
                            addStore(values.2, evenNext + at)
                            addStore(values.3, oddNext + at)
                        }
                        add(inputAdjointRows((c0.0, c1.0, c2.0, c3.0)), row: 0)
                        add(inputAdjointRows((c0.1, c1.1, c2.1, c3.1)), row: 1)
                        add(inputAdjointRows((c0.2, c1.2, c2.2, c3.2)), row: 2)
                        add(inputAdjointRows((c0.3, c1.3, c2.3, c3.3)), row: 3)
                    }
                }
                let channel = image + c * g.height * g.width
                for y in 0..<g.height {
                    let row = (y + g.padding) * width
                    let line = channel + y * g.width
                    for x in 0..<g.width {
                        // Column x + padding of the padded channel: entry half of the even or odd plane.
                        let (half, isOdd) = ((x + g.padding) >> 1, (x + g.padding) & 1 == 1)
                        let (near, next) = isOdd ? (odd, oddNext) : (even, evenNext)
                        line[x] = near[row + half] + (half > 0 ? next[row + half - 1] : 0)
                    }
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
        let (plane, width) = (Self.positionStride(rows: filters, columns: ld), halfWidth)
        withHalfPlanes(2) { even in
            let odd = even + halfPlane
            for f in 0..<filters {
                for ty in 0..<tileRows {
                    forEachBlock(row: ty) { first, tile, _, _ in
                        let x = loadTile(m + f * ld + column + tile, plane, lanes: 16)
                        // Aᵀ down each column, then along each of the two rows.
                        let c0 = outputRows((x.0.0, x.1.0, x.2.0, x.3.0))
                        let c1 = outputRows((x.0.1, x.1.1, x.2.1, x.3.1))
                        let c2 = outputRows((x.0.2, x.1.2, x.2.2, x.3.2))
                        let c3 = outputRows((x.0.3, x.1.3, x.2.3, x.3.3))
                        let (top, bottom) = (outputRows((c0.0, c1.0, c2.0, c3.0)), outputRows((c0.1, c1.1, c2.1, c3.1)))
                        let at = 2 * ty * width + first
                        store16(top.0, even + at)
                        store16(top.1, odd + at)
                        store16(bottom.0, even + at + width)
                        store16(bottom.1, odd + at + width)
                    }
                }
                let destination = output + f * outHeight * outWidth
                for y in 0..<outHeight {
                    let (row, line) = (y * width, destination + y * outWidth)
                    let (e, o, b) = (even + row, odd + row, bias[f])
                    for j in 0..<(outWidth >> 1) {
                        line[2 &* j] = e[j] + b
                        line[2 &* j &+ 1] = o[j] + b
                    }
                    if outWidth & 1 == 1 { line[outWidth - 1] = e[outWidth >> 1] + b }
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
        let (plane, width) = (Self.positionStride(rows: filters, columns: ld), halfWidth)
        withHalfPlanes(2) { even in
            let odd = even + halfPlane
            for f in 0..<filters {
                let source = dy + f * outHeight * outWidth
                for y in 0..<outHeight {
                    split(
                        source + y * outWidth, count: outWidth, start: 0, even: even + y * width, odd: odd + y * width)
                }
                for ty in 0..<tileRows {
                    forEachBlock(row: ty) { first, tile, lanes, wholeStore in
                        let at = 2 * ty * width + first
                        // A down each of the two columns, then along each of the four rows.
                        let c0 = outputAdjointRows(load16(even + at), load16(even + at + width))
                        let c1 = outputAdjointRows(load16(odd + at), load16(odd + at + width))
                        let t = dm + f * ld + column + tile
                        storeRow(outputAdjointRows(c0.0, c1.0), t, plane, row: 0, lanes: lanes, whole: wholeStore)
                        storeRow(outputAdjointRows(c0.1, c1.1), t, plane, row: 1, lanes: lanes, whole: wholeStore)
                        storeRow(outputAdjointRows(c0.2, c1.2), t, plane, row: 2, lanes: lanes, whole: wholeStore)
                        storeRow(outputAdjointRows(c0.3, c1.3), t, plane, row: 3, lanes: lanes, whole: wholeStore)
                    }
                }
            }
        }
    }
}

typealias Lanes = SIMD16<Float>
typealias FourLanes = (Lanes, Lanes, Lanes, Lanes)

/// `Bᵀ·(d0, d1, d2, d3)` for 16 tiles at once.
@inline(__always)
private func inputRows(_ d: FourLanes) -> FourLanes {
    (d.0 - d.2, d.1 + d.2, d.2 - d.1, d.1 - d.3)
}

/// `B·(x0, x1, x2, x3)`, the adjoint of `inputRows`.
@inline(__always)
private func inputAdjointRows(_ x: FourLanes) -> FourLanes {
    (x.0, x.1 - x.2 + x.3, x.1 + x.2 - x.0, -x.3)
}

/// `Aᵀ·(m0, m1, m2, m3)`.
@inline(__always)
private func outputRows(_ m: FourLanes) -> (Lanes, Lanes) {
    (m.0 + m.1 + m.2, m.1 - m.2 - m.3)
}

/// `A·(y0, y1)`, the adjoint of `outputRows`.
@inline(__always)
private func outputAdjointRows(_ y0: Lanes, _ y1: Lanes) -> FourLanes {
    (y0, y0 + y1, y0 - y1, -y1)
}

@inline(__always)
private func load16(_ p: UnsafePointer<Float>) -> Lanes {
    UnsafeRawPointer(p).loadUnaligned(as: Lanes.self)
}

@inline(__always)
private func store16(_ values: Lanes, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: values, as: Lanes.self)
}

@inline(__always)
private func addStore(_ values: Lanes, _ p: UnsafeMutablePointer<Float>) {
    store16(load16(p) + values, p)
}

/// Row `row` of 16 transformed tiles: position ξ = 4·row + s of tile `i` at `start + ξ·plane + i`.
/// Only the first `lanes` are stored unless `whole` says the rest may be overwritten.
@inline(__always)
private func storeRow(
    _ values: FourLanes, _ start: UnsafeMutablePointer<Float>, _ plane: Int, row: Int, lanes: Int, whole: Bool
) {
    @inline(__always) func put(_ lane: Lanes, _ p: UnsafeMutablePointer<Float>) {
        if whole {
            UnsafeMutableRawPointer(p).storeBytes(of: lane, as: Lanes.self)
        } else {
            for i in 0..<lanes { p[i] = lane[i] }
        }
    }
    let p = start + 4 * row * plane
    put(values.0, p)
    put(values.1, p + plane)
    put(values.2, p + 2 * plane)
    put(values.3, p + 3 * plane)
}

/// 16 transformed tiles from `start` (positions `plane` apart), as rows of four positions; lanes
/// from `lanes` on read zero.
@inline(__always)
private func loadTile(_ start: UnsafePointer<Float>, _ plane: Int, lanes: Int) -> (
    FourLanes, FourLanes, FourLanes, FourLanes
) {
    let keep = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) .< Int32(lanes)
    var p = start
    @inline(__always) func next() -> Lanes {
        defer { p += plane }
        return Lanes.zero.replacing(with: load16(p), where: keep)
    }
    return (
        (next(), next(), next(), next()), (next(), next(), next(), next()), (next(), next(), next(), next()),
        (next(), next(), next(), next())
    )
}

typealias Four = (Float, Float, Float, Float)

/// `G·(g0, g1, g2)`.
@inline(__always)
private func filterRows(_ g0: Float, _ g1: Float, _ g2: Float) -> Four {
    (g0, 0.5 * (g0 + g1 + g2), 0.5 * (g0 - g1 + g2), g2)
}

/// `Gᵀ·(x0, x1, x2, x3)`, the adjoint of `filterRows`.
@inline(__always)
private func filterAdjointRows(_ x0: Float, _ x1: Float, _ x2: Float, _ x3: Float) -> (Float, Float, Float) {
    (x0 + 0.5 * (x1 + x2), 0.5 * (x1 - x2), 0.5 * (x1 + x2) + x3)
}

/// Row `row` of a transformed tile: positions ξ = 4·row + s at `start + ξ·plane`.
@inline(__always)
private func store(_ values: Four, _ start: UnsafeMutablePointer<Float>, _ plane: Int, row: Int) {
    let p = start + 4 * row * plane
    (p[0], p[plane], p[2 * plane], p[3 * plane]) = values
}

/// The 16 values of a transformed tile, as rows of four.
@inline(__always)
private func load(_ start: UnsafePointer<Float>, _ plane: Int) -> (Four, Four, Four, Four) {
    @inline(__always) func row(_ r: Int) -> Four {
        let p = start + 4 * r * plane
        return (p[0], p[plane], p[2 * plane], p[3 * plane])
    }
    return (row(0), row(1), row(2), row(3))
}
