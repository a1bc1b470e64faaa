import Crypto
import Foundation

/// An IDX file of unsigned bytes (LeCun's MNIST format): a 4-byte magic `00 00 08 D` where `D` is
/// the number of dimensions, `D` big-endian 32-bit sizes, then the bytes in row-major order.
/// Labels are `idx1-ubyte` (`[count]`), images `idx3-ubyte` (`[count, rows, columns]`).
public struct IDXFile: Sendable {
    public let dimensions: [Int]
    public let bytes: [UInt8]
    /// MD5 of the uncompressed file (header and data), as published for MNIST.
    public let md5: String

    /// Largest number of data bytes we accept (1 GiB); MNIST's training images are 47 MB.
    public static let maximumDataBytes = 1 << 30
    /// Largest image side we accept.
    public static let maximumSide = 4096

    /// Reads and validates `path` (gzip or raw), expecting `dimensionCount` dimensions.
    public init(path: String, dimensionCount: Int) throws {
        try self.init(stream: ByteStream(path: path), dimensionCount: dimensionCount)
    }

    /// Validates the contents of an IDX file already in memory (gzip or raw); `path` names it in errors.
    public init(bytes: [UInt8], path: String, dimensionCount: Int) throws {
        try self.init(stream: ByteStream(bytes: bytes, path: path), dimensionCount: dimensionCount)
    }

    private init(stream: ByteStream, dimensionCount: Int) throws {
        let path = stream.path
        let magic = try Self.readHeader(stream, count: 4, path: path)
        guard magic == [0, 0, 0x08, UInt8(dimensionCount)] else {
            throw DataError.badMagic(path: path, found: magic, expectedDimensions: dimensionCount)
        }
        let sizeBytes = try Self.readHeader(stream, count: 4 * dimensionCount, path: path)
        let sizes = (0..<dimensionCount).map { d in
            sizeBytes[(4 * d)..<(4 * d + 4)].reduce(0) { $0 << 8 | Int($1) }
        }
        if dimensionCount == 3 {
            guard sizes[1] > 0, sizes[2] > 0, sizes[1] <= Self.maximumSide, sizes[2] <= Self.maximumSide else {
                throw DataError.implausibleHeader(
                    path: path,
                    detail: "images of \(sizes[1])×\(sizes[2]) pixels (each side must be 1…\(Self.maximumSide))")
            }
        }
        // Sizes are below 2^32 each, so the product cannot overflow before the bound is checked.
        let dataBytes = sizes.reduce(1) { $0 > Self.maximumDataBytes ? $0 : $0 * $1 }
        guard dataBytes <= Self.maximumDataBytes else {
            throw DataError.implausibleHeader(
                path: path, detail: "sizes \(sizes) describe more than \(Self.maximumDataBytes) bytes")
        }
        let headerBytes = 4 + 4 * dimensionCount
        let data = try stream.read(exactly: dataBytes, alreadyRead: headerBytes)
        try stream.expectEnd(afterBytes: dataBytes)
        var hash = Insecure.MD5()
        hash.update(data: magic)
        hash.update(data: sizeBytes)
        hash.update(data: data)
        dimensions = sizes
        bytes = data
        md5 = hash.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Header bytes; a file shorter than its header is reported as having no valid header.
    private static func readHeader(_ stream: ByteStream, count: Int, path: String) throws -> [UInt8] {
        do {
            return try stream.read(exactly: count)
        } catch DataError.truncated {
            throw DataError.implausibleHeader(path: path, detail: "the file ends inside its header")
        }
    }
}
