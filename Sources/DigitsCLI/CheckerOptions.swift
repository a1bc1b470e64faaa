import ArgumentParser
import Digits

/// `--checker FILE` and `--no-checker`: which digit checker helps `read` and `serve` decide where
/// touching digits part.
struct CheckerOptions: ParsableArguments {
    @Option(
        help: """
            Digit checker: the model that tells one whole digit from two merged or a part of one, when \
            choosing where touching digits part (default: the bundled Models/digit-checker.safetensors).
            """)
    var checker: String?
    @Flag(help: "Choose the cuts by the model's confidence and the digits' shapes alone, without a checker.")
    var noChecker = false

    func validate() throws {
        if noChecker, checker != nil { throw ValidationError("--checker and --no-checker exclude each other.") }
    }

    /// The checker asked for: the one named, else the bundled one if present; nil with `--no-checker`.
    func load(backend: any ComputeBackend) throws -> DigitChecker? {
        noChecker ? nil : try DigitChecker.load(checker, backend: backend)
    }
}
