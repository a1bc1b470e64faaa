import DigitsCompute
import DigitsData
import DigitsModelCore
import DigitsTestSupport
import Foundation
import Testing

@testable import DigitsModels

@Suite struct KNearestNeighborsTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let mnist = Result { try Dataset.load(from: DatasetLocation.resolve(dataDirectory: nil)) }

    /// The block-wise top-k (eight candidates per comparison) against sorting every value, on sizes
    /// that are and are not multiples of eight, with repeated values.
    @Test(arguments: [(1, 1), (3, 7), (3, 8), (5, 61), (10, 1000), (4, 4)])
    func topKMatchesSorting(k: Int, n: Int) {
        var rng = SplitMix64(seed: UInt64(k * 1000 + n))
        // Coarse values so that ties occur: the lower index must win them.
        let norms = (0..<n).map { _ in Float(rng.next() % 50) }
        let products = (0..<n).map { _ in Float(rng.next() % 20) }
        let fast = norms.withUnsafeBufferPointer { y in
            products.withUnsafeBufferPointer { p in
                TopK.smallest(k, norms: y.baseAddress!, products: p.baseAddress!, count: n)
            }
        }
        let naive = TopK.smallestBySorting(k, norms: norms, products: products)
        #expect(fast.map(\.index) == naive.map(\.index))
        #expect(fast.map(\.value) == naive.map(\.value))
    }

    /// Neighbours from one GEMM per block against distances computed one pair at a time, on both
    /// backends and both metrics, with more queries than one block.
    @Test(arguments: [ComputeBackendKind.blas, .swift], KNearestNeighbors.Metric.allCases)
    func gemmNeighboursMatchPairwiseDistances(backendKind: ComputeBackendKind, metric: KNearestNeighbors.Metric) throws
    {
        var rng = SplitMix64(seed: 7)
        let (n, d, queries, k) = (301, 13, KNearestNeighbors.blockSize + 37, 4)
        let references = (0..<(n * d)).map { _ in Float(rng.next() % 1000) / 100 - 5 }
        let labels = (0..<n).map { UInt8($0 % 10) }
        let settings = KNearestNeighbors.Settings(k: k, weighting: .uniform, metric: metric, components: nil)
        var knn = KNearestNeighbors(
            settings: settings, classCount: 10, pca: nil, references: references, labels: labels)
        let backend = backendKind.makeBackend(threads: 2)
        let stored = try knn.features(Tensor(shape: [n, d], scalars: references), backend: backend)
        knn = KNearestNeighbors(settings: settings, classCount: 10, pca: nil, references: stored, labels: labels)
        let rawQueries = (0..<(queries * d)).map { _ in Float(rng.next() % 1000) / 100 - 5 }
        let q = try knn.features(Tensor(shape: [queries, d], scalars: rawQueries), backend: backend)
        let found = try knn.neighbours(of: q, backend: backend)
        for row in stride(from: 0, to: queries, by: 17) {
            let distances = (0..<n).map { j in
                let squared = (0..<d).reduce(Float(0)) { sum, c in
                    let diff = q[row * d + c] - stored[j * d + c]
                    return sum + diff * diff
                }
                return knn.distance(squared: squared)
            }
            let expected = distances.indices.sorted { (distances[$0], $0) < (distances[$1], $1) }.prefix(k)
            // Ranks agree up to float rounding: compare the distances, and the indices where they are not near-ties.
            for (rank, index) in expected.enumerated() {
                #expect(abs(found[row].distance[rank] - distances[index]) <= 1e-3 * max(1, distances[index]))
            }
        }
    }

    /// scikit-learn's KNeighborsClassifier (brute force) on 2,000 training images and 300 queries:
    /// the same predictions and probabilities (`Fixtures/make_knn_reference.py`).
    @Test func matchesScikitLearn() throws {
        struct Reference: Decodable {
            struct Case: Decodable {
                let k: Int
                let weights: String
                let metric: String
                let predictions: [Int]
                let probabilities: [[Float]]
            }
            let training: Int
            let queries: Int
            let cases: [Case]
        }
        let reference = try JSONDecoder().decode(
            Reference.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("knn_reference.json")))
        let mnist = try Self.mnist.get()
        let training = mnist.training.subset(Array(0..<reference.training))
        let queries = mnist.test.subset(Array(0..<reference.queries))
        let backend = ComputeBackendKind.blas.makeBackend(threads: 2)
        for c in reference.cases {
            let knn = try KNearestNeighbors.fit(
                training,
                settings: .init(
                    k: c.k, weighting: .init(rawValue: c.weights)!, metric: .init(rawValue: c.metric)!,
                    components: nil),
                backend: backend)
            let scores = try knn.scores(for: queries, backend: backend)
            #expect(rowMaxima(scores, columns: 10) == c.predictions, "k \(c.k), \(c.weights), \(c.metric)")
            for (row, expected) in c.probabilities.enumerated() {
                for (column, p) in expected.enumerated() {
                    #expect(abs(scores[row * 10 + column] - p) < 1e-4, "k \(c.k) \(c.weights) \(c.metric), row \(row)")
                }
            }
        }
    }

    /// Distance weights: an exact match outvotes every other neighbour, as in scikit-learn.
    @Test func exactMatchOutvotesTheRest() {
        let knn = KNearestNeighbors(
            settings: .init(k: 3, weighting: .distance, metric: .euclidean, components: nil), classCount: 3, pca: nil,
            references: [0, 1, 2], labels: [0, 1, 1])
        let scores = knn.votes([(index: [0, 1, 2], distance: [0, 1, 2])])
        #expect(scores == [1, 0, 0])
        let near = knn.votes([(index: [0, 1, 2], distance: [1, 2, 2])])
        #expect(abs(near[0] - 0.5) < 1e-6 && abs(near[1] - 0.5) < 1e-6)
    }

    /// A file written and read back scores identically; a file whose labels lie is refused by name.
    @Test func fileRoundTripAndCorruptLabels() throws {
        let mnist = try Self.mnist.get()
        let training = mnist.training.subset(Array(0..<500))
        let backend = ComputeBackendKind.blas.makeBackend(threads: 1)
        let kind = KNearestNeighborsKind()
        let model = try kind.fit(
            FitData(training: training, test: mnist.test), settings: try kind.settings(["pca": "20", "k": "5"]),
            context: FitContext(backend: backend, seed: 1))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("knn-\(UUID()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try ModelRegistry.load(from: path)
        #expect(loaded.name == "knn")
        let queries = mnist.test.subset(Array(0..<100))
        #expect(
            try loaded.classifier.scores(for: queries, backend: backend)
                == model.classifier.scores(for: queries, backend: backend))

        let saved = try Safetensors.read(from: path)
        var file = saved
        file.tensors["labels"]!.scalars[3] = 12
        try file.write(to: path)
        #expect {
            try ModelRegistry.load(from: path)
        } throws: { "\($0)".contains(path) && "\($0)".contains("a label is not a class") }
        // Labels are bytes: a header claiming 300 classes is refused, not trapped on.
        file = saved
        file.metadata[ModelFileKey.architecture] = file.metadata[ModelFileKey.architecture]!
            .replacingOccurrences(of: "\"classCount\":10", with: "\"classCount\":300")
        try file.write(to: path)
        #expect { try ModelRegistry.load(from: path) } throws: { "\($0)".contains("300 classes") }
    }
}
