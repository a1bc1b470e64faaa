import ArgumentParser
import DigitsData
import Foundation

/// Loads a dataset, validating every file, and describes it.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Load and validate a dataset; print its shape, class counts and origin.")

    @OptionGroup var data: DataOptions

    func run() throws {
        let location = try data.location()
        let start = Date()
        let dataset = try Dataset.load(from: location)
        let seconds = Date().timeIntervalSince(start)
        print("dataset:  \(location.directory) (\(location.source.rawValue))")
        for file in DatasetFile.allCases { print("  \(file.role): \(dataset.files[file]!)") }
        print("canonical MNIST (MD5 verified): \(dataset.isCanonicalMNIST ? "yes" : "no")")
        for (name, part) in [("training", dataset.training), ("test", dataset.test)] {
            print("\(name): \(part.count) images of \(part.rows)×\(part.columns), \(part.classCount) classes")
            let counts = part.classCounts.enumerated().map { "\($0.offset): \($0.element)" }
            print("  class counts: \(counts.joined(separator: ", "))")
        }
        print(String(format: "loaded in %.3f s", seconds))
    }
}
