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
        let (outHeight, outWidth, size) = (height / size, width / size, size)
        let outPlane = outHeight * outWidth
        if winners.count != planes * outPlane { winners = [Int32](repeating: 0, count: planes * outPlane) }
        let output = input.scalars.withUnsafeBufferPointer { x in
            winners.withUnsafeMutableBufferPointer { winners in
                Tensor(shape: [input.shape[0], input.shape[1], outHeight, outWidth]) { y in
                    parallelChunks(planes, threads: context.threads) { range in
                        for plane in range {
                            let source = x.baseAddress! + plane * height * width
                            for oy in 0..<outHeight {
                                for ox in 0..<outWidth {
                                    let corner = oy * size * width + ox * size
                                    var best = corner
                                    if size == 2 {
                                        // The paper's 2×2 window, unrolled.
                                        if source[corner + 1] > source[best] { best = corner + 1 }
                                        if source[corner + width] > source[best] { best = corner + width }
                                        if source[corner + width + 1] > source[best] { best = corner + width + 1 }
                                    } else {
                                        for dy in 0..<size {
                                            for dx in 0..<size where source[corner + dy * width + dx] > source[best] {
                                                best = corner + dy * width + dx
                                            }
                                        }
                                    }
                                    let out = plane * outPlane + oy * outWidth + ox
                                    y[out] = source[best]
                                    winners[out] = Int32(best)
                                }
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
        guard needsInputGradient else { return nil }
        precondition(outputGradient.count == winners.count, "MaxPool2D backward without a matching forward pass")
        let planes = inputShape[0] * inputShape[1]
        let (plane, outPlane) = (inputShape[2] * inputShape[3], winners.count / max(planes, 1))
        return outputGradient.scalars.withUnsafeBufferPointer { dy in
            winners.withUnsafeBufferPointer { winners in
                Tensor(shape: inputShape) { dx in
                    parallelChunks(planes, threads: context.threads) { range in
                        for p in range {
                            (dx.baseAddress! + p * plane).update(repeating: 0, count: plane)
                            for q in 0..<outPlane {
                                dx[p * plane + Int(winners[p * outPlane + q])] += dy[p * outPlane + q]
                            }
                        }
                    }
                }
            }
        }
    }
}
