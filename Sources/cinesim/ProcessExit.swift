#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to standard error without buffering (the terminal summary goes to stdout).
enum FileHandleOutput {
    static func writeToStandardError(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            _ = write(2, buffer.baseAddress, buffer.count)
        }
    }
}

/// Ends the process with `code` after flushing stdout.
func exitProcess(_ code: Int32) -> Never {
    fflush(nil) // nil flushes every output stream (C11 7.21.5.2)
    exit(code)
}
