import DigitsModels
import Foundation

/// Writes a report directory so that an interrupted run — even one killed with SIGKILL — leaves
/// either the previous report or the new one, never a mixture or a half-written file.
///
/// The report is written whole into a staging directory beside the destination, then exchanged
/// with it in one step (`renameat2(RENAME_EXCHANGE)`, or a plain rename when there is no previous
/// report), and the previous report, now under the staging name, is removed. The destination is
/// therefore owned by the report: it holds `REPORT.md`, `report.html`, `metrics.json` and
/// `figures/`, and `prepare` refuses a directory that holds anything else rather than replace it.
public enum ReportWriter {
    static let fileNames = (markdown: "REPORT.md", html: "report.html", metrics: "metrics.json", figures: "figures")
    static var reportEntries: Set<String> {
        [fileNames.markdown, fileNames.html, fileNames.metrics, fileNames.figures]
    }

    /// Proves, before any training starts, that `directory` can receive a report: its parent exists
    /// (created if needed) and is writable, and the directory itself is absent, empty or a report.
    public static func prepare(_ directory: String) throws {
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        try nameObstacle(to: target, reportedAs: directory)
        if FileManager.default.fileExists(atPath: target.path) {
            let foreign = try FileManager.default.contentsOfDirectory(atPath: target.path)
                .filter { !reportEntries.contains($0) }.sorted()
            guard foreign.isEmpty else {
                throw ComparisonError.outputNotWritable(
                    path: directory,
                    reason:
                        "it holds files that are not part of a report (\(foreign.prefix(5).joined(separator: ", "))); "
                        + "a report replaces its directory whole, so give --out a directory of its own")
            }
        }
        try createWritable(target.deletingLastPathComponent(), reportedAs: directory)
    }

    /// Creates `directory` (for `--save-models`) and proves it writable, before any training starts.
    public static func prepareModelDirectory(_ directory: String) throws {
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        try nameObstacle(to: target, reportedAs: directory)
        try createWritable(target, reportedAs: directory)
    }

    /// Names the real obstacle to writing at `target`: the nearest existing ancestor (or `target`
    /// itself) that is a file, or is not writable.
    private static func nameObstacle(to target: URL, reportedAs directory: String) throws {
        func fail(_ reason: String) -> ComparisonError { .outputNotWritable(path: directory, reason: reason) }
        var existing = target
        var isDirectory: ObjCBool = false
        while !FileManager.default.fileExists(atPath: existing.path, isDirectory: &isDirectory) {
            existing.deleteLastPathComponent()
        }
        guard isDirectory.boolValue else { throw fail("\(existing.path) is a file, not a directory") }
        guard access(existing.path, W_OK) == 0 else {
            throw fail("\(existing.path) is not writable (\(String(cString: strerror(errno))))")
        }
    }

    private static func createWritable(_ directory: URL, reportedAs path: String) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let probe = directory.appendingPathComponent(".digits-write-test-\(getpid())")
            try Data().write(to: probe)
            try FileManager.default.removeItem(at: probe)
        } catch {
            throw ComparisonError.outputNotWritable(path: path, reason: reason(error))
        }
    }

    public static func write(_ document: ReportDocument, metrics: ComparisonMetrics, to directory: String) throws {
        let manager = FileManager.default
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        let staging = stagingURL(for: target, pid: getpid())
        removeAbandonedStaging(for: target)
        try? manager.removeItem(at: staging)
        do {
            let figures = staging.appendingPathComponent(fileNames.figures)
            try manager.createDirectory(at: figures, withIntermediateDirectories: true)
            for figure in document.figures {
                try Data(figure.svg.utf8).write(to: staging.appendingPathComponent(figure.path))
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try Data(document.markdown.utf8).write(to: staging.appendingPathComponent(fileNames.markdown))
            try Data(document.html.utf8).write(to: staging.appendingPathComponent(fileNames.html))
            try encoder.encode(metrics).write(to: staging.appendingPathComponent(fileNames.metrics))
            if manager.fileExists(atPath: target.path) {
                try DirectoryExchange.exchange(staging.path, target.path)
                try manager.removeItem(at: staging)  // now the previous report
            } else {
                try DirectoryExchange.rename(staging.path, target.path)
            }
        } catch {
            try? manager.removeItem(at: staging)
            throw ComparisonError.outputNotWritable(path: directory, reason: reason(error))
        }
    }

    /// `.<name>.staging-<pid>` beside the destination: the same file system, so the exchange is atomic.
    static func stagingURL(for target: URL, pid: Int32) -> URL {
        target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).staging-\(pid)")
    }

    /// Staging directories (or previous reports) left by runs that were killed: their process is gone.
    private static func removeAbandonedStaging(for target: URL) {
        let parent = target.deletingLastPathComponent()
        let prefix = ".\(target.lastPathComponent).staging-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
        }
    }

    private static func reason(_ error: Error) -> String {
        (error as NSError).localizedDescription
    }
}
