import DigitsBenchmarkSupport
import Foundation
import Testing

/// `--out` is checked before a benchmark times anything: a bad one must fail at once, by name.
@Suite struct BenchmarkOutputTests {
    /// A fresh directory under the system's temporary one, removed by the caller.
    private func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bench-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func nestedDirectoryIsCreated() throws {
        let root = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let target = root.appendingPathComponent("a/b").path
        #expect(try createBenchmarkOutputDirectory(["--quick", "--out", target]) == target)
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) && isDirectory.boolValue)
    }

    @Test func fileInTheWayIsRefusedByName() throws {
        let root = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("results").path
        #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
        let error = #expect(throws: BenchmarkOutputError.self) { try createBenchmarkOutputDirectory(["--out", file]) }
        #expect(error?.description == "--out \(file): a file, not a directory")
        let below = #expect(throws: BenchmarkOutputError.self) {
            try createBenchmarkOutputDirectory(["--out", file + "/inner"])
        }
        #expect(below?.description.hasPrefix("--out \(file)/inner: cannot create it") == true)
    }

    @Test func missingValueIsRefused() {
        let error = #expect(throws: BenchmarkOutputError.self) { try createBenchmarkOutputDirectory(["--out"]) }
        #expect(error?.description == "--out needs a directory")
    }
}
