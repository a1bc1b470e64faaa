import DigitsCompute
import Foundation

/// The first step of every benchmark executable: make OpenBLAS run kernels that fit this CPU
/// (re-running the benchmark with `OPENBLAS_CORETYPE` set if it chose an older family) and say
/// which ones run.
public func prepareBenchmarkProcess() {
    OpenBLASKernelCheck.correctByReexecuting()
    print(OpenBLASKernelCheck.current.description)
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
