import Foundation

/// Atomic replacement of a whole directory on Linux: `renameat2(2)` with `RENAME_EXCHANGE` swaps two
/// paths in one step, so no instant exists at which the destination is missing or mixed.
///
/// Swift's Glibc module does not import `renameat2` (it is declared under `_GNU_SOURCE`), so it is
/// looked up in the C library at run time; glibc has exported it since 2.28.
enum DirectoryExchange {
    private typealias RenameAt2 =
        @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    private static let exchangeFlag: UInt32 = 1 << 1  // RENAME_EXCHANGE, <linux/fs.h>
    private static let currentDirectory: Int32 = -100  // AT_FDCWD, <fcntl.h>

    /// Swaps the entries at `first` and `second`; both must exist on the same file system.
    static func exchange(_ first: String, _ second: String) throws {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else {
            throw failure("this C library has no renameat2", first, second)
        }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        guard renameat2(currentDirectory, first, currentDirectory, second, exchangeFlag) == 0 else {
            throw failure(String(cString: strerror(errno)), first, second)
        }
    }

    /// rename(2): moves `source` to a `destination` that does not exist yet, atomically.
    static func rename(_ source: String, _ destination: String) throws {
        guard Glibc.rename(source, destination) == 0 else {
            throw failure(String(cString: strerror(errno)), source, destination)
        }
    }

    private static func failure(_ reason: String, _ first: String, _ second: String) -> Error {
        CocoaError(
            .fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot move \(first) to \(second): \(reason)"])
    }
}
