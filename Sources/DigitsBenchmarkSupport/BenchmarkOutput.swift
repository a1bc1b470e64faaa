import DigitsCompute
import Foundation

/// The first step of every benchmark executable: make OpenBLAS run kernels that fit this CPU
/// (re-running the benchmark with `OPENBLAS_CORETYPE` set if it chose an older family) and say
/// which ones run.
public func prepareBenchmarkProcess() {
    OpenBLASKernelCheck.correctByReexecuting()
    print(OpenBLASKernelCheck.current.description)
}

/// Why a benchmark cannot run as asked: a bad option or an unusable `--out`.
public struct BenchmarkArgumentError: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}

/// The result of `body`, or, when it throws, the error on standard error and exit status 2: a
/// benchmark refuses a bad command line at once, by name, rather than failing after minutes of work.
public func benchmarkArgument<T>(_ body: () throws -> T) -> T {
    do {
        return try body()
    } catch {
        let program = (CommandLine.arguments.first ?? "benchmark").split(separator: "/").last.map(String.init) ?? ""
        FileHandle.standardError.write(Data("\(program): \(error)\n".utf8))
        exit(2)
    }
}

/// The value that follows `option` in `arguments`, or nil when the option is absent. An option
/// that ends the line, or is followed by another option, has no value: an error.
public func benchmarkOptionValue(_ option: String, in arguments: [String]) throws -> String? {
    guard let index = arguments.firstIndex(of: option) else { return nil }
    guard index + 1 < arguments.count, !arguments[index + 1].hasPrefix("--") else {
        throw BenchmarkArgumentError(description: "\(option) needs a value")
    }
    return arguments[index + 1]
}

/// The directory named by `--out` (default `Reports/bench`), created before any timing, or the
/// reason it cannot be.
public func createBenchmarkOutputDirectory(_ arguments: [String]) throws -> String {
    let directory = try benchmarkOptionValue("--out", in: arguments) ?? "Reports/bench"
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
        throw BenchmarkArgumentError(description: "--out \(directory): a file, not a directory")
    }
    do {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
        throw BenchmarkArgumentError(
            description: "--out \(directory): cannot create it (\(error.localizedDescription))")
    }
    return directory
}

/// Writes a benchmark's results as `<name>.md` (for people, ending with the OpenBLAS kernels that
/// ran) and `<name>.json` (for tools) in `directory`, made by `createBenchmarkOutputDirectory`,
/// each atomically: the shared tail of every benchmark executable.
public func writeBenchmarkResults(markdown: String, json: some Encodable, name: String, in directory: String) throws {
    let text = markdown + (markdown.hasSuffix("\n") ? "" : "\n") + "\n\(OpenBLASKernelCheck.current.description).\n"
    try text.write(toFile: "\(directory)/\(name).md", atomically: true, encoding: .utf8)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(json).write(to: URL(fileURLWithPath: "\(directory)/\(name).json"), options: .atomic)
}
