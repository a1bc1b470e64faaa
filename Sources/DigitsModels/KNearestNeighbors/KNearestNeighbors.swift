import DigitsClassical
import DigitsCompute
import DigitsData
import DigitsModelCore
import Foundation

/// k-nearest neighbours, the classic MNIST baseline: an image takes the classes of the `k`
/// training images closest to it, optionally weighted by closeness.
///
/// Fitting only stores the training images, projected onto their leading principal components
/// when `pca` is set (50 keep about 83% of the pixel variance, drop the noise that misleads raw-pixel
/// distances, and make every distance 16× cheaper). Scoring computes the distances to all of them
/// block by block as one GEMM per block, `‖x − y‖² = ‖x‖² + ‖y‖² − 2·x·y`, then keeps the `k`
/// smallest of each row.
public struct KNearestNeighbors: Classifier, Sendable {
    public enum Weighting: String, Codable, CaseIterable, Sendable {
        /// Each neighbour counts once.
        case uniform
        /// Each neighbour counts 1 / distance (an exact match outvotes everything else), as scikit-learn's `distance`.
        case distance
    }

    public enum Metric: String, Codable, CaseIterable, Sendable {
        /// ‖x − y‖.
        case euclidean
        /// 1 − cos(x, y): the vectors are scaled to unit length first.
        case cosine
    }

    public struct Settings: Codable, Equatable, Sendable {
        public var k: Int
        public var weighting: Weighting
        public var metric: Metric
        /// Principal components to project onto (nil: raw pixels / 255).
        public var components: Int?
    }

    public let settings: Settings
    public let classCount: Int
    public let pca: PrincipalComponents?
    /// `[references, dimension]` row-major: the stored training images, as the metric sees them.
    let references: [Float]
    /// ‖y‖² of every reference.
    let referenceNorms: [Float]
    public let labels: [UInt8]
    public let dimension: Int

    /// Queries scored per GEMM: a 256 × 60,000 block of distances is 61 MB.
    static let blockSize = 256

    init(settings: Settings, classCount: Int, pca: PrincipalComponents?, references: [Float], labels: [UInt8]) {
        self.settings = settings
        self.classCount = classCount
        self.pca = pca
        self.references = references
        self.labels = labels
        dimension = labels.isEmpty ? 0 : references.count / labels.count
        referenceNorms = Self.squaredNorms(references, dimension: dimension)
    }

    /// Stores `data` (projected when `settings.components` is set).
    public static func fit(_ data: LabeledImages, settings: Settings, backend: any ComputeBackend) throws
        -> KNearestNeighbors
    {
        guard settings.k >= 1, settings.k <= data.count else {
            throw ClassicalError.invalidSetting("k must be in 1…\(data.count), the training images (got \(settings.k))")
        }
        let pixels = data.batch(0..<data.count).images.reshaped(to: [data.count, data.pixelsPerImage])
        let pca = try settings.components.map { try PrincipalComponents.fit(pixels, components: $0, backend: backend) }
        let references = try features(pixels, pca: pca, metric: settings.metric, backend: backend)
        return KNearestNeighbors(
            settings: settings, classCount: data.classCount, pca: pca, references: references, labels: data.labels)
    }

    /// Pixels `[n, pixels]` as the metric sees them: projected, and unit length for cosine.
    func features(_ pixels: Tensor, backend: any ComputeBackend) throws -> [Float] {
        try Self.features(pixels, pca: pca, metric: settings.metric, backend: backend)
    }

    /// The same for a model being fitted, before it exists.
    static func features(
        _ pixels: Tensor, pca: PrincipalComponents?, metric: Metric, backend: any ComputeBackend
    ) throws -> [Float] {
        var x = try pca.map { try $0.transform(pixels, backend: backend).scalars } ?? pixels.scalars
        if metric == .cosine {
            let d = pca?.count ?? pixels.shape[1]
            for (row, norm) in Self.squaredNorms(x, dimension: d).enumerated() where norm > 0 {
                let scale = 1 / norm.squareRoot()
                for j in (row * d)..<((row + 1) * d) { x[j] *= scale }
            }
        }
        return x
    }

    static func squaredNorms(_ x: [Float], dimension d: Int) -> [Float] {
        guard d > 0 else { return [] }
        return (0..<(x.count / d)).map { row in
            var total: Float = 0
            for j in (row * d)..<((row + 1) * d) { total += x[j] * x[j] }
            return total
        }
    }

    public func scores(for images: LabeledImages, backend: any ComputeBackend) throws -> [Float] {
        let pixels = images.batch(0..<images.count).images.reshaped(to: [images.count, images.pixelsPerImage])
        guard pixels.shape[1] == pca?.dimension ?? dimension else {
            throw ClassicalError.shapeMismatch(
                "the kNN model was fitted on \(pca?.dimension ?? dimension) pixels, the images have \(pixels.shape[1])")
        }
        let found = try neighbours(of: try features(pixels, backend: backend), backend: backend)
        return votes(found)
    }

