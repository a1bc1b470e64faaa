import DigitsCompute

/// Grayscale images with class labels, held as bytes: `images` is `[count, rows, columns]`
/// row-major uint8 (a quarter of the memory of floats); batches are converted to Float on demand.
public struct LabeledImages: Sendable {
    public let images: [UInt8]
    public let labels: [UInt8]
    public let rows: Int
    public let columns: Int
    public let classCount: Int

    public init(images: [UInt8], labels: [UInt8], rows: Int, columns: Int, classCount: Int = 10) {
        precondition(
            images.count == labels.count * rows * columns,
            "\(images.count) pixels do not make \(labels.count) images of \(rows)×\(columns)")
        self.images = images
        self.labels = labels
        self.rows = rows
        self.columns = columns
        self.classCount = classCount
    }

    public var count: Int { labels.count }
    public var pixelsPerImage: Int { rows * columns }

    /// The pixels of image `index`.
    public func image(_ index: Int) -> ArraySlice<UInt8> {
        images[(index * pixelsPerImage)..<((index + 1) * pixelsPerImage)]
    }

    /// How many images each class has.
    public var classCounts: [Int] {
        labels.reduce(into: [Int](repeating: 0, count: classCount)) { $0[Int($1)] += 1 }
    }

    /// The images at `indices`, in that order.
    public func subset(_ indices: [Int]) -> LabeledImages {
        var pixels = [UInt8]()
        pixels.reserveCapacity(indices.count * pixelsPerImage)
        for index in indices { pixels.append(contentsOf: image(index)) }
        return LabeledImages(
            images: pixels, labels: indices.map { labels[$0] }, rows: rows, columns: columns,
            classCount: classCount)
    }

    /// A random order of all images, the same for the same seed and epoch.
    public func shuffledOrder(seed: UInt64, epoch: Int) -> [Int] {
        var rng = SplitMix64(seed: seed).split(index: UInt64(epoch))
        return Array(0..<count).shuffled(using: &rng)
    }

    /// Holds out a random `fraction` of the images for validation (nothing is ever tuned on the
    /// test set); the rest are for training. Reproducible from `seed`.
    public func split(validationFraction fraction: Double, seed: UInt64) -> (
        training: LabeledImages, validation: LabeledImages
    ) {
        precondition((0..<1).contains(fraction), "validation fraction must be in [0, 1), got \(fraction)")
        var rng = SplitMix64(seed: seed)
        let order = Array(0..<count).shuffled(using: &rng)
        let held = Int((Double(count) * fraction).rounded())
        return (subset(Array(order[held...]).sorted()), subset(Array(order[..<held]).sorted()))
    }

    /// Images at `indices` as a `[batch, 1, rows, columns]` tensor of pixels / 255, with their
    /// labels. With `augmentation`, each image is randomly shifted and rotated using `rng`.
    public func batch<G: RandomNumberGenerator>(
        _ indices: some Collection<Int>, augmentation: Augmentation? = nil, using rng: inout G
    ) -> (images: Tensor, labels: [Int]) {
        var scalars = [Float](repeating: 0, count: indices.count * pixelsPerImage)
        scalars.withUnsafeMutableBufferPointer { out in
            for (slot, index) in indices.enumerated() {
                let destination = UnsafeMutableBufferPointer(
                    rebasing: out[(slot * pixelsPerImage)..<((slot + 1) * pixelsPerImage)])
                if let augmentation {
                    augmentation.apply(to: image(index), rows: rows, columns: columns, into: destination, using: &rng)
                } else {
                    for (offset, pixel) in image(index).enumerated() { destination[offset] = Float(pixel) / 255 }
                }
            }
        }
        return (Tensor(shape: [indices.count, 1, rows, columns], scalars: scalars), indices.map { Int(labels[$0]) })
    }

    /// Images at `indices` as a batch, without augmentation.
    public func batch(_ indices: some Collection<Int>) -> (images: Tensor, labels: [Int]) {
        var unused = SplitMix64(seed: 0)
        return batch(indices, augmentation: nil, using: &unused)
    }
}
