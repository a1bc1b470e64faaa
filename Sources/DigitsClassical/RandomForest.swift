import DigitsCompute
import DigitsData
import DigitsModelCore

/// Hyper-parameters of a random forest (Breiman, 2001), with scikit-learn's defaults.
public struct RandomForestSettings: Codable, Equatable, Sendable {
    public var treeCount: Int
    /// Deepest level a tree may reach (nil: grow until leaves are pure or too small to split).
    public var maxDepth: Int?
    public var minSamplesLeaf: Int
    /// Candidate features per split (nil: √features, 28 for MNIST's 784 pixels).
    public var featuresPerSplit: Int?

    public init(treeCount: Int = 100, maxDepth: Int? = nil, minSamplesLeaf: Int = 1, featuresPerSplit: Int? = nil) {
        self.treeCount = treeCount
        self.maxDepth = maxDepth
        self.minSamplesLeaf = minSamplesLeaf
        self.featuresPerSplit = featuresPerSplit
    }

    public func validate(featureCount: Int) throws {
        guard treeCount >= 1 else {
            throw ClassicalError.invalidSetting("a forest needs at least 1 tree (got \(treeCount))")
        }
        if let maxDepth, maxDepth < 1 {
            throw ClassicalError.invalidSetting("max depth must be at least 1 (got \(maxDepth))")
        }
        guard minSamplesLeaf >= 1 else {
            throw ClassicalError.invalidSetting("min samples per leaf must be at least 1 (got \(minSamplesLeaf))")
        }
        if let featuresPerSplit, !(1...featureCount).contains(featuresPerSplit) {
            throw ClassicalError.invalidSetting(
                "features per split must be in 1…\(featureCount) (got \(featuresPerSplit))")
        }
    }
}

/// A random forest of CART trees: each tree grows on a bootstrap sample of the training images with a
/// random subset of pixels considered at each split; probabilities average the trees' leaf
/// frequencies. Tree `t` draws everything from stream `t` of the seed, so the forest is the same for
/// a given seed whatever the thread count.
public struct RandomForest: Sendable, Equatable {
    public let settings: RandomForestSettings
    public let featureCount: Int
    public let classCount: Int
    public let seed: UInt64
    public internal(set) var trees: [DecisionTree]

    /// Fits a forest to `data`, growing trees in parallel on `threads` cores.
    public static func fit(
        _ data: LabeledImages, settings: RandomForestSettings = RandomForestSettings(), seed: UInt64, threads: Int
    ) throws -> RandomForest {
        let (n, features) = (data.count, data.pixelsPerImage)
        try settings.validate(featureCount: features)
        guard n > 0 else { throw ClassicalError.invalidSetting("cannot fit a forest to an empty training set") }
        // Feature-major copy: the split search reads one pixel across many images. Each thread
        // transposes a band of images, whole blocks of 8 but the last.
        let columnStride = (n + 7) & ~7
        let everyImage = (0..<n).map { Int32($0) }
        let columns = [UInt8](unsafeUninitializedCapacity: columnStride * features) { columns, initialized in
            data.images.withUnsafeBufferPointer { images in
                everyImage.withUnsafeBufferPointer { everyImage in
                    let blocks = columnStride / 8
                    parallelChunks(blocks, threads: threads) { range in
                        let first = range.lowerBound * 8
                        transposeRows(
                            images.baseAddress!, length: features, selected: everyImage.baseAddress! + first,
                            count: min(n, range.upperBound * 8) - first, to: columns.baseAddress! + first,
                            stride: columnStride)
                    }
                }
            }
            initialized = columnStride * features
        }
        var trees = [DecisionTree](repeating: DecisionTree(classCount: data.classCount), count: settings.treeCount)
        let streams = SplitMix64(seed: seed)
        columns.withUnsafeBufferPointer { columns in
            data.images.withUnsafeBufferPointer { rows in
                data.labels.withUnsafeBufferPointer { labels in
                    let builder = TreeBuilder(
                        columns: columns.baseAddress!, columnStride: columnStride, rows: rows.baseAddress!,
                        labels: labels.baseAddress!,
                        sampleCount: n, featureCount: features, classCount: data.classCount,
                        maxDepth: settings.maxDepth ?? Int.max, minSamplesLeaf: settings.minSamplesLeaf,
                        featuresPerSplit: settings.featuresPerSplit ?? max(1, Int(Double(features).squareRoot())))
                    trees.withUnsafeMutableBufferPointer { trees in
                        parallelInterleaved(settings.treeCount, threads: threads) { t in
                            var rng = streams.split(index: UInt64(t))
                            trees[t] = builder.grow(weights: bootstrapWeights(of: n, rng: &rng), rng: &rng)
                        }
                    }
                }
            }
        }
        return RandomForest(
            settings: settings, featureCount: features, classCount: data.classCount, seed: seed, trees: trees)
    }

    /// `n` draws with replacement from `0..<n`, counted per image: how many times each is in the sample.
    static func bootstrapWeights(of n: Int, rng: inout SplitMix64) -> [Int32] {
        var draws = [Int32](repeating: 0, count: n)
        for _ in 0..<n { draws[Int(rng.next() % UInt64(n))] += 1 }
        return draws
    }

    /// Mean leaf class frequencies over the trees: `[images.count × classCount]`, row-major.
    public func probabilities(for images: LabeledImages, threads: Int) throws -> [Float] {
        guard images.pixelsPerImage == featureCount else {
            throw ClassicalError.shapeMismatch(
                "the forest was fitted on \(featureCount) pixels per image, these have \(images.pixelsPerImage)")
        }
        var result = [Float](repeating: 0, count: images.count * classCount)
        let scale = 1 / Float(trees.count)
        images.images.withUnsafeBufferPointer { pixels in
            result.withUnsafeMutableBufferPointer { result in
                parallelChunks(images.count, threads: threads) { range in
                    // Trees outer, images inner: one tree's nodes stay in cache while every image walks it.
                    for tree in trees {
                        for i in range {
                            let image = pixels.baseAddress! + i * featureCount
                            let row = result.baseAddress! + i * classCount
                            let offset = tree.distributionIndex { image[$0] }
                            for c in 0..<classCount { row[c] += tree.distributions[offset + c] * scale }
                        }
                    }
                }
            }
        }
        return result
    }
}

extension RandomForest: Classifier {
    /// Mean leaf frequencies; the forest uses the backend's thread budget, not its GEMM.
    public func scores(for images: LabeledImages, backend: any ComputeBackend) throws -> [Float] {
        try probabilities(for: images, threads: backend.threads)
    }
}
