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
        let error = #expect(throws: BenchmarkArgumentError.self) {
            try createBenchmarkOutputDirectory(["--out", file])
        }
        #expect(error?.description == "--out \(file): a file, not a directory")
        let below = #expect(throws: BenchmarkArgumentError.self) {
            try createBenchmarkOutputDirectory(["--out", file + "/inner"])
        }
        #expect(below?.description.hasPrefix("--out \(file)/inner: cannot create it") == true)
    }

    @Test func missingValueIsRefused() {
        let error = #expect(throws: BenchmarkArgumentError.self) { try createBenchmarkOutputDirectory(["--out"]) }
        #expect(error?.description == "--out needs a value")
        let followed = #expect(throws: BenchmarkArgumentError.self) {
            try createBenchmarkOutputDirectory(["--out", "--quick"])
        }
        #expect(followed?.description == "--out needs a value")
    }

    /// `--filter` and `--only` share `--out`'s reading: absent is nil, present gives its value, and a
    /// missing value is an error (it was an index out of range).
    @Test func optionValues() throws {
        #expect(try benchmarkOptionValue("--only", in: ["--quick"]) == nil)
        #expect(try benchmarkOptionValue("--only", in: ["--only", "blas/im2col", "--quick"]) == "blas/im2col")
        let error = #expect(throws: BenchmarkArgumentError.self) { try benchmarkOptionValue("--only", in: ["--only"]) }
        #expect(error?.description == "--only needs a value")
    }
}
