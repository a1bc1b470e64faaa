import Foundation

/// Writes a benchmark's results as `<name>.md` (for people) and `<name>.json` (for tools) in
/// `directory`, each atomically: the shared tail of every benchmark executable.
public func writeBenchmarkResults(markdown: String, json: some Encodable, name: String, in directory: String) throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    try markdown.write(toFile: "\(directory)/\(name).md", atomically: true, encoding: .utf8)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(json).write(to: URL(fileURLWithPath: "\(directory)/\(name).json"), options: .atomic)
}
