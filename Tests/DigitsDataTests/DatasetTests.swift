import DigitsCompute
import DigitsData
import Foundation
import Testing

@Suite("Dataset loading and location")
struct DatasetTests {
    private func load(_ fixtures: IDXFixtures) throws -> Dataset {
        try Dataset.load(from: DatasetLocation(directory: fixtures.directory, source: .option))
    }

    @Test(arguments: [false, true])
    func loadsAValidDataset(gzip: Bool) throws {
        let fixtures = try IDXFixtures()
        defer { fixtures.remove() }
        try fixtures.writeValidDataset(gzip: gzip)
        let dataset = try load(fixtures)
        #expect(dataset.training.count == 20 && dataset.test.count == 20)
        #expect(dataset.training.rows == 4 && dataset.training.columns == 3)
        #expect(dataset.training.classCounts == [Int](repeating: 2, count: 10))
        #expect(!dataset.isCanonicalMNIST)
        // Image 1 has pixels (1 + j) % 256; as a batch they are scaled by 1/255.
        let batch = dataset.training.batch([1])
        #expect(batch.images.shape == [1, 1, 4, 3])
        #expect(batch.images.scalars == (0..<12).map { Float(1 + $0) / 255 })
        #expect(batch.labels == [1])
    }

    @Test func missingFileNamesWhichAndWhere() throws {
        let fixtures = try IDXFixtures()
        defer { fixtures.remove() }
        try fixtures.writeValidDataset()
        try FileManager.default.removeItem(atPath: fixtures.path("t10k-labels-idx1-ubyte.gz"))
        #expect(
            throws: DataError.missingFile(
                role: "test labels",
                searched: [
                    fixtures.path("t10k-labels-idx1-ubyte.gz"), fixtures.path("t10k-labels-idx1-ubyte"),
                ])
        ) { try load(fixtures) }
    }

    @Test func imageAndLabelCountsDiffer() throws {
        let fixtures = try IDXFixtures()
        defer { fixtures.remove() }
        try fixtures.writeValidDataset(gzip: false)
        try fixtures.write(
            "train-labels-idx1-ubyte", IDXFixtures.idx(sizes: [19], data: [UInt8](repeating: 1, count: 19)))
        #expect(
            throws: DataError.countMismatch(
                imagesPath: fixtures.path("train-images-idx3-ubyte"), images: 20,
                labelsPath: fixtures.path("train-labels-idx1-ubyte"), labels: 19)
        ) { try load(fixtures) }
    }

    @Test func labelOutsideZeroToNine() throws {
        let fixtures = try IDXFixtures()
        defer { fixtures.remove() }
        try fixtures.writeValidDataset(gzip: false)
        var labels = (0..<20).map { UInt8($0 % 10) }
        labels[7] = 10
        try fixtures.write("t10k-labels-idx1-ubyte", IDXFixtures.idx(sizes: [20], data: labels))
        #expect(
            throws: DataError.labelOutOfRange(
                path: fixtures.path("t10k-labels-idx1-ubyte"), index: 7, value: 10, classes: 10)
        ) {
            try load(fixtures)
        }
    }

    @Test func bundledMNISTLoadsAndMatchesItsChecksums() throws {
        let location = try DatasetLocation.resolve(dataDirectory: nil, environment: [:])
        #expect(location.source == .bundled)
        let dataset = try Dataset.load(from: location)
        #expect(dataset.isCanonicalMNIST)
        #expect(dataset.training.count == 60_000 && dataset.test.count == 10_000)
        #expect(dataset.training.rows == 28 && dataset.training.columns == 28)
        // Published class counts of the MNIST training and test sets.
        #expect(dataset.training.classCounts == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
        #expect(dataset.test.classCounts == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
        // The first training label of MNIST is 5, the first test label 7.
        #expect(dataset.training.labels.first == 5 && dataset.test.labels.first == 7)
    }

    @Test func locationOrderIsOptionThenEnvironmentThenBundled() throws {
        let fromOption = try DatasetLocation.resolve(dataDirectory: "/a", environment: ["DIGITS_DATA_DIR": "/b"])
        #expect(fromOption == DatasetLocation(directory: "/a", source: .option))
        let fromEnvironment = try DatasetLocation.resolve(dataDirectory: nil, environment: ["DIGITS_DATA_DIR": "/b"])
        #expect(fromEnvironment == DatasetLocation(directory: "/b", source: .environment))
        // Found from the executable's directory when the current directory has no Data/.
        let cwd = FileManager.default.currentDirectoryPath
        let fromExecutable = try DatasetLocation.resolve(
            dataDirectory: nil, environment: [:], currentDirectory: "/", executablePath: "\(cwd)/.build/release/digits")
        #expect(fromExecutable == DatasetLocation(directory: "\(cwd)/Data/mnist", source: .bundled))
        #expect(throws: DataError.self) {
            try DatasetLocation.resolve(
                dataDirectory: nil, environment: [:], currentDirectory: "/", executablePath: "/usr/bin/digits")
        }
    }
}

