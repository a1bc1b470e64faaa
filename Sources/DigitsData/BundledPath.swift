import Foundation

/// Where files that ship with Digits (the dataset in `Data/mnist`, the model in `Models/`) are
/// looked for: the current directory, then the executable's directory and each of its parents (so
/// `swift run`, `make` and a binary under `.build/release` all find them), and `share/digits/`
/// beside an installed binary's `bin/`.
public enum BundledPath {
    /// Candidate paths for `relativePath` (e.g. `Data/mnist`), most specific first, without repeats.
    public static func candidates(
        for relativePath: String, currentDirectory: String = FileManager.default.currentDirectoryPath,
        executablePath: String = CommandLine.arguments.first ?? ""
    ) -> [String] {
        var candidates = [URL(fileURLWithPath: currentDirectory).appendingPathComponent(relativePath).path]
        var directory = URL(fileURLWithPath: executablePath, relativeTo: URL(fileURLWithPath: currentDirectory))
            .standardizedFileURL.resolvingSymlinksInPath().deletingLastPathComponent()
        let installedName = relativePath.split(separator: "/").last.map(String.init) ?? relativePath
        candidates.append(
            directory.deletingLastPathComponent().appendingPathComponent("share/digits/\(installedName)").path)
        while directory.path != "/" && !directory.path.isEmpty {
            candidates.append(directory.appendingPathComponent(relativePath).path)
            directory = directory.deletingLastPathComponent()
        }
        var seen = Set<String>()
        return candidates.filter { seen.insert($0).inserted }
    }

    /// The first of `relativePath`'s candidates that exists (nil when none does).
    public static func existing(_ relativePath: String) -> String? {
        candidates(for: relativePath).first { FileManager.default.fileExists(atPath: $0) }
    }
}
