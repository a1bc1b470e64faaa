/// What a JPEG says about itself outside its pixels, read from the marker segments before the first
/// scan: the EXIF orientation (phones store a portrait photo sideways and say so here) and whether
/// an Adobe APP14 segment is present (Adobe's CMYK files store every channel inverted).
///
/// Every read is bounds-checked: a lying segment length or IFD offset ends the scan, never the process.
public struct JPEGMetadata: Equatable, Sendable {
    /// EXIF orientation 1–8 (1, the default, is upright).
    public var orientation = 1
    public var hasAdobeSegment = false

    public init(_ bytes: [UInt8]) {
        var at = 2  // after SOI
        while at + 4 <= bytes.count {
            guard bytes[at] == 0xFF else { return }
            let marker = bytes[at + 1]
            if marker == 0xFF {  // fill byte
                at += 1
                continue
            }
            // SOS (entropy-coded data follows) or EOI: no more metadata.
            if marker == 0xDA || marker == 0xD9 { return }
            // Markers without a length: TEM and RST0–7.
            if marker == 0x01 || (0xD0...0xD7).contains(marker) {
                at += 2
                continue
            }
            let length = Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
            guard length >= 2, at + 2 + length <= bytes.count else { return }
            let body = (at + 4)..<(at + 2 + length)
            if marker == 0xE1, let orientation = Self.exifOrientation(bytes[body]) { self.orientation = orientation }
            if marker == 0xEE, bytes[body].starts(with: Array("Adobe".utf8)) { hasAdobeSegment = true }
            at += 2 + length
        }
    }

    /// The orientation tag (0x0112) of IFD0 in an APP1 "Exif\0\0" segment, if present and valid.
    static func exifOrientation(_ segment: ArraySlice<UInt8>) -> Int? {
        let exif = Array(segment)
        guard exif.starts(with: [0x45, 0x78, 0x69, 0x66, 0, 0]) else { return nil }
        let tiff = Array(exif.dropFirst(6))
        guard tiff.count >= 8 else { return nil }
        let littleEndian: Bool
        switch (tiff[0], tiff[1]) {
        case (0x49, 0x49): littleEndian = true
        case (0x4D, 0x4D): littleEndian = false
        default: return nil
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= tiff.count else { return nil }
            return littleEndian ? Int(tiff[at]) | Int(tiff[at + 1]) << 8 : Int(tiff[at]) << 8 | Int(tiff[at + 1])
        }
        func u32(_ at: Int) -> Int? {
            guard let high = u16(littleEndian ? at + 2 : at), let low = u16(littleEndian ? at : at + 2) else {
                return nil
            }
            return high << 16 | low
        }
        guard u16(2) == 42, let ifd = u32(4), let count = u16(ifd) else { return nil }
        for entry in 0..<count {
            let at = ifd + 2 + 12 * entry
            guard let tag = u16(at) else { return nil }
            // SHORT (type 3), one value, stored in the first two bytes of the value field.
            if tag == 0x0112, u16(at + 2) == 3, let value = u16(at + 8), (1...8).contains(value) { return value }
        }
        return nil
    }
}
