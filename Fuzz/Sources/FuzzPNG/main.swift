import DigitsRecognition
import Foundation
import FuzzSupport

/// One PNG file through what `digits predict` does before the model: libpng decoding, then the
/// MNIST-style preprocessing (compositing, inversion, crop, stroke width, scaling, centring).
/// Every chunk's CRC is recomputed first: libpng refuses a chunk whose CRC is wrong, so without this
/// almost every mutation of a header field (size, bit depth, colour type, palette) would stop there.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNG(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = Data(withValidChunkCRCs(bytes(start, count)))
    guard
        let image = expectOnly(
            [RecognitionError.self], parser: "PNGDecoder",
            {
                try PNGDecoder.decode(input, source: "fuzz-input")
            })
    else { return 0 }
    expectPreparable(image)
    return 0
}

/// The bytes with each complete chunk's CRC-32 (over its type and data) rewritten; the signature,
/// lengths, types and data are left as they are.
func withValidChunkCRCs(_ bytes: [UInt8]) -> [UInt8] {
    var fixed = bytes
    var offset = 8  // the PNG signature
    while offset + 12 <= fixed.count {
        let length = fixed[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        guard length <= fixed.count - offset - 12 else { break }
        let crc = crc32(fixed[(offset + 4)..<(offset + 8 + length)])
        for i in 0..<4 { fixed[offset + 8 + length + i] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * i)) }
        offset += 12 + length
    }
    return fixed
}

/// CRC-32 (ISO 3309, reflected polynomial 0xEDB88320), as the PNG specification defines it.
func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
}
