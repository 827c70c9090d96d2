import Foundation

/// Locates and runs the built `cinesim` executable for end-to-end tests.
///
/// Search order: the directory of the running test bundle (SwiftPM puts `cinesim` next to
/// `cinesimPackageTests.xctest` in `.build/<config>`), then `.build/{debug,release}` of the package
/// that contains this file (`#filePath`), then `$CINESIM_BINARY`. `swift test` builds every product
/// before it runs tests, so the binary is normally next to the bundle.
enum CinesimBinary {
    struct Run {
        var exitCode: Int32
        var standardOutput: Data
        var standardError: String
    }

    static func locate(filePath: String = #filePath) -> URL? {
        let fileManager = FileManager.default
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["CINESIM_BINARY"] {
            candidates.append(URL(fileURLWithPath: override))
        }
        let bundleDirectories = [Bundle.main.bundleURL, Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments.first ?? "")]
            .compactMap { $0 }
        for url in bundleDirectories {
            // …/.build/<triple>/debug/cinesimPackageTests.xctest[/Contents/MacOS/…]: walk up to the config folder.
            var directory = url
            for _ in 0..<5 {
                directory = directory.deletingLastPathComponent()
                candidates.append(directory.appendingPathComponent("cinesim"))
            }
        }
        let packageRoot = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for configuration in ["debug", "release"] {
            candidates.append(packageRoot.appendingPathComponent(".build/\(configuration)/cinesim"))
        }
        return candidates.first { url in
            var isDirectory: ObjCBool = false
            return fileManager.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && fileManager.isExecutableFile(atPath: url.path)
        }
    }

    /// Runs `cinesim` with `arguments`, capturing both streams.
    static func run(_ arguments: [String]) throws -> Run {
        guard let binary = locate() else { throw LocateError.notFound }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        // stdout through a pipe read to the end; stderr into a temporary file, so neither stream
        // can fill up and block the child while the other is being read.
        let out = Pipe()
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("cinesim-stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        process.standardOutput = out
        process.standardError = errorHandle
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errorHandle.close()
        let errors = (try? Data(contentsOf: errorFile)) ?? Data()
        return Run(exitCode: process.terminationStatus, standardOutput: output, standardError: String(decoding: errors, as: UTF8.self))
    }

    enum LocateError: Error, CustomStringConvertible {
        case notFound
        var description: String { "cinesim executable not found next to the test bundle or in .build/{debug,release}; run `swift build --product cinesim` or set CINESIM_BINARY" }
    }
}
