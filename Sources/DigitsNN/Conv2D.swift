import DigitsCompute

/// 2-D convolution (cross-correlation, as in Keras and PyTorch) computed as im2col + GEMM, or for
/// stride-1 3×3 kernels as Winograd F(4×4, 3×3) when the backend asks for it (`Conv2D+Winograd`).
///
/// - input `x`: `[batch, inputChannels, height, width]` (NCHW)
/// - `W`: `[outputChannels, inputChannels, kh, kw]` (PyTorch's layout), read as the matrix
///   `[outputChannels, patchSize]` whose column order is im2col's patch order
/// - `b`: `[outputChannels]`
/// - output: `[batch, outputChannels, outHeight, outWidth]`
///
/// Per image `n`, with `X = im2col(x[n])` (`[patchSize, pixels]`): forward `y[n] = W·X + b`;
/// backward `∂W += ∂y[n]·Xᵀ`, `∂b += Σ_pixels ∂y[n]`, `∂x[n] = col2im(Wᵀ·∂y[n])`.
///
/// The images of a batch are shared out among the threads, each running single-threaded GEMMs on
/// one image at a time. One image's patch matrix (663 KB for the paper's conv2) stays in cache
/// between im2col and the GEMM, the product lands in NCHW order directly, and backward rebuilds the
/// patch matrix instead of keeping the batch's (85 MB): a third faster per epoch than one
/// batch-wide GEMM through a DRAM-sized patch matrix, and far less memory.
public struct Conv2D: Layer {
    public let inputChannels: Int
    public let outputChannels: Int
    public let kernelSize: Int
    public let stride: Int
    public let padding: Int
    public var weight: Parameter
    public var bias: Parameter
    /// The last training input, kept for backward.
    var input = Tensor(zeros: [0])

    /// Glorot-uniform weights and zero biases, drawn from `rng`; parameters are `name.weight`, `name.bias`.
    public init(
        name: String, inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        using rng: inout SplitMix64
    ) {
        precondition(
            inputChannels > 0 && outputChannels > 0 && kernelSize > 0 && stride > 0 && padding >= 0,
            "Conv2D \(name): invalid sizes")
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        let window = kernelSize * kernelSize
        let (weightSpec, biasSpec) = Self.parameterShapes(
            name: name, inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: kernelSize)
        weight = Parameter(
            name: weightSpec.name,
            value: glorotUniform(
                shape: weightSpec.shape, fanIn: inputChannels * window, fanOut: outputChannels * window, using: &rng))
        bias = Parameter(name: biasSpec.name, value: Tensor(zeros: biasSpec.shape))
    }

    /// The names and shapes of the kernel and bias, known before anything is allocated.
    public static func parameterShapes(name: String, inputChannels: Int, outputChannels: Int, kernelSize: Int)
        -> (weight: (name: String, shape: [Int]), bias: (name: String, shape: [Int]))
    {
        (
            ("\(name).weight", [outputChannels, inputChannels, kernelSize, kernelSize]),
            ("\(name).bias", [outputChannels])
        )
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
        var pool: MaxPool2D? = nil
        return forward(input, mode: mode, activation: nil, pool: &pool, context: &context)
    }

    /// The convolution followed by `activation` and then `pool`, both applied to each image's output
    /// while it is still in cache (`Sequential` fuses a convolution with the layers after it);
    /// `pool` keeps its winners as its own forward would.
    mutating func forward(
        _ input: Tensor, mode: Mode, activation: ActivationFunction?, pool: inout MaxPool2D?,
        context: inout LayerContext
    ) -> Tensor {
        let (batch, g) = checkedGeometry(input.shape)
        self.input = mode == .training ? input : Tensor(zeros: [0])
        let imageSize = outputChannels * g.outputPixels
        guard pool != nil else {
            let epilogue = ConvolutionEpilogue(activation: activation, pool: nil, imageSize: imageSize)
            return convolve(input, batch: batch, geometry: g, epilogue: epilogue, context: context)
        }
        let shape = [batch, outputChannels, g.outputHeight, g.outputWidth]
        return pool!.poolBatch(inputShape: shape, keepingOutput: mode == .training) {
            let epilogue = ConvolutionEpilogue(activation: activation, pool: $0, imageSize: imageSize)
            return convolve(input, batch: batch, geometry: g, epilogue: epilogue, context: context)
        }
    }

