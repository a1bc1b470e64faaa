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
        case .missingFile(let role, let searched):
            "missing \(role) file; looked for: \(searched.joined(separator: ", "))"
        case .bundledDatasetNotFound(let searched):
            "no dataset found: pass --data-dir DIR or set DIGITS_DATA_DIR; the bundled Data/mnist was not in "
                + searched.joined(separator: ", ")
        case .unreadable(let path, let reason):
            "\(path): cannot read: \(reason)"
        case .emptyFile(let path):
            "\(path): the file is empty"
        case .badMagic(let path, let found, let dimensions):
            "\(path): not an unsigned-byte IDX file with \(dimensions) dimension\(dimensions == 1 ? "" : "s") (magic "
                + found.map { String(format: "%02x", $0) }.joined() + ", expected 0000080\(dimensions))"
        case .implausibleHeader(let path, let detail):
            "\(path): implausible IDX header: \(detail)"
        case .truncated(let path, let expected, let found):
            "\(path): truncated: the header promises \(expected) bytes of data but the file holds \(found)"
        case .trailingData(let path, let expected):
            "\(path): the file holds more than the \(expected) bytes of data its header promises"
        case .corruptGzip(let path, let detail):
            "\(path): corrupt gzip stream: \(detail)"
        case .countMismatch(let imagesPath, let images, let labelsPath, let labels):
            "\(imagesPath) holds \(images) images but \(labelsPath) holds \(labels) labels"
        case .labelOutOfRange(let path, let index, let value, let classes):
            "\(path): label \(index) is \(value), outside 0…\(classes - 1)"
        case .checksumMismatch(let path, let expected, let found):
            "\(path): MD5 of the uncompressed data is \(found), expected \(expected); re-copy the file"
        case .shapeMismatch(let path, let detail):
            "\(path): \(detail)"
        case .compressionFailed(let status):
            "zlib could not compress an image (status \(status))"
        }
    }
}