    /// The `k` nearest references of each query row, nearest first: indices and distances in the metric.
    func neighbours(of queries: [Float], backend: any ComputeBackend) throws -> [(index: [Int32], distance: [Float])] {
        let (n, d, k) = (labels.count, dimension, settings.k)
        let count = d > 0 ? queries.count / d : 0
        let queryNorms = Self.squaredNorms(queries, dimension: d)
        var result = [(index: [Int32], distance: [Float])](repeating: ([], []), count: count)
        var gram = [Float](repeating: 0, count: min(Self.blockSize, count) * n)
        for start in stride(from: 0, to: count, by: Self.blockSize) {
            let rows = min(Self.blockSize, count - start)
            try queries.withUnsafeBufferPointer { q in
                try references.withUnsafeBufferPointer { r in
                    try gram.withUnsafeMutableBufferPointer { g in
                        try backend.gemm(
                            GEMMDimensions(transposeB: true, m: rows, n: n, k: d),
                            a: UnsafeBufferPointer(rebasing: q[(start * d)..<((start + rows) * d)]), b: r,
                            c: UnsafeMutableBufferPointer(rebasing: g[0..<(rows * n)]))
                    }
                }
            }
            result.withUnsafeMutableBufferPointer { result in
                gram.withUnsafeBufferPointer { g in
                    referenceNorms.withUnsafeBufferPointer { norms in
                        parallelChunks(rows, threads: backend.threads) { range in
                            for row in range {
                                let nearest = TopK.smallest(
                                    k, norms: norms.baseAddress!, products: g.baseAddress! + row * n, count: n)
                                result[start + row] = (
                                    nearest.map { Int32($0.index) },
                                    nearest.map { distance(squared: $0.value + queryNorms[start + row]) }
                                )
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// The metric's distance from a squared Euclidean one (rounding can make it slightly negative).
    func distance(squared: Float) -> Float {
        let s = max(squared, 0)
        return settings.metric == .cosine ? s / 2 : s.squareRoot()
    }

    /// Class probabilities from each query's neighbours: `count × classCount`.
    func votes(_ found: [(index: [Int32], distance: [Float])]) -> [Float] {
        var scores = [Float](repeating: 0, count: found.count * classCount)
        for (row, neighbours) in found.enumerated() {
            let exact = neighbours.distance.contains(0)
            var total: Float = 0
            for (index, distance) in zip(neighbours.index, neighbours.distance) {
                let weight: Float =
                    switch settings.weighting {
                    case .uniform: 1
                    case .distance: exact ? (distance == 0 ? 1 : 0) : 1 / distance
                    }
                scores[row * classCount + Int(labels[Int(index)])] += weight
                total += weight
            }
            for c in 0..<classCount { scores[row * classCount + c] /= total }
        }
        return scores
    }
}

/// The `k` smallest of `‖y‖² − 2·x·y` over the references, ascending (the lower index first among
/// equal values): the ranking of squared distances from one query, without its constant `‖x‖²`.
enum TopK {
    /// Eight candidates at a time are compared with the current k-th smallest; almost all of the
    /// 60,000 lose at once, so only the few that win reach the insertion.
    static func smallest(
        _ k: Int, norms: UnsafePointer<Float>, products: UnsafePointer<Float>, count n: Int
    ) -> [(index: Int, value: Float)] {
        var index = [Int](repeating: -1, count: k)
        var value = [Float](repeating: .infinity, count: k)
        let width = 8
        var start = 0
        while start < n {
            let end = min(start + width, n)
            if end - start == width {
                // The smallest of the eight, without a branch per candidate.
                var smallest = Float.infinity
                for i in start..<end { smallest = Swift.min(smallest, norms[i] - 2 * products[i]) }
                guard smallest < value[k - 1] else {
                    start = end
                    continue
                }
            }
            for i in start..<end {
                let v = norms[i] - 2 * products[i]
                guard v < value[k - 1] else { continue }
                var position = k - 1
                while position > 0 && value[position - 1] > v {
                    value[position] = value[position - 1]
                    index[position] = index[position - 1]
                    position -= 1
                }
                value[position] = v
                index[position] = i
            }
            start = end
        }
        return zip(index, value).filter { $0.0 >= 0 }.map { (index: $0.0, value: $0.1) }
    }

    /// The naive twin: every value computed and sorted.
    static func smallestBySorting(_ k: Int, norms: [Float], products: [Float]) -> [(index: Int, value: Float)] {
        let values = zip(norms, products).map { $0 - 2 * $1 }
        return values.indices.sorted { (values[$0], $0) < (values[$1], $1) }.prefix(k).map { ($0, values[$0]) }
    }
}
