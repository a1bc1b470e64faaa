import DigitsCompute
import Foundation
import Testing

/// The real correction path: `digits` started in a child process, with and without the user's own
/// OPENBLAS_CORETYPE. On a CPU whose family OpenBLAS does not know, the child re-runs itself with
/// the better family; elsewhere it keeps OpenBLAS's choice. Either way it says which kernels run.
@Suite struct KernelCorrectionTests {
    func backends(environment changes: [String: String?]) throws -> String {
        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = ["backends", "--threads", "1"]
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in changes { environment[key] = value }
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }

    @Test func digitsRunsKernelsThatFitTheCPU() throws {
        let output = try backends(environment: ["OPENBLAS_CORETYPE": nil, OpenBLASKernelCheck.correctionMarker: nil])
        // What OpenBLAS chooses by itself here: this test process never corrects itself (unless the
        // tests themselves run under a forced family, when only the line's presence can be checked).
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil else {
            #expect(output.contains("OpenBLAS kernels: "))
            return
        }
        let own = OpenBLASKernelCheck(
            running: OpenBLASKernelCheck.current.running, features: .current, environment: [:])
        switch own.verdict {
        case .outdated(let better):
            #expect(output.contains("OpenBLAS kernels: \(better); OpenBLAS had chosen \(own.running)"), "\(output)")
            #expect(output.contains("re-ran itself with OPENBLAS_CORETYPE=\(better)"), "\(output)")
        default:
            #expect(output.contains("OpenBLAS kernels: \(own.running), as OpenBLAS chose for this CPU"), "\(output)")
        }
    }

    @Test func theUsersChoiceIsKept() throws {
        let output = try backends(environment: [
            "OPENBLAS_CORETYPE": "Prescott", OpenBLASKernelCheck.correctionMarker: nil,
        ])
        #expect(output.contains("OpenBLAS kernels: Prescott, from OPENBLAS_CORETYPE set by the user"), "\(output)")
    }
}
