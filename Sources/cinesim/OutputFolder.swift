import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks, before any simulation runs, that a command can write its reports under a folder, so an
/// unwritable `--out` costs a usage error (exit code 2) and not a finished run whose reports are lost.
enum OutputFolder {
    /// Creates `path` (and its parents) if missing and writes and removes a probe file in it.
    /// - Returns: `nil` when the folder is writable, else a one-line message naming `option`, the
    ///   folder, the operating system's reason and the fix.
    static func problem(_ path: String, option: String = "--out") -> String? {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            return "\(option) \(path): is a file, not a folder (choose a folder for the reports)"
        }
        if let failure = makeDirectories(path) {
            return "\(option) \(path): cannot create the folder (\(failure)) (choose a writable folder)"
        }
        let probe = path + "/.cinesim-write-probe-\(getpid())"
        guard fileManager.createFile(atPath: probe, contents: Data()) else {
            return "\(option) \(path): cannot write in the folder (\(String(cString: strerror(errno)))) (choose a writable folder)"
        }
        try? fileManager.removeItem(atPath: probe)
        return nil
    }

    /// `mkdir -p` with POSIX calls, so a failure carries the system's reason (Foundation reports a
    /// file in the way as a bare "error 512"). Returns nil on success, else `strerror` of the failing step.
    static func makeDirectories(_ path: String) -> String? {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += "/" + component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST { return String(cString: strerror(errno)) }
        }
        var status = stat()
        guard stat(path, &status) == 0 else { return String(cString: strerror(errno)) }
        return (status.st_mode & S_IFMT) == S_IFDIR ? nil : String(cString: strerror(ENOTDIR))
    }
}
