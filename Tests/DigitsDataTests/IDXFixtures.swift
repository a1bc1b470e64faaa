import Foundation

/// Writes small IDX datasets (valid or deliberately broken) into a fresh temporary directory.
struct IDXFixtures {
    let directory: String

    init() throws {
        directory =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("digits-data-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { "\(directory)/\(name)" }

    /// An IDX file's bytes: magic `00 00 08 D`, big-endian sizes, then `data`.
    static func idx(sizes: [UInt32], data: [UInt8], magic: [UInt8]? = nil) -> [UInt8] {
        var bytes = magic ?? [0, 0, 0x08, UInt8(sizes.count)]
        for size in sizes {
            bytes += [UInt8(size >> 24), UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF)]
        }
        return bytes + data
    }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8], gzip: Bool = false) throws -> String {
        let target = path(name)
        try Data(bytes).write(
            to: URL(fileURLWithPath: gzip ? target.replacingOccurrences(of: ".gz", with: "") : target))
        if gzip {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/gzip")
            process.arguments = ["-f", "-n", target.replacingOccurrences(of: ".gz", with: "")]
            try process.run()
            process.waitUntilExit()
        }
        return target
    }

    /// A valid dataset: `count` training and `count` test images of `rows × columns`, labels `i % 10`,
    /// pixel `j` of image `i` equal to `(i + j) % 256`.
    func writeValidDataset(count: Int = 20, rows: Int = 4, columns: Int = 3, gzip: Bool = true) throws {
        let pixels = (0..<count * rows * columns).map { UInt8(($0 / (rows * columns) + $0 % (rows * columns)) % 256) }
        let labels = (0..<count).map { UInt8($0 % 10) }
        let suffix = gzip ? ".gz" : ""
        for prefix in ["train", "t10k"] {
            try write(
                "\(prefix)-images-idx3-ubyte\(suffix)",
                Self.idx(sizes: [UInt32(count), UInt32(rows), UInt32(columns)], data: pixels), gzip: gzip)
            try write(
                "\(prefix)-labels-idx1-ubyte\(suffix)", Self.idx(sizes: [UInt32(count)], data: labels), gzip: gzip)
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}
