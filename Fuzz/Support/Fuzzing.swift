// Helpers every fuzz target is compiled with (into the module it fuzzes).

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Stops the run when a property does not hold: libFuzzer reports the crash and keeps the input that broke it.
/// - Parameters:
///   - condition: the property.
///   - property: what broke, printed before the trap (never the input itself).
@inline(__always)
func fuzzRequire(_ condition: @autoclosure () -> Bool, _ property: @autoclosure () -> String) {
    if !condition() {
        let message = Array("fuzz property violated: \(property())\n".utf8)
        _ = message.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        abort()
    }
}

/// One scratch file per fuzzing process, rewritten for every input, for entry points that read a path.
enum FuzzFile {
    /// The file's path: in `$VEIL_FUZZ_SCRATCH` (which `Fuzz/run.sh` makes and removes), else in `/dev/shm` when
    /// it exists, so inputs never touch a disk.
    static let path: String = {
        let directory =
            getenv("VEIL_FUZZ_SCRATCH").map { String(cString: $0) }
            ?? (access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp")
        atexit { unlink(FuzzFile.path) }
        return "\(directory)/veil-fuzz-\(getpid()).input"
    }()

    /// Replaces the file's content with `bytes` and returns its path.
    static func store(_ bytes: UnsafeRawBufferPointer) -> String {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        fuzzRequire(fd >= 0, "the scratch file cannot be opened")
        var offset = 0
        while offset < bytes.count {
            let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            fuzzRequire(written > 0, "the scratch file cannot be written")
            offset += written
        }
        close(fd)
        return path
    }
}

/// The input as a buffer of bytes.
@inline(__always)
func fuzzBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: size == 0 ? nil : data, count: size)
}
