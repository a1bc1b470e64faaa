import DigitsData
import Foundation
import Testing

/// Runs `mirror_server.py` on a free loopback port, serving the bundled MNIST files. It lives until
/// `stop()` (or this process's exit closes its standard input): no clock can end it early.
private final class LocalMirror {
    let process = Process()
    let port: Int
    /// The server's standard input: closing it (or our exiting) stops the server.
    private let input = Pipe()

    init() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "mirror_server.py")
        let bundled = try DatasetLocation.resolve(dataDirectory: nil, environment: [:]).directory
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, bundled]
        process.standardOutput = output
        process.standardInput = input
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The port line, however the pipe splits it; an empty read means the server exited.
        var printed = Data()
        while !printed.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            printed.append(chunk)
        }
        let line = String(decoding: printed, as: UTF8.self)
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw DataError.unreadable(path: script.path, reason: "the test mirror printed no port: \(line)")
        }
        self.port = port
    }

    func url(_ prefix: String) -> String { "http://127.0.0.1:\(port)/\(prefix)/" }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
    }
}

@Suite("digits download against a local mirror", .serialized)
struct DownloadTests {
    private func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("digits-download-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func goodFilesLandVerifiedAndLoad() async throws {
        let mirror = try LocalMirror()
        defer { mirror.stop() }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The first mirror answers 404; the downloader falls back to the second.
        try await MNISTDownloader(mirrors: [mirror.url("missing"), mirror.url("good")]).download(to: directory)
        let dataset = try Dataset.load(from: DatasetLocation(directory: directory, source: .option))
        #expect(dataset.isCanonicalMNIST)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
                == DatasetFile.allCases.map { $0.rawValue + ".gz" }.sorted())
    }

    @Test(arguments: ["corrupt", "truncated"])
    func badTransfersAreRefusedAndLeaveNothingBehind(prefix: String) async throws {
        let mirror = try LocalMirror()
        defer { mirror.stop() }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A file already in place must survive a failed download untouched.
        let existing = URL(fileURLWithPath: directory).appendingPathComponent("train-images-idx3-ubyte.gz")
        try Data("previous".utf8).write(to: existing)
        await #expect(throws: MNISTDownloader.DownloadError.self) {
            try await MNISTDownloader(mirrors: [mirror.url(prefix)]).download(to: directory)
        }
        #expect(try Data(contentsOf: existing) == Data("previous".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["train-images-idx3-ubyte.gz"])
    }
}
