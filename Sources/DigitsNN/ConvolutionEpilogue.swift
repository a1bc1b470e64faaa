/// What a convolution does to each image's output while it is still in cache, once the bias is
/// added: the activation of the layer after it, and the max-pool after that (`Sequential` fuses
/// them). Unpooled, the output goes straight into its place in the batch; pooled, it goes through a
/// per-thread scratch image and only the pooled planes reach the batch, so the full-size output
/// (19 MB a batch for the paper's conv2) is never written. The layers run one by one compute the
/// same values (tested).
struct ConvolutionEpilogue {
    let activation: ActivationFunction?
    let pool: MaxPoolPlanes?
    /// Scalars of one image's convolution output.
    let imageSize: Int

    /// The per-sample shape of what reaches the batch.
    func outputShape(convolution: [Int]) -> [Int] { pool?.outputShape ?? convolution }

    /// Where one thread computes image `n`'s convolution output: a scratch image when it is pooled.
    func destination(image n: Int, batch y: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>?)
        -> UnsafeMutablePointer<Float>
    {
        scratch ?? y + n * imageSize
    }

    /// A thread's scratch image, when the output is pooled; the caller deallocates it.
    func makeScratch() -> UnsafeMutablePointer<Float>? { pool == nil ? nil : .allocate(capacity: imageSize) }

    /// Applies the activation to image `n`'s output `out` in place, then pools it into the batch `y`.
    func finish(_ out: UnsafeMutablePointer<Float>, image n: Int, batch y: UnsafeMutablePointer<Float>) {
        activation?.apply(out, into: out, count: imageSize)
        guard let pool else { return }
        for channel in 0..<pool.channels {
            pool.pool(plane: out + channel * pool.planeSize, at: n * pool.channels + channel, into: y)
        }
    }
}

/// The gradient at a convolution's output, image by image: the incoming gradient itself, or when an
/// activation and a pool were fused, the gradient through them, computed into a per-thread scratch
/// image just before the convolution's products use it. With a pool, the incoming gradient and the
/// kept output are the pooled ones: each window's winner gets `∂y·f′`, the rest of the image zero.
struct ActivatedGradient {
    let gradient: UnsafePointer<Float>
    let activation: ActivationFunction?
    let output: UnsafePointer<Float>?
    let pool: MaxPoolPlanes?
    let imageSize: Int
    let scratch: UnsafeMutablePointer<Float>?

    init(
        _ gradient: UnsafePointer<Float>, activation: ActivationFunction?, output: UnsafePointer<Float>?,
        pool: MaxPoolPlanes?, imageSize: Int
    ) {
        self.gradient = gradient
        self.activation = output == nil ? nil : activation
        self.output = output
        self.pool = pool
        self.imageSize = imageSize
        scratch = self.activation == nil && pool == nil ? nil : .allocate(capacity: imageSize)
    }

    /// Image `n`'s gradient; valid until the next call.
    func image(_ n: Int) -> UnsafePointer<Float> {
        if let pool, let scratch {
            for channel in 0..<pool.channels {
                let plane = n * pool.channels + channel
                let dx = scratch + channel * pool.planeSize
                if let activation, let output {
                    pool.route(plane: plane, into: dx) { activation.backpropagate(gradient[$0], output: output[$0]) }
                } else {
                    pool.route(plane: plane, into: dx) { gradient[$0] }
                }
            }
            return UnsafePointer(scratch)
        }
        let dy = gradient + n * imageSize
        guard let activation, let output, let scratch else { return dy }
        activation.backpropagate(dy, output: output + n * imageSize, into: scratch, count: imageSize)
        return UnsafePointer(scratch)
    }

    func deallocate() { scratch?.deallocate() }
}
