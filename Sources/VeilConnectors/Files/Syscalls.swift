#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The raw file-system calls the connectors make, in one place (like swift-system's `Syscalls.swift`), so the
/// rest of the module reads as Swift and a test can see every C call the file layer depends on.
///
/// Every function retries on `EINTR` and reports failure as `errno`, never as a partial result.
enum Syscalls {
    /// The message for an `errno` value, e.g. "No such file or directory".
    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    static func openForReading(_ path: String) -> Result<Int32, Errno> {
        retrying { open(path, O_RDONLY | O_CLOEXEC) }
    }

    /// Creates a new file that must not exist yet, readable and writable by the owner only.
    static func createExclusive(_ path: String) -> Result<Int32, Errno> {
        retrying { open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600) }
    }

    static func openDirectory(_ path: String) -> Result<Int32, Errno> {
        retrying { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
    }

    /// Reads up to `count` bytes; 0 means end of file.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int) -> Result<Int, Errno> {
        while true {
            #if canImport(Glibc)
                let result = Glibc.read(fd, buffer, count)
            #else
                let result = Darwin.read(fd, buffer, count)
            #endif
            if result >= 0 { return .success(result) }
            if errno != EINTR { return .failure(Errno(errno)) }
        }
    }

    /// Writes all `count` bytes, looping over short writes.
    static func writeAll(_ fd: Int32, _ buffer: UnsafeRawPointer, count: Int) -> Result<Void, Errno> {
        var done = 0
        while done < count {
            #if canImport(Glibc)
                let result = Glibc.write(fd, buffer + done, count - done)
            #else
                let result = Darwin.write(fd, buffer + done, count - done)
            #endif
            if result < 0 {
                if errno == EINTR { continue }
                return .failure(Errno(errno))
            }
            done += result
        }
        return .success(())
    }

    static func seekToStart(_ fd: Int32) -> Result<Void, Errno> {
        lseek(fd, 0, SEEK_SET) < 0 ? .failure(Errno(errno)) : .success(())
    }

    /// What `fstat` says of an open file: its identity, size and modification time.
    static func status(_ fd: Int32) -> Result<FileStatus, Errno> {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(Errno(errno)) }
        return .success(FileStatus(info))
    }

    /// What `stat` says of a path (following symbolic links).
    static func status(path: String) -> Result<FileStatus, Errno> {
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(Errno(errno)) }
        return .success(FileStatus(info))
    }

    static func sync(_ fd: Int32) -> Result<Void, Errno> {
        retrying { fsync(fd) }.map { _ in () }
    }

    static func setMode(_ fd: Int32, _ mode: mode_t) -> Result<Void, Errno> {
        retrying { fchmod(fd, mode) }.map { _ in () }
    }

    static func rename(_ from: String, _ to: String) -> Result<Void, Errno> {
        #if canImport(Glibc)
            Glibc.rename(from, to) == 0 ? .success(()) : .failure(Errno(errno))
        #else
            Darwin.rename(from, to) == 0 ? .success(()) : .failure(Errno(errno))
        #endif
    }

    static func unlink(_ path: String) {
        #if canImport(Glibc)
            _ = Glibc.unlink(path)
        #else
            _ = Darwin.unlink(path)
        #endif
    }

    /// Ignores signal `number` (before a dispatch source takes it over).
    static func ignoreSignal(_ number: Int32) {
        _ = signal(number, SIG_IGN)
    }

    /// Restores signal `number`'s default action and sends it to this process (ends it, for SIGTERM and SIGINT).
    /// Sent to the process, not the calling thread: dispatch's threads block signals, so `raise` there would leave
    /// it pending.
    static func raiseWithDefaultAction(_ number: Int32) {
        _ = signal(number, SIG_DFL)
        _ = kill(getpid(), number)
    }

    /// Our process id, for naming temporary files.
    static var processID: Int32 { getpid() }

    /// False only when no process `pid` exists (`kill(pid, 0)` fails with `ESRCH`).
    static func processExists(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }

    static func close(_ fd: Int32) {
        #if canImport(Glibc)
            _ = Glibc.close(fd)
        #else
            _ = Darwin.close(fd)
        #endif
    }

    private static func retrying(_ call: () -> Int32) -> Result<Int32, Errno> {
        while true {
            let result = call()
            if result >= 0 { return .success(result) }
            if errno != EINTR { return .failure(Errno(errno)) }
        }
    }
}

/// A file's identity (device, inode), size and modification time, as `stat` gives them: two equal values mean
/// the file was, as far as the file system tells, not changed in between.
struct FileStatus: Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modifiedSeconds: Int64
    var modifiedNanoseconds: Int64
    var isRegularFile: Bool

    fileprivate init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        #if canImport(Glibc)
            modifiedSeconds = Int64(info.st_mtim.tv_sec)
            modifiedNanoseconds = Int64(info.st_mtim.tv_nsec)
        #else
            modifiedSeconds = Int64(info.st_mtimespec.tv_sec)
            modifiedNanoseconds = Int64(info.st_mtimespec.tv_nsec)
        #endif
        isRegularFile = (info.st_mode & S_IFMT) == S_IFREG
    }
}

/// A failed system call's `errno`.
struct Errno: Error, CustomStringConvertible {
    var code: Int32
    init(_ code: Int32) { self.code = code }
    var description: String { Syscalls.describe(code) }
}
