import CZlib
import DigitsData
import Foundation

/// Writes 8-bit grayscale PNG images (zlib-compressed, no filter): the raster format the report's
/// digit figures embed and the web page shows. Reading PNGs is libpng's job; writing this one
/// simple kind needs only zlib.
public enum PNGEncoder {
    public static func grayscale(_ pixels: [UInt8], width: Int, height: Int) throws -> Data {
        precondition(
            width > 0 && height > 0 && pixels.count == width * height, "\(pixels.count) pixels for \(width)×\(height)")
        // Each row is preceded by its filter type, 0 (none).
        var raw = [UInt8]()
        raw.reserveCapacity((width + 1) * height)
        for row in 0..<height {
            raw.append(0)
            raw += pixels[(row * width)..<((row + 1) * width)]
        }
        var compressedSize = compressBound(uLong(raw.count))
        var compressed = [UInt8](repeating: 0, count: Int(compressedSize))
        let status = compress2(&compressed, &compressedSize, raw, uLong(raw.count), Z_BEST_COMPRESSION)
        guard status == Z_OK else { throw DataError.compressionFailed(status: Int(status)) }

        var header = Data()
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header.append(contentsOf: [8, 0, 0, 0, 0])  // bit depth 8, grayscale, deflate, no filter, no interlace
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        appendChunk("IHDR", header, to: &png)
        appendChunk("IDAT", Data(compressed.prefix(Int(compressedSize))), to: &png)
        appendChunk("IEND", Data(), to: &png)
        return png
    }

    /// Length, type, data and the CRC-32 of type and data.
    private static func appendChunk(_ type: String, _ data: Data, to png: inout Data) {
        let typed = Data(type.utf8) + data
        png.appendBigEndian(UInt32(data.count))
        png.append(typed)
        let crc = typed.withUnsafeBytes { crc32(0, $0.bindMemory(to: Bytef.self).baseAddress, uInt($0.count)) }
        png.appendBigEndian(UInt32(crc))
    }
}

extension Data {
    fileprivate mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [
            UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF),
        ])
    }
}
