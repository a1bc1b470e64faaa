import Foundation

/// Writes a report directory so that an interrupted run never leaves a half-written report in
/// place of a good one: everything is written into a staging directory first, then each file is
/// renamed over its old version (an atomic step each) and the figures directory is swapped whole.
public enum ReportWriter {
    static let fileNames = (markdown: "REPORT.md", html: "report.html", metrics: "metrics.json", figures: "figures")

    /// Creates `directory` if needed and proves it writable, before any training starts.
    public static func prepare(_ directory: String) throws {
        func fail(_ reason: String) -> ComparisonError { .outputNotWritable(path: directory, reason: reason) }
        // Name the real obstacle: the nearest existing ancestor that is a file, or is not writable.
        var existing = URL(fileURLWithPath: directory).standardizedFileURL
        var isDirectory: ObjCBool = false
        while !FileManager.default.fileExists(atPath: existing.path, isDirectory: &isDirectory) {
            existing.deleteLastPathComponent()
        }
        guard isDirectory.boolValue else { throw fail("\(existing.path) is a file, not a directory") }
        guard access(existing.path, W_OK) == 0 else {
            throw fail("\(existing.path) is not writable (\(String(cString: strerror(errno))))")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let probe = URL(fileURLWithPath: directory).appendingPathComponent(".digits-write-test-\(getpid())")
            try Data().write(to: probe)
            try FileManager.default.removeItem(at: probe)
        } catch {
            throw fail(reason(error))
        }
    }

    public static func write(_ document: ReportDocument, metrics: ComparisonMetrics, to directory: String) throws {
        let manager = FileManager.default
        let target = URL(fileURLWithPath: directory)
        let staging = target.appendingPathComponent(".report-staging-\(getpid())")
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

            // Swap the figures directory, then rename each file over its old version.
            let oldFigures = target.appendingPathComponent(".figures-old-\(getpid())")
            let currentFigures = target.appendingPathComponent(fileNames.figures)
            if manager.fileExists(atPath: currentFigures.path) { try manager.moveItem(at: currentFigures, to: oldFigures) }
            try manager.moveItem(at: figures, to: currentFigures)
            try? manager.removeItem(at: oldFigures)
            for name in [fileNames.metrics, fileNames.html, fileNames.markdown] {
                try renameReplacing(staging.appendingPathComponent(name), target.appendingPathComponent(name))
            }
            try manager.removeItem(at: staging)
        } catch {
            try? manager.removeItem(at: staging)
            throw ComparisonError.outputNotWritable(path: directory, reason: reason(error))
        }
    }

    /// rename(2): atomically replaces `destination`.
    private static func renameReplacing(_ source: URL, _ destination: URL) throws {
        guard rename(source.path, destination.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
        }
    }

    private static func reason(_ error: Error) -> String {
        (error as NSError).localizedDescription
    }
}
