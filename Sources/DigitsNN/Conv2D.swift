import DigitsCompute

/// 2-D convolution (cross-correlation, as in Keras and PyTorch) computed as im2col + one GEMM per batch.
///
/// - input `x`: `[batch, inputChannels, height, width]` (NCHW)
/// - `W`: `[outputChannels, inputChannels, kh, kw]` (PyTorch's layout), read as the matrix
///   `[outputChannels, patchSize]` whose column order is im2col's patch order
/// - `b`: `[outputChannels]`
/// - output: `[batch, outputChannels, outHeight, outWidth]`
///
/// Forward lays the patches of the whole batch side by side, `columns: [patchSize, batch·pixels]`,
/// and computes `W · columns` in one GEMM: at the paper CNN's shapes this orientation ran faster than
/// `columnsᵀ · Wᵀ` on both backends (Reports/bench/kernels.md). The product `[outputChannels,
/// batch·pixels]` is then copied into NCHW order with the bias added. Backward computes
/// `∂W += ∂Y · columnsᵀ` and `∂columns = Wᵀ · ∂Y` (reusing the columns buffer), then col2im.
public struct Conv2D: Layer {
    public let inputChannels: Int
    public let outputChannels: Int
    public let kernelSize: Int
    public let stride: Int
    public let padding: Int
    public var weight: Parameter
    public var bias: Parameter

    /// Patch matrix of the last training batch; reused for `∂columns` in backward.
    private var columns: [Float] = []
    /// The GEMM product (forward) or `∂Y` (backward) in `[outputChannels, batch·pixels]` order.
    private var channelMajor: [Float] = []
    private var inputShape: [Int] = []

    /// Glorot-uniform weights and zero biases, drawn from `rng`; parameters are `name.weight`, `name.bias`.
    public init(
        name: String, inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        using rng: inout SplitMix64
    ) {
        precondition(inputChannels > 0 && outputChannels > 0 && kernelSize > 0 && stride > 0 && padding >= 0,
                     "Conv2D \(name): invalid sizes")
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        let window = kernelSize * kernelSize
        weight = Parameter(
            name: "\(name).weight",
            value: glorotUniform(
                shape: [outputChannels, inputChannels, kernelSize, kernelSize],
                fanIn: inputChannels * window, fanOut: outputChannels * window, using: &rng))
        bias = Parameter(name: "\(name).bias", value: Tensor(zeros: [outputChannels]))
    }

    func geometry(_ inputShape: [Int]) throws -> ConvGeometry {
        guard inputShape.count == 3, inputShape[0] == inputChannels else {
            throw ComputeError.shapeMismatch(
                operation: "Conv2D", detail: "expects [\(inputChannels), height, width] per sample, got \(inputShape)")
        }
        return try ConvGeometry(
            channels: inputChannels, height: inputShape[1], width: inputShape[2], kernelHeight: kernelSize,
            kernelWidth: kernelSize, stride: stride, padding: padding)
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        let g = try geometry(inputShape)
        return [outputChannels, g.outputHeight, g.outputWidth]
    }

    public mutating func forward(_ input: Tensor, mode: Mode, context: inout LayerContext) -> Tensor {
        let (batch, g) = checkedGeometry(input.shape)
        let (pixels, patch, filters) = (g.outputPixels, g.patchSize, outputChannels)
        let width = batch * pixels
        resize(&columns, to: patch * width)
        resize(&channelMajor, to: filters * width)
        let threads = context.threads
        input.scalars.withUnsafeBufferPointer { x in
            columns.withUnsafeMutableBufferPointer { cols in
                parallelChunks(batch, threads: threads) { images in
                    for n in images {
                        im2col(
                            UnsafeBufferPointer(rebasing: x[(n * g.imageSize)..<((n + 1) * g.imageSize)]),
                            geometry: g, layout: .columnPerPixel(leadingDimension: width),
                            into: UnsafeMutableBufferPointer(rebasing: cols[(n * pixels)...]))
                    }
                }
            }
        }
        let dimensions = GEMMDimensions(m: filters, n: width, k: patch)
        weight.value.scalars.withUnsafeBufferPointer { w in
            columns.withUnsafeBufferPointer { cols in
                channelMajor.withUnsafeMutableBufferPointer { product in
                    context.backend.gemm(dimensions, alpha: 1, a: w.baseAddress!, b: cols.baseAddress!, beta: 0,
                                         c: product.baseAddress!)
                }
            }
        }
        let output = channelMajor.withUnsafeBufferPointer { product in
            bias.value.scalars.withUnsafeBufferPointer { b in
                Tensor(shape: [batch, filters, g.outputHeight, g.outputWidth]) { y in
                    parallelChunks(batch, threads: threads) { images in
                        for n in images {
                            for f in 0..<filters {
                                let (from, to, offset) = (product.baseAddress! + f * width + n * pixels,
                                                          y.baseAddress! + (n * filters + f) * pixels, b[f])
                                for q in 0..<pixels { to[q] = from[q] + offset }
                            }
                        }
                    }
                }
            }
        }
        inputShape = input.shape
        return output
    }

