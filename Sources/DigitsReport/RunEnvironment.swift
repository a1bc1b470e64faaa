import DigitsCompute
import Foundation

/// Where and how a report was made: the machine, the software versions and the exact command,
/// so a reader can tell what the times mean and rerun it.
public struct RunEnvironment: Codable, Sendable {
    public var command: String
    public var date: String
    public var cpu: String
    public var cores: Int
    public var memoryGiB: Double?
    public var operatingSystem: String
    public var swiftVersion: String
    public var openBLAS: String
    /// Which OpenBLAS kernel family ran and why (`OpenBLASKernelCheck`); absent in older reports.
    public var openBLASKernels: String?
    public var digitsCommit: String
    public var backend: String
    public var threads: Int
    /// How the convolutions computed (`--conv`); absent in older reports, which all used im2col.
    public var convolution: String?

    /// Describes this machine and process; `command` is the command line to print.
    public static func current(command: String, backend: any ComputeBackend) -> RunEnvironment {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let osRelease = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
        func field(_ text: String, _ key: String, separator: Character) -> String? {
            text.split(separator: "\n").first { $0.hasPrefix(key) }?
                .split(separator: separator, maxSplits: 1).last?.trimmingCharacters(
                    in: CharacterSet(charactersIn: " \t\""))
        }
        let memoryKiB = field(meminfo, "MemTotal", separator: ":").flatMap { Double($0.split(separator: " ")[0]) }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withTimeZone]
        let commit = firstLine(of: ["git", "rev-parse", "--short", "HEAD"])
        let dirty = !(firstLine(of: ["git", "status", "--porcelain", "--untracked-files=no"]) ?? "").isEmpty
        return RunEnvironment(
            command: command, date: formatter.string(from: Date()),
            cpu: field(cpuinfo, "model name", separator: ":") ?? "unknown",
            cores: ProcessInfo.processInfo.activeProcessorCount,
            memoryGiB: memoryKiB.map { $0 / 1_048_576 },
            operatingSystem: field(osRelease, "PRETTY_NAME", separator: "=")
                ?? ProcessInfo.processInfo.operatingSystemVersionString,
            swiftVersion: firstLine(of: ["swift", "--version"]) ?? "unknown",
            openBLAS: BLASBackend.configuration, openBLASKernels: OpenBLASKernelCheck.current.description,
            digitsCommit: commit.map { $0 + (dirty ? " (with uncommitted changes)" : "") } ?? "unknown",
            backend: backend.name, threads: backend.threads, convolution: backend.convolution.rawValue)
    }

    /// The first line a command prints, or nil when it cannot run or fails.
    private static func firstLine(of arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
    }
}