@Suite("Shuffling, splits and augmentation")
struct BatchingTests {
    private let images: LabeledImages = {
        let count = 50
        let pixels = (0..<count * 28 * 28).map { UInt8(($0 * 7) % 256) }
        return LabeledImages(images: pixels, labels: (0..<count).map { UInt8($0 % 10) }, rows: 28, columns: 28)
    }()

    @Test func shuffledOrderIsAReproduciblePermutation() {
        let order = images.shuffledOrder(seed: 3, epoch: 0)
        #expect(order.sorted() == Array(0..<50))
        #expect(order == images.shuffledOrder(seed: 3, epoch: 0))
        #expect(order != images.shuffledOrder(seed: 3, epoch: 1))
        #expect(order != images.shuffledOrder(seed: 4, epoch: 0))
    }

    @Test func validationSplitIsDisjointAndReproducible() {
        let (training, validation) = images.split(validationFraction: 0.2, seed: 9)
        #expect(training.count == 40 && validation.count == 10)
        let again = images.split(validationFraction: 0.2, seed: 9)
        #expect(again.validation.labels == validation.labels && again.validation.images == validation.images)
        // Every image ends up on exactly one side.
        let all = Set((0..<50).map { Array(images.image($0)) })
        let sides = (0..<40).map { Array(training.image($0)) } + (0..<10).map { Array(validation.image($0)) }
        #expect(Set(sides) == all && sides.count == 50)
    }

    @Test func augmentationIsDeterministicAndIdentityWhenDisabled() {
        var rng1 = SplitMix64(seed: 5)
        var rng2 = SplitMix64(seed: 5)
        let a = images.batch(0..<8, augmentation: Augmentation(), using: &rng1)
        let b = images.batch(0..<8, augmentation: Augmentation(), using: &rng2)
        #expect(a.images == b.images)
        #expect(a.images != images.batch(0..<8).images)
        var rng3 = SplitMix64(seed: 5)
        let identity = images.batch(0..<8, augmentation: Augmentation(maxShift: 0, maxRotationDegrees: 0), using: &rng3)
        #expect(identity.images == images.batch(0..<8).images)
    }

    @Test func augmentationShiftMovesInk() {
        // A single bright pixel at (10, 10) shifted by up to 2 px stays within the 5×5 square around it.
        var pixels = [UInt8](repeating: 0, count: 28 * 28)
        pixels[10 * 28 + 10] = 255
        let single = LabeledImages(images: pixels, labels: [0], rows: 28, columns: 28)
        var rng = SplitMix64(seed: 1)
        for _ in 0..<20 {
            let out = single.batch([0], augmentation: Augmentation(maxShift: 2, maxRotationDegrees: 0), using: &rng)
                .images.scalars
            let total = out.reduce(0, +)
            #expect(abs(total - 1) < 1e-4, "bilinear sampling conserves the ink of an interior pixel")
            for (index, value) in out.enumerated() where value > 0 {
                #expect(abs(index / 28 - 10) <= 3 && abs(index % 28 - 10) <= 3)
            }
        }
    }
}
