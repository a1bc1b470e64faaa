import DigitsModels
import Foundation
import Testing

/// The `digits` executable itself, run as a user runs it: exit codes, what goes to standard output and
/// what to standard error.
@Suite struct CommandLineTests {
    /// The `digits` binary SwiftPM built beside this test bundle.
    static let executable: URL = {
        var directory = Bundle.main.bundleURL
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("digits").path),
            directory.path != "/"
        {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("digits")
    }()
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../DigitsRecognitionTests/Fixtures").standardized.path
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")
        .standardized

    struct Run {
        let status: Int32
        let output: String
        let errors: String
    }

    func digits(_ arguments: [String], in directory: URL = packageRoot) throws -> Run {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let (output, errors) = (Pipe(), Pipe())
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
            errors: String(decoding: err, as: UTF8.self))
    }

    /// Good files are all recognised and bad ones all reported, then the exit status is non-zero.
    @Test func predictReportsEveryFileThenFails() throws {
        let files = ["gray8.png", "empty.png", "rgba-transparent.png", "jpeg.png", "bomb.png"].map {
            "\(Self.fixtures)/\($0)"
        }
        let run = try digits(["predict"] + files)
        #expect(run.status == 1)
        #expect(run.output.split(separator: "\n") == ["\(files[0]): 7 (1.000)", "\(files[2]): 7 (1.000)"])
        for bad in [files[1], files[3], files[4]] { #expect(run.errors.contains("error: \(bad):"), "\(bad) reported") }
    }

    @Test func predictJSONHasEveryProbability() throws {
        let run = try digits(["predict", "--json", "\(Self.fixtures)/gray16.png", "\(Self.fixtures)/palette.png"])
        #expect(run.status == 0, "\(run.errors)")
        let items = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]])
        #expect(items.count == 2)
        for item in items {
            #expect(item["digit"] as? Int == 7)
            #expect((item["probabilities"] as? [Double])?.count == 10)
        }
    }

    /// `digits read --json` prints exactly the documented shape for each file, and reports a bad
    /// file beside the good ones with the same error `predict` gives, then fails.
    @Test func readJSONHasTheDocumentedShape() throws {
        let files = ["number-4.png", "number-5.jpg", "empty.png"].map { "\(Self.fixtures)/\($0)" }
        let run = try digits(["read", "--json"] + files)
        #expect(run.status == 1)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]])
        #expect(items.count == 3)
        for item in items.prefix(2) {
            #expect(Set(item.keys) == ["file", "number", "confidence", "digits"], "\(item.keys)")
            let digits = try #require(item["digits"] as? [[String: Any]])
            #expect((item["number"] as? String)?.count == digits.count)
            for digit in digits {
                #expect(Set(digit.keys) == ["digit", "confidence", "box"])
                #expect((digit["box"] as? [Int])?.count == 4)
            }
        }
        #expect(items[0]["number"] as? String == "1262831" && items[1]["number"] as? String == "29912")
        #expect(Set(items[2].keys) == ["file", "error"])
        let predicted = try digits(["predict", "--json", files[2]])
        let refusal = try #require(
            try JSONSerialization.jsonObject(with: Data(predicted.output.utf8)) as? [[String: Any]])
        #expect(refusal[0]["error"] as? String == items[2]["error"] as? String)
    }

    /// Without the bundled model and without --checkpoint, the error says how to make one.
    @Test func missingDefaultModelSaysWhatToDo() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("digits-no-model-\(UUID())")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let copy = empty.appendingPathComponent("digits")
        try FileManager.default.copyItem(at: Self.executable, to: copy)
        let process = Process()
        process.executableURL = copy
        process.arguments = ["predict", "\(Self.fixtures)/gray8.png"]
        process.currentDirectoryURL = empty
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(message.contains("make model") && message.contains("--checkpoint"), "\(message)")
    }

    @Test func compareRefusesBadOptionsBeforeTraining() throws {
        let unknown = try digits(["compare", "--models", "paper-cnn,nope", "--out", "/tmp/digits-never-written"])
        #expect(unknown.status != 0 && unknown.errors.contains("unknown model 'nope'"))
        let blocked = try digits(["compare", "--quick", "--out", "\(Self.fixtures)/gray8.png/report"])
        #expect(blocked.status != 0 && blocked.errors.contains("is a file, not a directory"))
    }

    /// Every registered kind through the commands a user runs: train (with the kind's quick
    /// settings, on 400 images), evaluate and predict, all finding the kind from the registry.
    @Test(arguments: ModelRegistry.names)
    func everyKindTrainsEvaluatesAndPredicts(name: String) throws {
        let kind = try ModelRegistry.kind(named: name)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("digits-kind-\(name)-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("model.\(kind.fileExtension)").path
        var settings = kind.quickSettings
        if settings["epochs"] != nil { settings["epochs"] = "1" }
        let trained = try digits(
            ["train", "--model", name, "--train-limit", "400", "--checkpoint", file]
                + settings.sorted { $0.key < $1.key }.flatMap { ["--\($0.key)", $0.value] })
        #expect(trained.status == 0, "\(trained.errors)")
        #expect(trained.output.contains("test accuracy") && trained.output.contains("model: \(file)"))
        let evaluated = try digits(["evaluate", "--checkpoint", file, "--json"])
        #expect(evaluated.status == 0 && evaluated.output.contains("\"model\" : \"\(name)\""), "\(evaluated.errors)")
        let predicted = try digits(["predict", "\(Self.fixtures)/gray8.png", "--checkpoint", file, "--json"])
        #expect(predicted.status == 0 && predicted.output.contains("\"digit\""), "\(predicted.errors)")
    }

    @Test func unknownKindAndSettingAreRefusedBeforeLoading() throws {
        let kind = try digits(["train", "--model", "svm", "--checkpoint", "/tmp/digits-never-written"])
        #expect(kind.status != 0 && kind.errors.contains("unknown model 'svm'"), "\(kind.errors)")
        let setting = try digits([
            "train", "--model", "knn", "--trees", "3", "--checkpoint", "/tmp/digits-never-written",
        ])
        #expect(setting.status != 0 && setting.errors.contains("unknown option --trees"), "\(setting.errors)")
        let version = try digits(["--version"])
        #expect(version.status == 0 && version.output.hasPrefix("digits "))
    }
}
