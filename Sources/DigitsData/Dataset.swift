import Foundation

/// A training set and a test set of labelled images, loaded from one directory.
public struct Dataset: Sendable {
    public let training: LabeledImages
    public let test: LabeledImages
    public let location: DatasetLocation
    /// The file each part was read from, by role.
    public let files: [DatasetFile: String]
    /// True when all four files are the canonical MNIST bytes (their MD5 sums match).
    public let isCanonicalMNIST: Bool

    public static let classCount = 10

    /// Loads and validates the four files at `location`. For the bundled copy, the MNIST
    /// checksums must match; elsewhere they are only reported.
    public static func load(from location: DatasetLocation) throws -> Dataset {
        let paths = try Dictionary(
            uniqueKeysWithValues: DatasetFile.allCases.map { file in
                guard let path = file.path(in: location.directory) else {
                    throw DataError.missingFile(role: file.role, searched: file.candidates(in: location.directory))
                }
                return (file, path)
            })
        // The four files are independent: read them on both cores.
        let results = ConcurrentResults<IDXFile>(count: 4)
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            let file = DatasetFile.allCases[index]
            results.set(index, Result { try file.read(from: paths[file]!) })
        }
        var parsed: [DatasetFile: IDXFile] = [:]
        for (index, file) in DatasetFile.allCases.enumerated() { parsed[file] = try results.get(index) }
        if location.source == .bundled {
            for file in DatasetFile.allCases { try file.verifyMNISTChecksum(of: parsed[file]!, source: paths[file]!) }
        }
        let canonical = DatasetFile.allCases.allSatisfy { parsed[$0]!.md5 == $0.mnistMD5 }
        let training = try pair(
            images: parsed[.trainingImages]!, paths[.trainingImages]!,
            labels: parsed[.trainingLabels]!, paths[.trainingLabels]!)
        let test = try pair(
            images: parsed[.testImages]!, paths[.testImages]!, labels: parsed[.testLabels]!, paths[.testLabels]!)
        guard test.rows == training.rows, test.columns == training.columns else {
            throw DataError.shapeMismatch(
                path: paths[.testImages]!,
                detail:
                    "test images are \(test.rows)×\(test.columns) but training images are \(training.rows)×\(training.columns)"
            )
        }
        return Dataset(training: training, test: test, location: location, files: paths, isCanonicalMNIST: canonical)
    }

    private static func pair(images: IDXFile, _ imagesPath: String, labels: IDXFile, _ labelsPath: String) throws
        -> LabeledImages
    {
        guard images.dimensions[0] == labels.dimensions[0] else {
            throw DataError.countMismatch(
                imagesPath: imagesPath, images: images.dimensions[0],
                labelsPath: labelsPath, labels: labels.dimensions[0])
        }
        if let bad = labels.bytes.firstIndex(where: { Int($0) >= classCount }) {
            throw DataError.labelOutOfRange(
                path: labelsPath, index: bad, value: Int(labels.bytes[bad]), classes: classCount)
        }
        return LabeledImages(
            images: images.bytes, labels: labels.bytes, rows: images.dimensions[1],
            columns: images.dimensions[2], classCount: classCount)
    }
}
