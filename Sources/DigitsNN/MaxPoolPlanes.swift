/// The planes of one max-pool pass over a batch: their geometry, and where each window's maximum
/// (its winner) was. `MaxPool2D` pools through it, and so does a convolution that pools each image's
/// output itself (`Sequential` fuses them), so both keep the same winners and route the same gradients.
struct MaxPoolPlanes {
    let size: Int
    let channels: Int
    let height: Int
    let width: Int
    /// `[batch][channels][outHeight][outWidth]` winners, each an index into its input plane. Backward
    /// passes only read them.
    let winners: UnsafeMutablePointer<Int32>

    /// The planes of an NCHW batch of `batchShape`.
    init(size: Int, batchShape: [Int], winners: UnsafeMutablePointer<Int32>) {
        (self.size, channels, height, width) = (size, batchShape[1], batchShape[2], batchShape[3])
        self.winners = winners
    }

    var outHeight: Int { height / size }
    var outWidth: Int { width / size }
    var planeSize: Int { height * width }
    var pooledPlaneSize: Int { outHeight * outWidth }
    /// The per-sample output shape.
    var outputShape: [Int] { [channels, outHeight, outWidth] }

    /// Pools input plane `plane` of the batch (`source`) into its place in the pooled batch `output`.
    func pool(plane source: UnsafePointer<Float>, at plane: Int, into output: UnsafeMutablePointer<Float>) {
        let (out, won) = (output + plane * pooledPlaneSize, winners + plane * pooledPlaneSize)
        if size == 2 {
            MaxPool2D.pool2x2(source, width: width, into: out, winners: won, outHeight: outHeight)
        } else {
            MaxPool2D.pool(
                source, size: size, width: width, into: out, winners: won, outHeight: outHeight, outWidth: outWidth)
        }
    }

    /// Plane `plane`'s gradient at the pool's input: `gradient(i)` at each window's winner, where `i`
    /// indexes the pooled batch, and zero elsewhere (windows do not overlap).
    @inline(__always)
    func route(plane: Int, into dx: UnsafeMutablePointer<Float>, gradient: (Int) -> Float) {
        dx.update(repeating: 0, count: planeSize)
        let first = plane * pooledPlaneSize
        for i in first..<(first + pooledPlaneSize) { dx[Int(winners[i])] = gradient(i) }
    }
}
