import DigitsCompute

/// Max pooling over non-overlapping `size × size` windows (stride = size, no padding: Keras'
/// `MaxPooling2D(pool_size)` with `padding="valid"`; trailing rows/columns that do not fill a window
/// are dropped). input `[batch, channels, height, width]` → `[batch, channels, height/size, width/size]`.
///
/// Backward routes each output gradient to the input position that held the maximum (the first
/// one on ties), remembered in forward.
public struct MaxPool2D: Layer {
    public let size: Int
    private var winners: [Int32] = []
    private var inputShape: [Int] = []
    /// The pooled batch of a fused training pass (empty otherwise).
    private var pooledOutput = Tensor(zeros: [0])

    public init(size: Int) {
        precondition(size > 0, "MaxPool2D size must be positive, got \(size)")
        self.size = size
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count == 3, inputShape[1] >= size, inputShape[2] >= size else {
            throw ComputeError.shapeMismatch(
                operation: "MaxPool2D",
                detail: "expects [channels, height ≥ \(size), width ≥ \(size)], got \(inputShape)")
        }
        return [inputShape[0], inputShape[1] / size, inputShape[2] / size]
    }

    public mutating func forward(_ input: Tensor, mode: Mode, context: inout LayerContext) -> Tensor {
        precondition(input.rank == 4, "MaxPool2D expects an NCHW batch, got \(input.shape)")
        let (planes, height, width) = (input.shape[0] * input.shape[1], input.shape[2], input.shape[3])
        let threads = threadsWorthWaking(context.threads, forElements: input.count)
        return poolBatch(inputShape: input.shape, keepingOutput: false) { pool in
            input.scalars.withUnsafeBufferPointer { x in
                Tensor(shape: [input.shape[0]] + pool.outputShape) { y in
                    parallelChunks(planes, threads: threads) { range in
                        for plane in range {
                            pool.pool(
                                plane: x.baseAddress! + plane * height * width, at: plane, into: y.baseAddress!)
                        }
                    }
                }
            }
        }
    }

    /// Pools a batch of `inputShape`: `body` pools its planes through the given winners and returns
    /// the pooled batch. This layer's forward pools an input tensor; a convolution fused with it
    /// (`Sequential`) pools each image's output while it is in cache, and in training has the pooled
    /// batch kept (`keepingOutput`) for the derivative of the activation fused before the pool.
    mutating func poolBatch(inputShape: [Int], keepingOutput: Bool, _ body: (MaxPoolPlanes) -> Tensor) -> Tensor {
        precondition(inputShape.count == 4, "MaxPool2D expects an NCHW batch, got \(inputShape)")
        let (planes, outPlane) = (inputShape[0] * inputShape[1], (inputShape[2] / size) * (inputShape[3] / size))
        if winners.count != planes * outPlane { winners = [Int32](repeating: 0, count: planes * outPlane) }
        self.inputShape = inputShape
        let size = size
        let output = winners.withUnsafeMutableBufferPointer {
            body(MaxPoolPlanes(size: size, batchShape: inputShape, winners: $0.baseAddress!))
        }
        pooledOutput = keepingOutput ? output : Tensor(zeros: [0])
        return output
    }

    /// The batch pooled by the last training pass of a fused convolution.
    var trainingOutput: Tensor { pooledOutput }

    /// Runs `body` with the winners of the last forward pass, for a fused convolution's backward.
    func withWinners<R>(_ body: (MaxPoolPlanes) -> R) -> R {
        precondition(inputShape.count == 4, "MaxPool2D backward without a forward pass")
        return winners.withUnsafeBufferPointer { winners in
            body(
                MaxPoolPlanes(
                    size: size, batchShape: inputShape, winners: UnsafeMutablePointer(mutating: winners.baseAddress!)))
        }
    }

    /// One plane pooled window by window: each output is its window's first maximum, in row order, and
    /// `winners` holds where in the plane it was.
    static func pool(
        _ source: UnsafePointer<Float>, size: Int, width: Int, into output: UnsafeMutablePointer<Float>,
        winners: UnsafeMutablePointer<Int32>, outHeight: Int, outWidth: Int
    ) {
        for oy in 0..<outHeight {
            for ox in 0..<outWidth {
                let corner = oy * size * width + ox * size
                var best = corner
                for dy in 0..<size {
                    for dx in 0..<size where source[corner + dy * width + dx] > source[best] {
                        best = corner + dy * width + dx
                    }
                }
                output[oy * outWidth + ox] = source[best]
                winners[oy * outWidth + ox] = Int32(best)
            }
        }
    }

    /// The same for the paper's 2 × 2 windows, eight at a time: the even and odd columns of two rows
    /// are the four corners, compared with vector selects. (The scalar loop's branches on which
    /// corner wins are unpredictable; they made pooling 6% of a training epoch.) A row's last eight
    /// windows are computed again where its width is not a multiple of eight; rows of fewer than
    /// eight windows take the scalar loop.
    static func pool2x2(
        _ source: UnsafePointer<Float>, width: Int, into output: UnsafeMutablePointer<Float>,
        winners: UnsafeMutablePointer<Int32>, outHeight: Int
    ) {
        let outWidth = width / 2
        guard outWidth >= 8 else {
            return pool(
                source, size: 2, width: width, into: output, winners: winners, outHeight: outHeight,
                outWidth: outWidth)
        }
        let lanes = SIMD8<Int32>(0, 2, 4, 6, 8, 10, 12, 14)
        for oy in 0..<outHeight {
            let top = source + 2 * oy * width
            var ox = 0
            while ox < outWidth {
                ox = min(ox, outWidth - 8)
                let upper = UnsafeRawPointer(top + 2 * ox).loadUnaligned(as: SIMD16<Float>.self)
                let lower = UnsafeRawPointer(top + width + 2 * ox).loadUnaligned(as: SIMD16<Float>.self)
                // The first maximum of the top left, top right, bottom left and bottom right corners.
                var (best, corner) = (upper.evenHalf, SIMD8<Int32>())
                @inline(__always) func take(_ candidate: SIMD8<Float>, at offset: Int) {
                    let wins = candidate .> best
                    best.replace(with: candidate, where: wins)
                    corner.replace(with: Int32(offset), where: wins)
                }
                take(upper.oddHalf, at: 1)
                take(lower.evenHalf, at: width)
                take(lower.oddHalf, at: width + 1)
                let first = lanes &+ Int32(2 * oy * width + 2 * ox)
                UnsafeMutableRawPointer(output + oy * outWidth + ox).storeBytes(of: best, as: SIMD8<Float>.self)
                UnsafeMutableRawPointer(winners + oy * outWidth + ox).storeBytes(
                    of: corner &+ first, as: SIMD8<Int32>.self)
                ox += 8
            }
        }
    }

    public mutating func backward(_ outputGradient: Tensor, needsInputGradient: Bool, context: inout LayerContext)
        -> Tensor?
    {
        guard needsInputGradient else { return nil }
        precondition(outputGradient.count == winners.count, "MaxPool2D backward without a matching forward pass")
        let planes = inputShape[0] * inputShape[1]
        let threads = threadsWorthWaking(context.threads, forElements: Tensor.count(of: inputShape))
        return withWinners { pool in
            outputGradient.scalars.withUnsafeBufferPointer { dy in
                Tensor(shape: inputShape) { dx in
                    parallelChunks(planes, threads: threads) { range in
                        for p in range {
                            pool.route(plane: p, into: dx.baseAddress! + p * pool.planeSize) { dy[$0] }
                        }
                    }
                }
            }
        }
    }
}