    public mutating func backward(_ outputGradient: Tensor, needsInputGradient: Bool, context: inout LayerContext)
        -> Tensor?
    {
        let (batch, g) = checkedGeometry(inputShape)
        let (pixels, patch, filters) = (g.outputPixels, g.patchSize, outputChannels)
        let width = batch * pixels
        precondition(outputGradient.shape == [batch, filters, g.outputHeight, g.outputWidth],
                     "Conv2D backward: gradient \(outputGradient.shape) does not match the forward output")
        precondition(columns.count == patch * width, "Conv2D backward without a training forward pass")
        let threads = context.threads
        // ∂Y in channel-major order; ∂b sums it over images and pixels.
        var imageSums = [Float](repeating: 0, count: batch * filters)
        outputGradient.scalars.withUnsafeBufferPointer { dy in
            channelMajor.withUnsafeMutableBufferPointer { dyc in
                imageSums.withUnsafeMutableBufferPointer { sums in
                    parallelChunks(batch, threads: threads) { images in
                        for n in images {
                            for f in 0..<filters {
                                let from = dy.baseAddress! + (n * filters + f) * pixels
                                (dyc.baseAddress! + f * width + n * pixels).update(from: from, count: pixels)
                                sums[n * filters + f] = vectorSum(from, count: pixels)
                            }
                        }
                    }
                }
            }
        }
        for n in 0..<batch {
            for f in 0..<filters { bias.gradient.scalars[f] += imageSums[n * filters + f] }
        }
        // ∂W += ∂Y · columnsᵀ: [filters, width] · [width, patch].
        channelMajor.withUnsafeBufferPointer { dyc in
            columns.withUnsafeBufferPointer { cols in
                weight.gradient.scalars.withUnsafeMutableBufferPointer { dw in
                    context.backend.gemm(
                        GEMMDimensions(transposeB: true, m: filters, n: patch, k: width), alpha: 1,
                        a: dyc.baseAddress!, b: cols.baseAddress!, beta: 1, c: dw.baseAddress!)
                }
            }
        }
        guard needsInputGradient else { return nil }
        // ∂columns = Wᵀ · ∂Y: [patch, filters] · [filters, width], written over the columns buffer.
        weight.value.scalars.withUnsafeBufferPointer { w in
            channelMajor.withUnsafeBufferPointer { dyc in
                columns.withUnsafeMutableBufferPointer { dcols in
                    context.backend.gemm(
                        GEMMDimensions(transposeA: true, m: patch, n: width, k: filters), alpha: 1,
                        a: w.baseAddress!, b: dyc.baseAddress!, beta: 0, c: dcols.baseAddress!)
                }
            }
        }
        return columns.withUnsafeBufferPointer { dcols in
            Tensor(shape: inputShape) { dx in
                parallelChunks(batch, threads: threads) { images in
                    for n in images {
                        col2im(
                            UnsafeBufferPointer(rebasing: dcols[(n * pixels)...]), geometry: g,
                            layout: .columnPerPixel(leadingDimension: width),
                            into: UnsafeMutableBufferPointer(rebasing: dx[(n * g.imageSize)..<((n + 1) * g.imageSize)]))
                    }
                }
            }
        }
    }

    public mutating func updateParameters(_ body: (inout Parameter) throws -> Void) rethrows {
        try body(&weight)
        try body(&bias)
    }

    /// Batch size and geometry of an NCHW input; a shape that does not fit is a programmer error here
    /// (the network checks shapes when it is built).
    private func checkedGeometry(_ shape: [Int]) -> (batch: Int, geometry: ConvGeometry) {
        precondition(shape.count == 4, "Conv2D expects an NCHW batch, got \(shape)")
        do {
            return (shape[0], try geometry(Array(shape.dropFirst())))
        } catch {
            preconditionFailure("Conv2D: \(error)")
        }
    }
}

/// Grows or shrinks a scratch buffer without initialising it more than once.
func resize(_ buffer: inout [Float], to count: Int) {
    if buffer.count != count { buffer = [Float](repeating: 0, count: count) }
}
