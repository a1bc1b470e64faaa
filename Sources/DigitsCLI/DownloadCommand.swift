import ArgumentParser
import DigitsData

/// Fetches MNIST from a public mirror, verifying every file before it is written.
struct DownloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "download",
        abstract: "Download the four MNIST files, verify their MD5 sums and write them atomically.")

    @Option(help: "Directory to write the files to.")
    var to: String

    @Option(help: "Mirror base URL to use instead of the usual public mirrors (repeatable).")
    var mirror: [String] = []

    func run() async throws {
        let downloader = mirror.isEmpty ? MNISTDownloader() : MNISTDownloader(mirrors: mirror)
        try await downloader.download(to: to) { print($0) }
        print("MNIST is in \(to); use it with --data-dir \(to)")
    }
}
