import Testing

@testable import DigitsModels

@Suite struct ModelSettingsTests {
    let specs = [
        SettingSpec("k", .integer(minimum: 1), default: "3", help: ""),
        SettingSpec("rate", .number(0...1), default: nil, help: ""),
        SettingSpec("mode", .choice(["a", "b"]), default: "a", help: ""),
        SettingSpec("flip", .flag, default: "false", help: ""),
        SettingSpec("c", .numbers(0...100), default: "1", help: ""),
    ]

    @Test func defaultsAndGivenValues() throws {
        let defaults = try ModelSettings(arguments: [], specs: specs)
        #expect(defaults.int("k") == 3 && defaults.optionalDouble("rate") == nil && !defaults.flag("flip"))
        #expect(defaults.given.isEmpty && defaults.doubles("c") == [1])
        let given = try ModelSettings(
            arguments: ["--k", "5", "--flip", "--rate=0.25", "--c", "0.1", "--c", "10,20", "--mode", "b"], specs: specs)
        #expect(
            given.int("k") == 5 && given.flag("flip") && given.double("rate") == 0.25 && given.string("mode") == "b")
        #expect(given.doubles("c") == [0.1, 10, 20])
        #expect(given.given == ["k", "flip", "rate", "c", "mode"])
    }

    @Test func badSettingsAreRefusedByName() {
        #expect(throws: SettingError.unknown(name: "trees", known: specs.map(\.name))) {
            try ModelSettings(arguments: ["--trees", "3"], specs: specs)
        }
        #expect(throws: SettingError.invalid(name: "k", problem: "must be at least 1 (got 0)")) {
            try ModelSettings(arguments: ["--k", "0"], specs: specs)
        }
        #expect(throws: SettingError.invalid(name: "k", problem: "expects a whole number, got 'x'")) {
            try ModelSettings(arguments: ["--k", "x"], specs: specs)
        }
        #expect(throws: SettingError.missingValue(name: "rate")) {
            try ModelSettings(arguments: ["--rate"], specs: specs)
        }
        #expect(throws: SettingError.self) { try ModelSettings(arguments: ["--rate", "nan"], specs: specs) }
        #expect(throws: SettingError.self) { try ModelSettings(arguments: ["--mode", "c"], specs: specs) }
        #expect(throws: SettingError.self) { try ModelSettings(arguments: ["--c", "1,,2"], specs: specs) }
        #expect(throws: SettingError.unexpectedArgument("7")) { try ModelSettings(arguments: ["7"], specs: specs) }
    }

    /// A kind's own checks: the linear SVM cannot both choose C and project first.
    @Test func kindsCheckCombinations() throws {
        let svm = LinearSVMKind()
        #expect(throws: SettingError.self) { try svm.parseSettings(["--pca", "40", "--c", "0.1,1"]) }
        #expect(try svm.parseSettings(["--pca", "40"]).optionalInt("pca") == 40)
        #expect(throws: (any Error).self) {
            try NetworkKind.paperCNN.parseSettings(["--optimizer", "sgd", "--momentum", "1"])
        }
    }

    /// Quick comparisons shrink each kind through its own quick settings; `--epochs` reaches every kind with epochs.
    @Test func comparisonSettingsPerRow() throws {
        var settings = ComparisonSettings()
        settings.quick = true
        settings.epochs = 5
        let cnn = ModelRegistry.comparisonRows.first { $0.id == "paper-cnn-augmented" }!
        let resolved = try settings.settings(for: cnn, kind: NetworkKind.paperCNN)
        #expect(resolved.int("epochs") == 2 && resolved.flag("augment"))
        let forest = ModelRegistry.comparisonRows.first { $0.id == "random-forest" }!
        #expect(try settings.settings(for: forest, kind: RandomForestKind()).int("trees") == 20)
        settings.quick = false
        #expect(try settings.settings(for: cnn, kind: NetworkKind.paperCNN).int("epochs") == 5)
        #expect(try settings.settings(for: forest, kind: RandomForestKind()).int("trees") == 100)
    }
}
