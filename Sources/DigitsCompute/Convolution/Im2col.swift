/// How im2col lays out the patch matrix of one image: entry `(r, q)` is element `r` of the
/// receptive field (`r = (channel·kh + ky)·kw + kx`) of output pixel `q` (`q = oy·outWidth + ox`).
///
/// - `columnPerPixel`: `[patchSize, pixels]`, row `r` at `r·leadingDimension` (`W · columns` gives
///   a `[outChannels, pixels]` output, NCHW).
/// - `rowPerPixel`: `[pixels, patchSize]`, pixel `q` at `q·leadingDimension` (`rows · Wᵀ` gives
///   `[pixels, outChannels]`, NHWC).
///
/// The leading dimension lets a batch of images sit side by side in one matrix, so one GEMM
/// covers the whole batch.
public enum PatchLayout: Sendable, Equatable {
    case columnPerPixel(leadingDimension: Int)
    case rowPerPixel(leadingDimension: Int)

    /// Offsets between neighbouring patch elements and neighbouring pixels.
    var strides: (patch: Int, pixel: Int) {
        switch self {
        case .columnPerPixel(let ld): (ld, 1)
        case .rowPerPixel(let ld): (1, ld)
        }
    }

    /// Stops with the sizes when either buffer is too small for `g` (a programmer error).
    func checkBuffers(_ operation: String, image: Int, patches: Int, geometry g: ConvGeometry) {
        precondition(image >= g.imageSize, "\(operation): image holds \(image) scalars, \(g) needs \(g.imageSize)")
        precondition(
            patches >= requiredCount(g),
            "\(operation): patch buffer holds \(patches) scalars, \(self) needs \(requiredCount(g))")
    }

    /// Scalars a buffer needs for one image's patch matrix.
    func requiredCount(_ geometry: ConvGeometry) -> Int {
        let (patch, pixel) = strides
        return (geometry.patchSize - 1) * patch + (geometry.outputPixels - 1) * pixel + 1
    }
}

/// Copies every receptive field of one image into the patch matrix; padding reads as zero.
/// image: `[channels, height, width]`.
public func im2col(
    _ image: UnsafeBufferPointer<Float>, geometry g: ConvGeometry, layout: PatchLayout,
    into patches: UnsafeMutableBufferPointer<Float>
) {
    layout.checkBuffers("im2col", image: image.count, patches: patches.count, geometry: g)
    let (source, destination) = (image.baseAddress!, patches.baseAddress!)
    let pixelStride = layout.strides.pixel
    forEachRun(g, layout) { imageStart, patchStart, count in
        let out = destination + patchStart
        guard let imageStart else {
            for q in 0..<count { out[q * pixelStride] = 0 }
            return
        }
        let from = source + imageStart
        if g.stride == 1 && pixelStride == 1 {
            out.update(from: from, count: count)
        } else {
            for q in 0..<count { out[q * pixelStride] = from[q * g.stride] }
        }
    }
}

/// Adds a short run (a row of output pixels: 24 for the paper's conv2) into another with 16- and
/// 8-wide vector adds; the plain loop's vector prologue and epilogue cost more than the adds at this
/// length (col2im 6.1% → 4.7% of a training profile).
@inline(__always)
private func addRun(_ from: UnsafePointer<Float>, to: UnsafeMutablePointer<Float>, count: Int) {
    var q = 0
    while q + 16 <= count {
        let (source, target) = (UnsafeRawPointer(from + q), UnsafeMutableRawPointer(to + q))
        target.storeBytes(
            of: target.loadUnaligned(as: SIMD16<Float>.self) + source.loadUnaligned(as: SIMD16<Float>.self),
            as: SIMD16<Float>.self)
        q += 16
    }
    if q + 8 <= count {
        let (source, target) = (UnsafeRawPointer(from + q), UnsafeMutableRawPointer(to + q))
        target.storeBytes(
            of: target.loadUnaligned(as: SIMD8<Float>.self) + source.loadUnaligned(as: SIMD8<Float>.self),
            as: SIMD8<Float>.self)
        q += 8
    }
    while q < count {
        to[q] += from[q]
        q += 1
    }
}

/// The adjoint of `im2col`: writes into `image` the sum, over every patch entry, of its value at the
/// image position it was copied from (entries that fell on padding are dropped). This is how the
/// gradient of a convolution's input is gathered back. image: `[channels, height, width]`.
public func col2im(
    _ patches: UnsafeBufferPointer<Float>, geometry g: ConvGeometry, layout: PatchLayout,
    into image: UnsafeMutableBufferPointer<Float>
) {
    layout.checkBuffers("col2im", image: image.count, patches: patches.count, geometry: g)
    let (source, destination) = (patches.baseAddress!, image.baseAddress!)
    let pixelStride = layout.strides.pixel
    destination.update(repeating: 0, count: g.imageSize)
    forEachRun(g, layout) { imageStart, patchStart, count in
        guard let imageStart else { return }
        let from = source + patchStart
        let to = destination + imageStart
        if g.stride == 1 && pixelStride == 1 {
            addRun(from, to: to, count: count)
        } else {
            for q in 0..<count { to[q * g.stride] += from[q * pixelStride] }
        }
    }
}

/// Visits the patch matrix as runs along one output row: `count` consecutive output pixels whose
/// entries step by `stride` through the image and by the layout's pixel stride through the patch
/// buffer, starting at `imageStart` (nil for a run that falls on padding) and `patchStart`.
/// Shared by im2col and col2im so the two stay exact adjoints.
@inline(__always)
private func forEachRun(_ g: ConvGeometry, _ layout: PatchLayout, _ body: (Int?, Int, Int) -> Void) {
    let (patchStride, pixelStride) = layout.strides
    let (outHeight, outWidth) = (g.outputHeight, g.outputWidth)
    var r = 0
    for channel in 0..<g.channels {
        for ky in 0..<g.kernelHeight {
            for kx in 0..<g.kernelWidth {
                // Output columns whose x = ox·stride − padding + kx lands inside the image.
                let first = min(outWidth, max(0, (g.padding - kx + g.stride - 1) / g.stride))
                let lastX = g.width - 1 + g.padding - kx
                let last = lastX < 0 ? first : min(outWidth, max(first, lastX / g.stride + 1))
                for oy in 0..<outHeight {
                    let y = oy * g.stride - g.padding + ky
                    let patchRow = r * patchStride + oy * outWidth * pixelStride
                    guard y >= 0 && y < g.height else {
                        body(nil, patchRow, outWidth)
                        continue
                    }
                    if first > 0 { body(nil, patchRow, first) }
                    if last > first {
                        let x = first * g.stride - g.padding + kx
                        body((channel * g.height + y) * g.width + x, patchRow + first * pixelStride, last - first)
                    }
                    if last < outWidth { body(nil, patchRow + last * pixelStride, outWidth - last) }
                }
                r += 1
            }
        }
    }
}
