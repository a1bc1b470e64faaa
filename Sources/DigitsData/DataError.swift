/// Everything that can be wrong with a dataset on disk. Each message names the file and the problem.
public enum DataError: Error, Equatable, CustomStringConvertible {
    case missingFile(role: String, searched: [String])
    case bundledDatasetNotFound(searched: [String])
    case unreadable(path: String, reason: String)
    case emptyFile(path: String)
    case badMagic(path: String, found: [UInt8], expectedDimensions: Int)
    case implausibleHeader(path: String, detail: String)
    case truncated(path: String, expectedBytes: Int, foundBytes: Int)
    case trailingData(path: String, expectedBytes: Int)
    case corruptGzip(path: String, detail: String)
    case countMismatch(imagesPath: String, images: Int, labelsPath: String, labels: Int)
    case labelOutOfRange(path: String, index: Int, value: Int, classes: Int)
    case checksumMismatch(path: String, expected: String, found: String)
    case shapeMismatch(path: String, detail: String)
    case compressionFailed(status: Int)

    public var description: String {
        switch self {
        case let .missingFile(role, searched):
            "missing \(role) file; looked for: \(searched.joined(separator: ", "))"
        case let .bundledDatasetNotFound(searched):
            "no dataset found: pass --data-dir DIR or set DIGITS_DATA_DIR; the bundled Data/mnist was not in "
                + searched.joined(separator: ", ")
        case let .unreadable(path, reason):
            "\(path): cannot read: \(reason)"
        case let .emptyFile(path):
            "\(path): the file is empty"
        case let .badMagic(path, found, dimensions):
            "\(path): not an unsigned-byte IDX file with \(dimensions) dimension\(dimensions == 1 ? "" : "s") (magic "
                + found.map { String(format: "%02x", $0) }.joined() + ", expected 0000080\(dimensions))"
        case let .implausibleHeader(path, detail):
            "\(path): implausible IDX header: \(detail)"
        case let .truncated(path, expected, found):
            "\(path): truncated: the header promises \(expected) bytes of data but the file holds \(found)"
        case let .trailingData(path, expected):
            "\(path): the file holds more than the \(expected) bytes of data its header promises"
        case let .corruptGzip(path, detail):
            "\(path): corrupt gzip stream: \(detail)"
        case let .countMismatch(imagesPath, images, labelsPath, labels):
            "\(imagesPath) holds \(images) images but \(labelsPath) holds \(labels) labels"
        case let .labelOutOfRange(path, index, value, classes):
            "\(path): label \(index) is \(value), outside 0…\(classes - 1)"
        case let .checksumMismatch(path, expected, found):
            "\(path): MD5 of the uncompressed data is \(found), expected \(expected); re-copy the file"
        case let .shapeMismatch(path, detail):
            "\(path): \(detail)"
        case let .compressionFailed(status):
            "zlib could not compress an image (status \(status))"
        }
    }
}
