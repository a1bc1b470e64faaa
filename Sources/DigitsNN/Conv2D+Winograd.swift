import DigitsCompute

/// Conv2D through Winograd F(4×4, 3×3) (`WinogradTiling`), chosen with `--conv winograd`.
///
/// As on the im2col path, the images of a batch are shared out among the threads, each running
/// single-threaded products. A thread takes `winogradGroup` images at a time and lays their tiles
/// side by side, so each of the 36 products is `[filters × channels]·[channels × tiles]` with 72
/// tile columns for the paper's conv2, while the transformed tiles of the group still fit in the
/// core's cache.
extension Conv2D {
    /// Images whose tiles share one set of 36 products. Trained side by side, one thread on each
    /// core, two and four images trained equally fast (1,277 and 1,274 images/s) and eight more
    /// slowly (1,104–1,194); with two, a group's transformed tiles for conv2 (`V` 0.33 MB, `M`
    /// 0.66 MB) stay within a 1 MB L2 cache.
    public static let winogradGroup = 2

    /// One group of images whose tiles share the 36 products: which images, the products' width
    /// (tile columns) and the spacing of the positions in `V` and `M`.
    struct TileGroup {
        let members: Range<Int>
        let columns: Int
        let inputStride: Int
        let outputStride: Int
    }

    /// `U = G·g·Gᵀ` of every filter, `[36][filters][channels]`.
    private func transformedFilters(_ tiling: WinogradTiling) -> [Float] {
        var u = [Float](
            repeating: 0,
            count: WinogradTiling.positions
                * WinogradTiling.positionStride(rows: outputChannels, columns: inputChannels))
        weight.value.scalars.withUnsafeBufferPointer { w in
            u.withUnsafeMutableBufferPointer { u in
                tiling.transformFilters(w.baseAddress!, filters: outputChannels, into: u.baseAddress!)
            }
        }
        return u
    }

    /// Runs `body` on each group of at most `winogradGroup` consecutive images of `images`, with a
    /// thread's buffers for the group's transformed input tiles `V` (`[36][channels][columns]`) and
    /// output tiles `M` (`[36][filters][columns]`).
    private func forEachGroup(
        _ images: Range<Int>, tiling: WinogradTiling,
        _ body: (_ group: TileGroup, _ v: UnsafeMutablePointer<Float>, _ m: UnsafeMutablePointer<Float>) -> Void
    ) {
        let (channels, filters, tiles) = (inputChannels, outputChannels, tiling.tilesPerImage)
        let width = Self.winogradGroup * tiles
        let v = UnsafeMutablePointer<Float>.allocate(
            capacity: WinogradTiling.bufferCount(rows: channels, columns: width))
        let m = UnsafeMutablePointer<Float>.allocate(
            capacity: WinogradTiling.bufferCount(rows: filters, columns: width))
        defer {
            v.deallocate()
            m.deallocate()
        }
        for start in Swift.stride(from: images.lowerBound, to: images.upperBound, by: Self.winogradGroup) {
            let members = start..<min(start + Self.winogradGroup, images.upperBound)
            let columns = members.count * tiles
            let group = TileGroup(
                members: members, columns: columns,
                inputStride: WinogradTiling.positionStride(rows: channels, columns: columns),
                outputStride: WinogradTiling.positionStride(rows: filters, columns: columns))
            body(group, v, m)
        }
    }

