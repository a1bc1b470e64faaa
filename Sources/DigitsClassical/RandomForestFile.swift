import Crypto
import DigitsData
import DigitsModelCore
import Foundation

/// The forest file format, compact and checked (all integers little-endian):
///
/// ```
/// "DIGITSRF"                         8-byte magic
/// version        UInt32              1
/// headerLength   UInt32              bytes of the JSON header that follows
/// header         JSON                {"settings": …, "featureCount": 784, "classCount": 10, "seed": 1, "treeCount": 100}
/// per tree:
///   nodeCount    UInt32
///   leafCount    UInt32
///   feature      Int16 × nodeCount   −1 for a leaf
///   threshold    UInt8 × nodeCount   go left when pixel ≤ threshold
///   left, right  Int32 × nodeCount   children (−1 for a leaf)
///   leaf         Int32 × nodeCount   a leaf's distribution index (0 for inner nodes)
///   distribution Float32 × leafCount·classCount
/// sha256         32 bytes            of everything before it
/// ```
///
/// 15 bytes per node (2 + 1 + 4 + 4 + 4) plus 4 per class per leaf: 100 full-depth MNIST trees take about 27 MB.
/// Loading checks every count against the bytes left (a lying header allocates nothing), every
/// child index (always after its parent, so a file cannot make a cycle), feature index and leaf
/// index, and the checksum.
extension RandomForest {
    static let magic = Array("DIGITSRF".utf8)
    static let formatVersion: UInt32 = 1
    /// The `digits.model` name of a forest, shared with the safetensors models.
    public static let modelType = "random-forest"

    private struct Header: Codable {
        let model: String
        let settings: RandomForestSettings
        let featureCount: Int
        let classCount: Int
        let seed: UInt64
        let treeCount: Int
    }

    /// Whether a file's bytes start with the forest magic (how model files are told apart).
    public static func isForestFile(bytes: Data) -> Bool {
        bytes.starts(with: magic)
    }

    public func encoded() throws -> Data {
        var bytes = Self.magic
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        let header = try modelFileJSON(
            Header(
                model: Self.modelType, settings: settings, featureCount: featureCount, classCount: classCount,
                seed: seed,
                treeCount: trees.count))
        append(Self.formatVersion)
        append(UInt32(header.count))
        bytes += header
        for tree in trees {
            append(UInt32(tree.nodeCount))
            append(UInt32(tree.leafCount))
            for value in tree.feature { append(value) }
            bytes += tree.threshold
            for value in tree.left { append(value) }
            for value in tree.right { append(value) }
            for value in tree.leaf { append(value) }
            for value in tree.distributions { append(value.bitPattern) }
        }
        bytes += SHA256.hash(data: bytes)
        return Data(bytes)
    }

    /// Saves atomically (temporary file + rename): an interrupted save never destroys the previous file.
    public func save(to path: String) throws {
        do {
            try encoded().write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch let error as ClassicalError {
            throw error
        } catch {
            throw ClassicalError.invalidModelFile(path: path, reason: "cannot write: \(error.localizedDescription)")
        }
    }

    public static func load(from path: String) throws -> RandomForest {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ClassicalError.invalidModelFile(path: path, reason: "cannot read: \(error.localizedDescription)")
        }
        return try decode(data, path: path)
    }

    public static func decode(_ data: Data, path: String) throws -> RandomForest {
        let bytes = [UInt8](data)
        func fail(_ reason: String) -> ClassicalError { .invalidModelFile(path: path, reason: reason) }
        guard bytes.count >= magic.count + 8 + 32, Array(bytes[0..<magic.count]) == magic else {
            throw fail("not a Digits random-forest file (missing DIGITSRF magic or too short)")
        }
        let body = bytes[..<(bytes.count - 32)]
        guard Array(SHA256.hash(data: body)) == Array(bytes[(bytes.count - 32)...]) else {
            throw fail("checksum mismatch: the file is truncated or was altered")
        }
        var reader = ByteReader(bytes: body, offset: magic.count, fail: fail)
        let version: UInt32 = try reader.integer()
        guard version == formatVersion else {
            throw fail("format version \(version); this Digits reads version \(formatVersion)")
        }
        let headerLength = Int(try reader.integer() as UInt32)
        guard let header = try? JSONDecoder().decode(Header.self, from: Data(try reader.take(headerLength))),
            header.model == modelType
        else { throw fail("unreadable header") }
        guard header.treeCount >= 1, header.classCount >= 1, (1...Int(Int16.max)).contains(header.featureCount) else {
            throw fail(
                "implausible header: \(header.treeCount) trees, \(header.classCount) classes, \(header.featureCount) features"
            )
        }
        try header.settings.validate(featureCount: header.featureCount)
        var trees = [DecisionTree]()
        for t in 0..<header.treeCount {
            let nodes = Int(try reader.integer() as UInt32)
            let leaves = Int(try reader.integer() as UInt32)
            // 15 bytes per node and 4 per distribution entry must still be in the file.
            guard nodes >= 1, leaves >= 1, leaves <= nodes,
                nodes * 15 + leaves * header.classCount * 4 <= reader.remaining
            else { throw fail("tree \(t): \(nodes) nodes and \(leaves) leaves do not fit in the file") }
            var tree = DecisionTree(classCount: header.classCount)
            tree.feature = try (0..<nodes).map { _ in try reader.integer() as Int16 }
            tree.threshold = Array(try reader.take(nodes))
            tree.left = try (0..<nodes).map { _ in try reader.integer() as Int32 }
            tree.right = try (0..<nodes).map { _ in try reader.integer() as Int32 }
            tree.leaf = try (0..<nodes).map { _ in try reader.integer() as Int32 }
            tree.distributions = try (0..<(leaves * header.classCount)).map { _ in
                Float(bitPattern: try reader.integer() as UInt32)
            }
            for node in 0..<nodes {
                if tree.feature[node] < 0 {
                    guard (0..<Int32(leaves)).contains(tree.leaf[node]) else {
                        throw fail("tree \(t), node \(node): bad leaf index")
                    }
                } else {
                    guard Int(tree.feature[node]) < header.featureCount,
                        [tree.left[node], tree.right[node]].allSatisfy({ $0 > Int32(node) && $0 < Int32(nodes) })
                    else { throw fail("tree \(t), node \(node): feature or child index out of range") }
                }
            }
            guard tree.distributions.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                throw fail("tree \(t): class frequencies must be finite and non-negative")
            }
            trees.append(tree)
        }
        guard reader.remaining == 0 else { throw fail("\(reader.remaining) bytes after the last tree") }
        return RandomForest(
            settings: header.settings, featureCount: header.featureCount, classCount: header.classCount,
            seed: header.seed, trees: trees)
    }
}

/// Sequential little-endian reads that throw instead of running past the end.
private struct ByteReader {
    let bytes: ArraySlice<UInt8>
    var offset: Int
    let fail: (String) -> ClassicalError

    var remaining: Int { bytes.endIndex - offset }

    mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else {
            throw fail("truncated: needs \(count) more bytes, \(remaining) left")
        }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    mutating func integer<T: FixedWidthInteger>() throws -> T {
        let raw = try take(MemoryLayout<T>.size)
        return raw.reversed().reduce(T.zero) { $0 << 8 | T(truncatingIfNeeded: $1) }
    }
}
