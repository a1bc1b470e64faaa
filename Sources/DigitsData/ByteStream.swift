import CZlib
import Foundation

/// Reads a file's bytes in order, inflating it on the fly when it is gzip-compressed (detected from
/// its first two bytes, not its name).
///
/// Output is produced only as fast as the file really delivers it, in chunks of at most 1 MiB, so a
/// header that lies about its size, or a decompression bomb, cannot make us allocate more than the
/// caller asked for and the data actually holds.
final class ByteStream {
    let path: String
    /// The file as stored: gzip-compressed or raw.
    private let fileBytes: [UInt8]
    private var offset = 0
    /// zlib keeps a pointer back to its stream, so the stream lives at one fixed address.
    private var inflater: UnsafeMutablePointer<z_stream>?
    private var finished = false
    private static let chunk = 1 << 20

    convenience init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw DataError.unreadable(path: path, reason: "no such file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError.unreadable(path: path, reason: "permission denied or not a regular file")
        }
        try self.init(bytes: [UInt8](data), path: path)
    }

    /// A stream over bytes already in memory; `path` names them in errors.
    init(bytes: [UInt8], path: String) throws {
        self.path = path
        guard !bytes.isEmpty else { throw DataError.emptyFile(path: path) }
        fileBytes = bytes
        if fileBytes.count >= 2 && fileBytes[0] == 0x1F && fileBytes[1] == 0x8B {
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            // 15 + 16: a gzip wrapper, with the largest window.
            guard digits_inflateInit2(stream, 15 + 16) == Z_OK else {
                stream.deallocate()
                throw DataError.corruptGzip(path: path, detail: "zlib could not start")
            }
            inflater = stream
        }
    }

    deinit {
        if let inflater {
            inflateEnd(inflater)
            inflater.deallocate()
        }
    }

    /// Exactly `count` bytes, or `truncated` naming how many the file had left (`alreadyRead` is
    /// added to both counts so the message speaks of the whole section being read).
    func read(exactly count: Int, alreadyRead: Int = 0) throws -> [UInt8] {
        var output = [UInt8]()
        while output.count < count {
            let want = min(Self.chunk, count - output.count)
            let produced = try readChunk(into: &output, upTo: want)
            if produced == 0 {
                throw DataError.truncated(
                    path: path, expectedBytes: alreadyRead + count, foundBytes: alreadyRead + output.count)
            }
        }
        return output
    }

    /// Throws unless the file has no bytes left.
    func expectEnd(afterBytes expected: Int) throws {
        var probe = [UInt8]()
        if try readChunk(into: &probe, upTo: 1) > 0 {
            throw DataError.trailingData(path: path, expectedBytes: expected)
        }
    }

    /// Appends up to `limit` bytes to `output` and returns how many; 0 only at the end of the data.
    private func readChunk(into output: inout [UInt8], upTo limit: Int) throws -> Int {
        guard let inflater else {
            let count = min(limit, fileBytes.count - offset)
            output.append(contentsOf: fileBytes[offset..<offset + count])
            offset += count
            return count
        }
        if finished { return 0 }
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: limit))
        var produced = 0
        while produced < limit && !finished {
            let status: Int32 = fileBytes.withUnsafeBufferPointer { input in
                output.withUnsafeMutableBufferPointer { out in
                    inflater.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + offset)
                    inflater.pointee.avail_in = UInt32(input.count - offset)
                    inflater.pointee.next_out = out.baseAddress! + start + produced
                    inflater.pointee.avail_out = UInt32(limit - produced)
                    let status = inflate(inflater, Z_NO_FLUSH)
                    offset = input.count - Int(inflater.pointee.avail_in)
                    produced = limit - Int(inflater.pointee.avail_out)
                    return status
                }
            }
            switch status {
            case Z_STREAM_END:
                finished = true
            case Z_OK:
                continue
            case Z_BUF_ERROR where offset == fileBytes.count:
                throw DataError.corruptGzip(path: path, detail: "the stream ends early (truncated .gz file)")
            default:
                let message = inflater.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw DataError.corruptGzip(path: path, detail: message)
            }
        }
        output.removeLast(limit - produced)
        return produced
    }
}
