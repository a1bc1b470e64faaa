import Foundation

/// Where a dataset's four IDX files live, and how that directory was chosen.
///
/// Order: `--data-dir`, then `DIGITS_DATA_DIR`, then the bundled `Data/mnist` (see `BundledPath`).
public struct DatasetLocation: Sendable, Equatable {
    public enum Source: String, Sendable {
        case option = "--data-dir"
        case environment = "DIGITS_DATA_DIR"
        case bundled = "bundled"
    }

    public let directory: String
    public let source: Source

    public init(directory: String, source: Source) {
        self.directory = directory
        self.source = source
    }

    public static func resolve(
        dataDirectory: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        executablePath: String = CommandLine.arguments.first ?? ""
    ) throws -> DatasetLocation {
        if let dataDirectory, !dataDirectory.isEmpty {
            return DatasetLocation(directory: dataDirectory, source: .option)
        }
        if let fromEnvironment = environment["DIGITS_DATA_DIR"], !fromEnvironment.isEmpty {
            return DatasetLocation(directory: fromEnvironment, source: .environment)
        }
        let candidates = BundledPath.candidates(
            for: "Data/mnist", currentDirectory: currentDirectory, executablePath: executablePath)
        for candidate in candidates where DatasetFile.allCases.allSatisfy({ $0.path(in: candidate) != nil }) {
            return DatasetLocation(directory: candidate, source: .bundled)
        }
        throw DataError.bundledDatasetNotFound(searched: candidates)
    }
}

/// The four files of an MNIST-style dataset, under their standard names, raw or gzip-compressed.
public enum DatasetFile: String, CaseIterable, Sendable {
    case trainingImages = "train-images-idx3-ubyte"
    case trainingLabels = "train-labels-idx1-ubyte"
    case testImages = "t10k-images-idx3-ubyte"
    case testLabels = "t10k-labels-idx1-ubyte"

    public var role: String {
        switch self {
        case .trainingImages: "training images"
        case .trainingLabels: "training labels"
        case .testImages: "test images"
        case .testLabels: "test labels"
        }
    }

    /// MD5 of the uncompressed canonical MNIST file (LeCun & Cortes), checked for the bundled copy.
    public var mnistMD5: String {
        switch self {
        case .trainingImages: "6bbc9ace898e44ae57da46a324031adb"
        case .trainingLabels: "a25bea736e30d166cdddb491f175f624"
        case .testImages: "2646ac647ad5339dbf082846283269ea"
        case .testLabels: "27ae3e4e09519cfbb04c329615203637"
        }
    }

    /// Images are `[count, rows, columns]`, labels `[count]`.
    public var dimensionCount: Int {
        self == .trainingImages || self == .testImages ? 3 : 1
    }

    /// Reads and validates this file at `path`.
    public func read(from path: String) throws -> IDXFile {
        try IDXFile(path: path, dimensionCount: dimensionCount)
    }

    /// Throws unless `file` holds the canonical MNIST bytes for this role; `source` names where they came from.
    public func verifyMNISTChecksum(of file: IDXFile, source: String) throws {
        guard file.md5 == mnistMD5 else {
            throw DataError.checksumMismatch(path: source, expected: mnistMD5, found: file.md5)
        }
    }

    /// Names tried in `directory`, compressed first.
    func candidates(in directory: String) -> [String] {
        let base = URL(fileURLWithPath: directory).appendingPathComponent(rawValue).path
        return [base + ".gz", base]
    }

    /// The file's path in `directory`, or nil when neither name exists.
    func path(in directory: String) -> String? {
        candidates(in: directory).first { FileManager.default.fileExists(atPath: $0) }
    }
}