    private func convolve(
        _ input: Tensor, batch: Int, geometry g: ConvGeometry, epilogue: ConvolutionEpilogue, context: LayerContext
    ) -> Tensor {
        if context.backend.convolution == .winograd, let tiling = WinogradTiling(g) {
            return winogradForward(input, batch: batch, tiling: tiling, epilogue: epilogue, context: context)
        }
        let (pixels, patch, filters) = (g.outputPixels, g.patchSize, outputChannels)
        let product = GEMMDimensions(m: filters, n: pixels, k: patch)
        let backend = context.perImageBackend
        let shape = [batch] + epilogue.outputShape(convolution: [filters, g.outputHeight, g.outputWidth])
        return input.scalars.withUnsafeBufferPointer { x in
            weight.value.scalars.withUnsafeBufferPointer { w in
                bias.value.scalars.withUnsafeBufferPointer { b in
                    Tensor(shape: shape) { y in
                        parallelChunks(batch, threads: context.threads) { images in
                            let columns = UnsafeMutableBufferPointer<Float>.allocate(capacity: patch * pixels)
                            let scratch = epilogue.makeScratch()
                            defer {
                                columns.deallocate()
                                scratch?.deallocate()
                            }
                            for n in images {
                                im2col(
                                    UnsafeBufferPointer(rebasing: x[(n * g.imageSize)..<((n + 1) * g.imageSize)]),
                                    geometry: g, layout: .columnPerPixel(leadingDimension: pixels), into: columns)
                                let out = epilogue.destination(image: n, batch: y.baseAddress!, scratch: scratch)
                                backend.gemm(
                                    product, alpha: 1, a: w.baseAddress!, b: columns.baseAddress!, beta: 0, c: out)
                                for f in 0..<filters {
                                    let row = out + f * pixels
                                    for q in 0..<pixels { row[q] += b[f] }
                                }
                                epilogue.finish(out, image: n, batch: y.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
    }

    public mutating func backward(_ outputGradient: Tensor, needsInputGradient: Bool, context: inout LayerContext)
        -> Tensor?
    {
        backward(
            outputGradient, activation: nil, pool: nil, needsInputGradient: needsInputGradient, context: &context)
    }

    /// Backward through `pool`, `activation` (whose forward output was `output`, pooled when there is
    /// a pool) and the convolution: each image's gradient goes back through the fused layers just
    /// before its products use it.
    mutating func backward(
        _ outputGradient: Tensor, activation: (function: ActivationFunction, output: Tensor)?, pool: MaxPool2D?,
        needsInputGradient: Bool, context: inout LayerContext
    ) -> Tensor? {
        guard let pool else {
            return backward(
                outputGradient, activation: activation, pool: nil as MaxPoolPlanes?,
                needsInputGradient: needsInputGradient, context: context)
        }
        return pool.withWinners { planes in
            backward(
                outputGradient, activation: activation, pool: planes, needsInputGradient: needsInputGradient,
                context: context)
        }
    }

    private mutating func backward(
        _ outputGradient: Tensor, activation: (function: ActivationFunction, output: Tensor)?, pool: MaxPoolPlanes?,
        needsInputGradient: Bool, context: LayerContext
    ) -> Tensor? {
        precondition(input.rank == 4, "Conv2D backward without a training forward pass")
        let (batch, g) = checkedGeometry(input.shape)
        let (pixels, patch, filters) = (g.outputPixels, g.patchSize, outputChannels)
        let shape = [batch] + (pool?.outputShape ?? [filters, g.outputHeight, g.outputWidth])
        precondition(
            outputGradient.shape == shape,
            "Conv2D backward: gradient \(outputGradient.shape) does not match the forward output \(shape)")
        if context.backend.convolution == .winograd, let tiling = WinogradTiling(g) {
            return winogradBackward(
                outputGradient, batch: batch, tiling: tiling, activation: activation, pool: pool,
                needsInputGradient: needsInputGradient, context: context)
        }
        let backend = context.perImageBackend
        let chunks = max(1, min(context.threads, batch))
        // Each thread accumulates its own ∂W and ∂b; they are summed at the end.
        var partials = [Float](repeating: 0, count: chunks * (filters * patch + filters))
        var inputGradient = needsInputGradient ? Tensor(shape: input.shape) { _ in } : nil
        let weightGradient = GEMMDimensions(transposeB: true, m: filters, n: patch, k: pixels)
        let columnGradient = GEMMDimensions(transposeA: true, m: patch, n: pixels, k: filters)
        input.scalars.withUnsafeBufferPointer { x in
            outputGradient.scalars.withUnsafeBufferPointer { dy in
                weight.value.scalars.withUnsafeBufferPointer { w in
                    partials.withUnsafeMutableBufferPointer { partials in
                        withOptionalBuffer(&inputGradient) { dx in
                            withOptionalBuffer(activation?.output) { y in
                                parallelChunks(batch, threads: chunks) { chunk, images in
                                    let dw = partials.baseAddress! + chunk * (filters * patch + filters)
                                    let db = dw + filters * patch
                                    let columns = UnsafeMutableBufferPointer<Float>.allocate(capacity: patch * pixels)
                                    let activated = ActivatedGradient(
                                        dy.baseAddress!, activation: activation?.function, output: y?.baseAddress,
                                        pool: pool, imageSize: filters * pixels)
                                    defer {
                                        columns.deallocate()
                                        activated.deallocate()
                                    }
                                    for n in images {
                                        let image = UnsafeBufferPointer(
                                            rebasing: x[(n * g.imageSize)..<((n + 1) * g.imageSize)])
                                        let gradient = activated.image(n)
                                        im2col(
                                            image, geometry: g, layout: .columnPerPixel(leadingDimension: pixels),
                                            into: columns)
                                        backend.gemm(
                                            weightGradient, alpha: 1, a: gradient, b: columns.baseAddress!, beta: 1,
                                            c: dw)
                                        for f in 0..<filters {
                                            db[f] += vectorSum(gradient + f * pixels, count: pixels)
                                        }
                                        guard let dx else { continue }
                                        backend.gemm(
                                            columnGradient, alpha: 1, a: w.baseAddress!, b: gradient, beta: 0,
                                            c: columns.baseAddress!)
                                        col2im(
                                            UnsafeBufferPointer(columns), geometry: g,
                                            layout: .columnPerPixel(leadingDimension: pixels),
                                            into: UnsafeMutableBufferPointer(
                                                rebasing: dx[(n * g.imageSize)..<((n + 1) * g.imageSize)]))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let sums = summedPartials(partials, chunks: chunks)
        for i in 0..<(filters * patch) { weight.gradient.scalars[i] += sums[i] }
        for f in 0..<filters { bias.gradient.scalars[f] += sums[filters * patch + f] }
        return inputGradient
    }

    public mutating func updateParameters(_ body: (inout Parameter) throws -> Void) rethrows {
        try body(&weight)
        try body(&bias)
    }

    /// Batch size and geometry of an NCHW input; a shape that does not fit is a programmer error here
    /// (the network checks shapes when it is built).
    func checkedGeometry(_ shape: [Int]) -> (batch: Int, geometry: ConvGeometry) {
        precondition(shape.count == 4, "Conv2D expects an NCHW batch, got \(shape)")
        do {
            return (shape[0], try geometry(Array(shape.dropFirst())))
        } catch {
            preconditionFailure("Conv2D: \(error)")
        }
    }
}

/// The element-wise sum of `chunks` equal slices of `partials`: per-thread gradients made one.
func summedPartials(_ partials: [Float], chunks: Int) -> [Float] {
    let length = partials.count / chunks
    var sums = Array(partials[0..<length])
    for chunk in 1..<chunks {
        for i in 0..<length { sums[i] += partials[chunk * length + i] }
    }
    return sums
}

/// Runs `body` with the tensor's scalars when there is a tensor, else with nil.
func withOptionalBuffer<R>(_ tensor: Tensor?, _ body: (UnsafeBufferPointer<Float>?) -> R) -> R {
    guard let tensor else { return body(nil) }
    return tensor.scalars.withUnsafeBufferPointer { body($0) }
}

/// Runs `body` with the tensor's scalars when there is a tensor, else with nil.
func withOptionalBuffer<R>(_ tensor: inout Tensor?, _ body: (UnsafeMutableBufferPointer<Float>?) -> R) -> R {
    guard tensor != nil else { return body(nil) }
    return tensor!.scalars.withUnsafeMutableBufferPointer { body($0) }
}
