import Foundation

/// The process's peak resident memory (Linux `VmHWM`), resettable so each model gets its own figure.
enum ProcessMemory {
    /// Starts a new peak measurement (writing 5 to /proc/self/clear_refs); false where unsupported.
    @discardableResult
    static func resetPeak() -> Bool {
        (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil
    }

    /// Peak resident memory since start or the last reset, in MiB; nil where /proc is unavailable.
    static func peakMiB() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        return kilobytes / 1024
    }
}
