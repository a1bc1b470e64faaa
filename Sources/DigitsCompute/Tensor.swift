/// A dense float32 tensor: a shape and its scalars in row-major order.
///
/// Image batches use NCHW layout everywhere in Digits: `[batch, channels, height, width]`, the
/// last index varying fastest. A matrix is a rank-2 tensor `[rows, columns]`.
public struct Tensor: Sendable, Equatable {
    public let shape: [Int]
    public var scalars: [Float]

    /// Number of scalars a tensor of `shape` holds.
    public static func count(of shape: [Int]) -> Int {
        shape.reduce(1, *)
    }

    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor shape \(shape) has a negative dimension")
        precondition(
            Tensor.count(of: shape) == scalars.count,
            "Tensor shape \(shape) needs \(Tensor.count(of: shape)) scalars, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    public init(repeating value: Float, shape: [Int]) {
        self.init(shape: shape, scalars: [Float](repeating: value, count: Tensor.count(of: shape)))
    }

    public init(zeros shape: [Int]) {
        self.init(repeating: 0, shape: shape)
    }

    /// Uniform random scalars in `range`, reproducible from the generator's seed. Inlinable, so it is
    /// specialised for the caller's generator: unspecialised, every scalar went through witness-table
    /// calls, and building the paper CNN's 1.2 million parameters took 0.6 s of every model load.
    @inlinable
    public static func random<G: RandomNumberGenerator>(
        shape: [Int], in range: ClosedRange<Float> = -1...1, using generator: inout G
    ) -> Tensor {
        let scalars = (0..<Tensor.count(of: shape)).map { _ in Float.random(in: range, using: &generator) }
        return Tensor(shape: shape, scalars: scalars)
    }

    public var rank: Int { shape.count }
    public var count: Int { scalars.count }

    /// The same scalars seen with another shape of equal size.
    public func reshaped(to newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, scalars: scalars)
    }
}

extension Tensor {
    /// A tensor whose scalars `initializer` writes; it must set every one (they start uninitialised,
    /// which saves zeroing large activation buffers that are overwritten anyway).
    public init(shape: [Int], initializingWith initializer: (UnsafeMutableBufferPointer<Float>) -> Void) {
        let count = Tensor.count(of: shape)
        self.init(
            shape: shape,
            scalars: [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                initializer(buffer)
                initialized = count
            })
    }
}
