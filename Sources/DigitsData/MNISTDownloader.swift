import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Fetches the four canonical MNIST files into a directory, verifying each before it replaces
/// anything: every file is downloaded to a temporary name beside its target, parsed as IDX, its
/// MD5 checked against the published sum, and only then renamed into place (atomic on one file
/// system). A failed download leaves the directory as it was.
public struct MNISTDownloader: Sendable {
    /// The usual public mirrors of the MNIST files, tried in order.
    public static let defaultMirrors = [
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
    ]

    public let mirrors: [String]

    public init(mirrors: [String] = defaultMirrors) {
        self.mirrors = mirrors.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
    }

    public enum DownloadError: Error, CustomStringConvertible, Equatable {
        case allMirrorsFailed(file: String, reasons: [String])

        public var description: String {
            switch self {
            case .allMirrorsFailed(let file, let reasons):
                "could not download \(file):\n  " + reasons.joined(separator: "\n  ")
            }
        }
    }

    /// Downloads and verifies all four files into `directory`, reporting each as it lands.
    public func download(to directory: String, progress: (String) -> Void = { _ in }) async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for file in DatasetFile.allCases {
            let name = file.rawValue + ".gz"
            var reasons: [String] = []
            var landed = false
            for mirror in mirrors where !landed {
                do {
                    try await fetch(URL(string: mirror + name)!, file: file, into: directory)
                    progress("\(name): verified (MD5 \(file.mnistMD5)) from \(mirror)")
                    landed = true
                } catch {
                    reasons.append("\(mirror)\(name): \(Self.describe(error))")
                }
            }
            if !landed { throw DownloadError.allMirrorsFailed(file: name, reasons: reasons) }
        }
    }

    /// A one-line reason: our own errors as they describe themselves, URL errors by their message.
    private static func describe(_ error: Error) -> String {
        if let error = error as? DataError { return error.description }
        let message = (error as NSError).userInfo[NSLocalizedDescriptionKey] as? String
        return message ?? "\(error)"
    }

    private func fetch(_ url: URL, file: DatasetFile, into directory: String) async throws {
        let (data, response) = try await URLSession.shared.data(from: url)
        if let http = response as? HTTPURLResponse, http.statusCode != 200 {
            throw DataError.unreadable(path: url.absoluteString, reason: "HTTP status \(http.statusCode)")
        }
        if response.expectedContentLength >= 0 && Int64(data.count) != response.expectedContentLength {
            throw DataError.truncated(
                path: url.absoluteString, expectedBytes: Int(response.expectedContentLength),
                foundBytes: data.count)
        }
        let target = URL(fileURLWithPath: directory).appendingPathComponent(file.rawValue + ".gz")
        let temporary = URL(fileURLWithPath: directory).appendingPathComponent(
            ".\(file.rawValue).gz.\(UUID().uuidString).partial")
        try data.write(to: temporary)
        do {
            try file.verifyMNISTChecksum(of: file.read(from: temporary.path), source: url.absoluteString)
            if FileManager.default.fileExists(atPath: target.path) {
                _ = try FileManager.default.replaceItemAt(target, withItemAt: temporary)
            } else {
                try FileManager.default.moveItem(at: temporary, to: target)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
