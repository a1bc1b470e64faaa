import ArgumentParser
import DigitsData

/// `--data-dir`, shared by every command that reads a dataset.
struct DataOptions: ParsableArguments {
    @Option(help: "Directory with the four IDX files (default: $DIGITS_DATA_DIR, else the bundled Data/mnist).")
    var dataDir: String?

    func location() throws -> DatasetLocation {
        try DatasetLocation.resolve(dataDirectory: dataDir)
    }
}
