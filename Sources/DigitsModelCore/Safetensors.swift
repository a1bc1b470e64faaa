import Crypto
import DigitsCompute
import Foundation

/// A set of named float32 tensors in the safetensors format (Hugging Face), so Python's
/// `safetensors.numpy.load_file` reads what Digits saves.
///
/// Layout: an 8-byte little-endian header length `n`; `n` bytes of UTF-8 JSON mapping each tensor
/// name to `{"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}` (offsets into the data
/// section) plus an optional `"__metadata__"` object of strings; then the raw little-endian data.
/// Digits adds `digits.sha256`, the SHA-256 of the data section, to the metadata, so a file whose
/// numbers were altered is refused as well as one whose structure is broken.
public struct Safetensors: Sendable {
    public var tensors: [String: Tensor]
    public var metadata: [String: String]

    /// The largest header accepted; the reference implementation uses the same limit.
    static let maximumHeaderBytes = 100 << 20
    static let checksumKey = "digits.sha256"

    public init(tensors: [String: Tensor], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    // MARK: - Writing

    /// The file's bytes: tensors in name order, header padded with spaces to a multiple of 8.
    public func encoded() throws -> Data {
        var body = Data()
        var header = [String: Any]()
        for name in tensors.keys.sorted() {
            let tensor = tensors[name]!
            let begin = body.count
            tensor.scalars.withUnsafeBufferPointer { scalars in
                var littleEndian = scalars.map { $0.bitPattern.littleEndian }
                body.append(Data(bytes: &littleEndian, count: littleEndian.count * 4))
            }
            header[name] = ["dtype": "F32", "shape": tensor.shape, "data_offsets": [begin, body.count]]
        }
        var metadata = self.metadata
        metadata[Self.checksumKey] = Self.checksum(body)
        header["__metadata__"] = metadata
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        json.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8))
        var file = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(json)
        file.append(body)
        return file
    }

    /// Writes the file atomically: a temporary file in the same directory, renamed over `path`, so an
    /// interrupted save never destroys the previous file.
    public func write(to path: String) throws {
        let data = try encoded()
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SafetensorsError.unwritable(path: path, reason: error.localizedDescription)
        }
    }

    /// SHA-256 of the data section, as lowercase hex.
    static func checksum(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    // MARK: - Reading

    public static func read(from path: String) throws -> Safetensors {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SafetensorsError.unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        return try decode(data, path: path)
    }

    /// Parses and validates every tensor's dtype, shape and byte range, and the checksum when present.
    public static func decode(_ data: Data, path: String) throws -> Safetensors {
        let bytes = [UInt8](data)
        func fail(_ reason: String) -> SafetensorsError { .corrupt(path: path, reason: reason) }
        guard bytes.count >= 8 else { throw fail("\(bytes.count) bytes is too short for a safetensors header") }
        let declared = bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard declared <= UInt64(min(maximumHeaderBytes, bytes.count - 8)) else {
            throw fail(
                "header length \(declared) exceeds the \(bytes.count - 8) bytes after it (truncated or not safetensors)"
            )
        }
        let headerEnd = 8 + Int(declared)
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd])),
            let header = object as? [String: Any]
        else { throw fail("the header is not a JSON object") }
        let body = bytes[headerEnd...]

        var metadata = [String: String]()
        if let raw = header["__metadata__"] {
            guard let strings = raw as? [String: String] else { throw fail("__metadata__ must map strings to strings") }
            metadata = strings
        }
        var tensors = [String: Tensor]()
        var regions = [(begin: Int, end: Int, name: String)]()
        for (name, entry) in header where name != "__metadata__" {
            guard let fields = entry as? [String: Any], let dtype = fields["dtype"] as? String,
                let shape = (fields["shape"] as? [Any])?.compactMap({ $0 as? Int }),
                let offsets = (fields["data_offsets"] as? [Any])?.compactMap({ $0 as? Int }), offsets.count == 2
            else { throw fail("tensor '\(name)' lacks a dtype, shape or data_offsets") }
            guard dtype == "F32" else { throw fail("tensor '\(name)' has dtype \(dtype); Digits reads F32 only") }
            guard shape.count == (fields["shape"] as? [Any])?.count, shape.allSatisfy({ $0 >= 0 }) else {
                throw fail("tensor '\(name)' has an invalid shape")
            }
            var count = 1
            for dimension in shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
                guard !overflow, product <= body.count else {
                    throw fail("tensor '\(name)' shape \(shape) is larger than the file")
                }
                count = product
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, begin <= end, end <= body.count, end - begin == count * 4 else {
                throw fail(
                    "tensor '\(name)' byte range \(begin)..<\(end) does not hold \(shape) F32 values within \(body.count) data bytes"
                )
            }
            regions.append((begin, end, name))
            let start = body.startIndex + begin
            let scalars = bytes.withUnsafeBytes { raw in
                (0..<count).map {
                    Float(
                        bitPattern: UInt32(
                            littleEndian: raw.loadUnaligned(fromByteOffset: start + 4 * $0, as: UInt32.self)))
                }
            }
            tensors[name] = Tensor(shape: shape, scalars: scalars)
        }
        var covered = 0
        for region in regions.sorted(by: { $0.begin < $1.begin }) {
            guard region.begin == covered else {
                throw fail(
                    "tensor '\(region.name)' starts at byte \(region.begin) of the data, expected \(covered) (gap or overlap)"
                )
            }
            covered = region.end
        }
        guard covered == body.count else { throw fail("\(body.count - covered) data bytes belong to no tensor") }
        if let expected = metadata[checksumKey] {
            let found = checksum(Data(body))
            guard found == expected else {
                throw fail("the data's SHA-256 is \(found), the header records \(expected) (the file was altered)")
            }
        }
        return Safetensors(tensors: tensors, metadata: metadata)
    }
}

public enum SafetensorsError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    case corrupt(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): cannot read: \(reason)"
        case .unwritable(let path, let reason): "\(path): cannot write: \(reason)"
        case .corrupt(let path, let reason): "\(path): not a valid safetensors file: \(reason)"
        }
    }
}
