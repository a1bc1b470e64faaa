import DigitsCompute
import Foundation

/// The first step of every benchmark executable: make OpenBLAS run kernels that fit this CPU
/// (re-running the benchmark with `OPENBLAS_CORETYPE` set if it chose an older family) and say
/// which ones run.
public func prepareBenchmarkProcess() {
    OpenBLASKernelCheck.correctByReexecuting()
    print(OpenBLASKernelCheck.current.description)
}

/// The directory named by `--out` (default `Reports/bench`), created before any timing: a
/// benchmark that cannot write its results there says so at once and exits with status 2,
/// rather than failing after minutes of work.
public func benchmarkOutputDirectory(_ arguments: [String]) -> String {
    do {
        return try createBenchmarkOutputDirectory(arguments)
    } catch {
        let program = (CommandLine.arguments.first ?? "benchmark").split(separator: "/").last.map(String.init) ?? ""
        FileHandle.standardError.write(Data("\(program): \(error)\n".utf8))
        exit(2)
    }
}

/// Why a benchmark cannot write its results.
public struct BenchmarkOutputError: Error, CustomStringConvertible {
    public let description: String
}

/// `benchmarkOutputDirectory` without the exit: the directory, created, or the reason it cannot be.
public func createBenchmarkOutputDirectory(_ arguments: [String]) throws -> String {
    var directory = "Reports/bench"
    if let index = arguments.firstIndex(of: "--out") {
        guard index + 1 < arguments.count else { throw BenchmarkOutputError(description: "--out needs a directory") }
        directory = arguments[index + 1]
    }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
        throw BenchmarkOutputError(description: "--out \(directory): a file, not a directory")
    }
    do {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
        throw BenchmarkOutputError(description: "--out \(directory): cannot create it (\(error.localizedDescription))")
    }
    return directory
}

/// Writes a benchmark's results as `<name>.md` (for people, ending with the OpenBLAS kernels that
/// ran) and `<name>.json` (for tools) in `directory`, each atomically: the shared tail of every
/// benchmark executable.
public func writeBenchmarkResults(markdown: String, json: some Encodable, name: String, in directory: String) throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let text = markdown + (markdown.hasSuffix("\n") ? "" : "\n") + "\n\(OpenBLASKernelCheck.current.description).\n"
    try text.write(toFile: "\(directory)/\(name).md", atomically: true, encoding: .utf8)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(json).write(to: URL(fileURLWithPath: "\(directory)/\(name).json"), options: .atomic)
}
