import DigitsData
import Foundation
import Testing

@Suite("IDX reader: valid and bad input")
struct IDXFileTests {
    @Test(arguments: [false, true])
    func readsValidFiles(gzip: Bool) throws {
        let fixtures = try IDXFixtures()
        defer { fixtures.remove() }
        let data: [UInt8] = (0..<24).map { UInt8($0 * 10) }
        let path = try fixtures.write(
            "images" + (gzip ? ".gz" : ""), IDXFixtures.idx(sizes: [2, 4, 3], data: data), gzip: gzip)
        let file = try IDXFile(path: path, dimensionCount: 3)
        #expect(file.dimensions == [2, 4, 3])
        #expect(file.bytes == data)
    }

    @Test func emptyFile() throws {
        let fixtures = try IDXFixtures()
        defer { fixtures.remove() }
        let path = try fixtures.write("empty", [])
        #expect(throws: DataError.emptyFile(path: path)) { try IDXFile(path: path, dimensionCount: 1) }
    }

    @Test func wrongMagic() throws {
        let fixtures = try IDXFixtures()
        defer { fixtures.remove() }
        // A label file (1 dimension) where images (3 dimensions) are expected.
        let path = try fixtures.write("labels", IDXFixtures.idx(sizes: [3], data: [1, 2, 3]))
        #expect(throws: DataError.badMagic(path: path, found: [0, 0, 8, 1], expectedDimensions: 3)) {
            try IDXFile(path: path, dimensionCount: 3)
        }
        let text = try fixtures.write("text.idx", Array("hello, world".utf8))
        #expect(throws: DataError.self) { try IDXFile(path: text, dimensionCount: 1) }
    }

    @Test func fileEndsInsideHeader() throws {
        let fixtures = try IDXFixtures()
        defer { fixtures.remove() }
        let path = try fixtures.write("short", [0, 0, 8, 3, 0, 0])
        #expect(throws: DataError.implausibleHeader(path: path, detail: "the file ends inside its header")) {
            try IDXFile(path: path, dimensionCount: 3)
        }
    }

    /// 2^31 images of 28×28 would be 1.6 TB: refused from the header, before any allocation.
    @Test func headerClaimingTwoToThe31Images() throws {
        let fixtures = try IDXFixtures()
        defer { fixtures.remove() }
        let path = try fixtures.write(
            "huge.gz", IDXFixtures.idx(sizes: [1 << 31, 28, 28], data: [1, 2, 3]), gzip: true)
        #expect(
            throws: DataError.implausibleHeader(
                path: path, detail: "sizes [2147483648, 28, 28] describe more than 1073741824 bytes")
        ) {
            try IDXFile(path: path, dimensionCount: 3)
        }
    }

    /// A header within bounds (800 MB) but with 10 images of data: reported as truncated after
    /// reading only what the file delivers.
    @Test func headerLargerThanData() throws {
        let fixtures = try IDXFixtures()
        defer { fixtures.remove() }
        let data = [UInt8](repeating: 7, count: 10 * 784)
        for gzip in [false, true] {
            let path = try fixtures.write(
                "lying\(gzip ? ".gz" : "")", IDXFixtures.idx(sizes: [1_000_000, 28, 28], data: data), gzip: gzip)
            #expect(throws: DataError.truncated(path: path, expectedBytes: 16 + 784_000_000, foundBytes: 16 + 7840)) {
                try IDXFile(path: path, dimensionCount: 3)
            }
        }
    }

    @Test func zeroSizedImagesAreRefused() throws {
        let fixtures = try IDXFixtures()
        defer { fixtures.remove() }
        let path = try fixtures.write("flat", IDXFixtures.idx(sizes: [5, 0, 28], data: []))
        #expect(throws: DataError.self) { try IDXFile(path: path, dimensionCount: 3) }
    }

    @Test func truncatedGzipStream() throws {
        let fixtures = try IDXFixtures()
        defer { fixtures.remove() }
        var rng = SystemRandomNumberGenerator()
        let data = (0..<5000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let path = try fixtures.write("cut.gz", IDXFixtures.idx(sizes: [5000], data: data), gzip: true)
        let whole = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        try fixtures.write("cut.gz", Array(whole.prefix(whole.count / 2)))
        #expect(throws: DataError.corruptGzip(path: path, detail: "the stream ends early (truncated .gz file)")) {
            try IDXFile(path: path, dimensionCount: 1)
        }
    }

    @Test func corruptGzipStream() throws {
        let fixtures = try IDXFixtures()
        defer { fixtures.remove() }
        let data = (0..<5000).map { UInt8($0 % 10) }
        let path = try fixtures.write("bad.gz", IDXFixtures.idx(sizes: [5000], data: data), gzip: true)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        for i in 12..<min(40, bytes.count - 8) { bytes[i] ^= 0xA5 }
        try fixtures.write("bad.gz", bytes)
        #expect {
            try IDXFile(path: path, dimensionCount: 1)
        } throws: { error in
            guard case .corruptGzip(let reported, _)? = error as? DataError else { return false }
            return reported == path
        }
    }

    @Test func trailingBytesAreRefused() throws {
        let fixtures = try IDXFixtures()
        defer { fixtures.remove() }
        let path = try fixtures.write("long", IDXFixtures.idx(sizes: [3], data: [1, 2, 3, 4]))
        #expect(throws: DataError.trailingData(path: path, expectedBytes: 3)) {
            try IDXFile(path: path, dimensionCount: 1)
        }
    }

    @Test func missingFileIsUnreadable() {
        #expect(throws: DataError.unreadable(path: "/nonexistent/x", reason: "no such file")) {
            try IDXFile(path: "/nonexistent/x", dimensionCount: 1)
        }
    }
}
