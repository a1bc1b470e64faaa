/// A CART classification tree over byte-valued features (pixels): each inner node sends a sample
/// left when `feature ≤ threshold`, each leaf holds the class frequencies of its training samples.
///
/// Stored flat: node `i` is a leaf when `feature[i] < 0`; otherwise its children are `left[i]` and
/// `right[i]`. A leaf's class distribution is `distributions[leaf[i]·classes ..< (leaf[i]+1)·classes]`.
public struct DecisionTree: Sendable, Equatable {
    public internal(set) var feature: [Int16] = []
    public internal(set) var threshold: [UInt8] = []
    public internal(set) var left: [Int32] = []
    public internal(set) var right: [Int32] = []
    /// For a leaf, the index of its distribution; unused (0) for inner nodes.
    public internal(set) var leaf: [Int32] = []
    /// Class frequencies of each leaf, `classCount` values per leaf, summing to 1.
    public internal(set) var distributions: [Float] = []
    public let classCount: Int

    public init(classCount: Int) {
        self.classCount = classCount
    }

    public var nodeCount: Int { feature.count }
    public var leafCount: Int { distributions.count / max(classCount, 1) }

    /// Appends a leaf with class `counts` (normalised here) and returns its node index.
    mutating func appendLeaf(counts: [Int]) -> Int {
        let total = Float(counts.reduce(0, +))
        leaf.append(Int32(leafCount))
        distributions += counts.map { Float($0) / max(total, 1) }
        feature.append(-1)
        threshold.append(0)
        left.append(-1)
        right.append(-1)
        return nodeCount - 1
    }

    /// Appends an inner node whose children are filled in later; returns its index.
    mutating func appendSplit(feature f: Int, threshold t: UInt8) -> Int {
        feature.append(Int16(f))
        threshold.append(t)
        left.append(-1)
        right.append(-1)
        leaf.append(0)
        return nodeCount - 1
    }

    mutating func setChildren(of node: Int, left l: Int, right r: Int) {
        left[node] = Int32(l)
        right[node] = Int32(r)
    }

    /// The leaf distribution a sample reaches; `pixel(f)` reads its feature `f`.
    @inline(__always)
    func distributionIndex(_ pixel: (Int) -> UInt8) -> Int {
        var node = 0
        while feature[node] >= 0 {
            node = Int(pixel(Int(feature[node])) <= threshold[node] ? left[node] : right[node])
        }
        return Int(leaf[node]) * classCount
    }
}
