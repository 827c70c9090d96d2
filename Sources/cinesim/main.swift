import ArgumentParser
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif

// Line-buffer stdout for every command: C stdio block-buffers a redirected stdout (a pipe or a
// CI log file) in 4–64 KiB chunks, so `cinesim check … | tee` showed nothing for minutes. With
// _IOLBF each line (each ✓/✗ verdict) reaches the log when it is printed (C11 7.21.5.6).
setvbuf(stdout, nil, _IOLBF, 0)

// argument-parser exits 64 (EX_USAGE) on usage errors; cinesim's contract is 2 for invalid
// input or usage (DESIGN §10 "Exit codes"), so parse here and map the code ourselves.
do {
    var command = try Cinesim.parseAsRoot()
    try command.run()
} catch {
    let code = Cinesim.exitCode(for: error)
    if code == .success {
        Cinesim.exit(withError: error)
    }
    let message = Cinesim.fullMessage(for: error)
    if !message.isEmpty {
        FileHandleOutput.writeToStandardError(message + "\n")
    }
    // Usage/validation errors (64) and anything thrown that is not a deliberate exit code become 2.
    switch code.rawValue {
    case 0: Cinesim.exit(withError: error)
    case 1: exitProcess(1)
    default: exitProcess(2)
    }
}