    func winogradForward(
        _ input: Tensor, batch: Int, tiling: WinogradTiling, epilogue: ConvolutionEpilogue, context: LayerContext
    ) -> Tensor {
        let g = tiling.geometry
        let (filters, channels, tiles) = (outputChannels, inputChannels, tiling.tilesPerImage)
        let backend = context.perImageBackend
        let u = transformedFilters(tiling)
        let uStride = WinogradTiling.positionStride(rows: filters, columns: channels)
        let shape = [batch] + epilogue.outputShape(convolution: [filters, g.outputHeight, g.outputWidth])
        return input.scalars.withUnsafeBufferPointer { x in
            u.withUnsafeBufferPointer { u in
                bias.value.scalars.withUnsafeBufferPointer { b in
                    Tensor(shape: shape) { y in
                        parallelChunks(batch, threads: context.threads) { images in
                            let scratch = epilogue.makeScratch()
                            defer { scratch?.deallocate() }
                            forEachGroup(images, tiling: tiling) { group, v, m in
                                let n = group.columns
                                for (i, image) in group.members.enumerated() {
                                    tiling.transformInput(
                                        x.baseAddress! + image * g.imageSize, into: v, column: i * tiles,
                                        leadingDimension: n)
                                }
                                for position in 0..<WinogradTiling.positions {
                                    backend.gemm(
                                        GEMMDimensions(m: filters, n: n, k: channels), alpha: 1,
                                        a: u.baseAddress! + position * uStride, b: v + position * group.inputStride,
                                        beta: 0, c: m + position * group.outputStride)
                                }
                                for (i, image) in group.members.enumerated() {
                                    let out = epilogue.destination(
                                        image: image, batch: y.baseAddress!, scratch: scratch)
                                    tiling.transformOutput(
                                        m, filters: filters, column: i * tiles, leadingDimension: n,
                                        bias: b.baseAddress!, into: out)
                                    epilogue.finish(out, image: image, batch: y.baseAddress!)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    mutating func winogradBackward(
        _ outputGradient: Tensor, batch: Int, tiling: WinogradTiling,
        activation: (function: ActivationFunction, output: Tensor)?, pool: MaxPoolPlanes?, needsInputGradient: Bool,
        context: LayerContext
    ) -> Tensor? {
        let g = tiling.geometry
        let (filters, channels, tiles, positions) = (
            outputChannels, inputChannels, tiling.tilesPerImage, WinogradTiling.positions
        )
        let pixels = g.outputPixels
        let backend = context.perImageBackend
        let chunks = max(1, min(context.threads, batch))
        let u = transformedFilters(tiling)
        let uStride = WinogradTiling.positionStride(rows: filters, columns: channels)
        // Each thread accumulates its own ∂U and ∂b; they are summed at the end.
        let partialSize = positions * uStride + filters
        var partials = [Float](repeating: 0, count: chunks * partialSize)
        var inputGradient = needsInputGradient ? Tensor(shape: input.shape) { _ in } : nil
        input.scalars.withUnsafeBufferPointer { x in
            outputGradient.scalars.withUnsafeBufferPointer { dy in
                u.withUnsafeBufferPointer { u in
                    partials.withUnsafeMutableBufferPointer { partials in
                        withOptionalBuffer(&inputGradient) { dx in
                            withOptionalBuffer(activation?.output) { y in
                                parallelChunks(batch, threads: chunks) { chunk, images in
                                    let du = partials.baseAddress! + chunk * partialSize
                                    let db = du + positions * uStride
                                    let activated = ActivatedGradient(
                                        dy.baseAddress!, activation: activation?.function, output: y?.baseAddress,
                                        pool: pool, imageSize: filters * pixels)
                                    defer { activated.deallocate() }
                                    forEachGroup(images, tiling: tiling) { group, v, dm in
                                        let n = group.columns
                                        for (i, image) in group.members.enumerated() {
                                            let gradient = activated.image(image)
                                            tiling.transformInput(
                                                x.baseAddress! + image * g.imageSize, into: v, column: i * tiles,
                                                leadingDimension: n)
                                            tiling.transformOutputAdjoint(
                                                gradient, filters: filters, into: dm, column: i * tiles,
                                                leadingDimension: n)
                                            for f in 0..<filters {
                                                db[f] += vectorSum(gradient + f * pixels, count: pixels)
                                            }
                                        }
                                        // ∂U_ξ += ∂M_ξ·V_ξᵀ
                                        for position in 0..<positions {
                                            backend.gemm(
                                                GEMMDimensions(transposeB: true, m: filters, n: channels, k: n),
                                                alpha: 1, a: dm + position * group.outputStride,
                                                b: v + position * group.inputStride, beta: 1,
                                                c: du + position * uStride)
                                        }
                                        guard let dx else { return }
                                        // ∂V_ξ = U_ξᵀ·∂M_ξ, over V (no longer needed), then back to the images.
                                        for position in 0..<positions {
                                            backend.gemm(
                                                GEMMDimensions(transposeA: true, m: channels, n: n, k: filters),
                                                alpha: 1, a: u.baseAddress! + position * uStride,
                                                b: dm + position * group.outputStride, beta: 0,
                                                c: v + position * group.inputStride)
                                        }
                                        for (i, image) in group.members.enumerated() {
                                            tiling.transformInputAdjoint(
                                                v, column: i * tiles, leadingDimension: n,
                                                into: dx.baseAddress! + image * g.imageSize)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let sums = summedPartials(partials, chunks: chunks)
        sums.withUnsafeBufferPointer { sums in
            weight.gradient.scalars.withUnsafeMutableBufferPointer { dw in
                tiling.accumulateFilterGradient(sums.baseAddress!, filters: filters, into: dw.baseAddress!)
            }
        }
        for f in 0..<filters { bias.gradient.scalars[f] += sums[positions * uStride + f] }
        return inputGradient
    }
}
