#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The raw file-system calls Veil makes, in one place (like swift-system's `Syscalls.swift`), so the
/// rest of the module reads as Swift and a test can see every C call the file layer depends on.
///
/// Every function retries on `EINTR` and reports failure as `errno`, never as a partial result.
package enum Syscalls {
    /// The message for an `errno` value, e.g. "No such file or directory".
    package static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    package static func openForReading(_ path: String) -> Result<Int32, Errno> {
        retrying { open(path, O_RDONLY | O_CLOEXEC) }
    }

    /// Creates a new file that must not exist yet, readable and writable by the owner only.
    package static func createExclusive(_ path: String) -> Result<Int32, Errno> {
        retrying { open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600) }
    }

    package static func openDirectory(_ path: String) -> Result<Int32, Errno> {
        retrying { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
    }

    /// Reads up to `count` bytes; 0 means end of file.
    package static func read(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int) -> Result<Int, Errno> {
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

    /// Reads up to `count` bytes at `offset` without moving the file position; fewer only at the end of the file.
    package static func read(
        _ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int64
    ) -> Result<Int, Errno> {
        var done = 0
        while done < count {
            let result = pread(fd, buffer + done, count - done, off_t(offset) + off_t(done))
            if result == 0 { break }
            if result < 0 {
                if errno == EINTR { continue }
                return .failure(Errno(errno))
            }
            done += result
        }
        return .success(done)
    }

    /// Writes all `count` bytes, looping over short writes.
    package static func writeAll(_ fd: Int32, _ buffer: UnsafeRawPointer, count: Int) -> Result<Void, Errno> {
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

    package static func seekToStart(_ fd: Int32) -> Result<Void, Errno> {
        lseek(fd, 0, SEEK_SET) < 0 ? .failure(Errno(errno)) : .success(())
    }

    /// What `fstat` says of an open file: its identity, size and modification time.
    package static func status(_ fd: Int32) -> Result<FileStatus, Errno> {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(Errno(errno)) }
        return .success(FileStatus(info))
    }

    /// What `stat` says of a path (following symbolic links).
    package static func status(path: String) -> Result<FileStatus, Errno> {
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(Errno(errno)) }
        return .success(FileStatus(info))
    }

    package static func sync(_ fd: Int32) -> Result<Void, Errno> {
        retrying { fsync(fd) }.map { _ in () }
    }

    package static func setMode(_ fd: Int32, _ mode: mode_t) -> Result<Void, Errno> {
        retrying { fchmod(fd, mode) }.map { _ in () }
    }

    package static func rename(_ from: String, _ to: String) -> Result<Void, Errno> {
        #if canImport(Glibc)
            Glibc.rename(from, to) == 0 ? .success(()) : .failure(Errno(errno))
        #else
            Darwin.rename(from, to) == 0 ? .success(()) : .failure(Errno(errno))
        #endif
    }

    package static func unlink(_ path: String) {
        #if canImport(Glibc)
            _ = Glibc.unlink(path)
        #else
            _ = Darwin.unlink(path)
        #endif
    }

    /// Ignores signal `number` (before a dispatch source takes it over).
    package static func ignoreSignal(_ number: Int32) {
        _ = signal(number, SIG_IGN)
    }

    /// Restores signal `number`'s default action and sends it to this process (ends it, for SIGTERM and SIGINT).
    /// Sent to the process, not the calling thread: dispatch's threads block signals, so `raise` there would leave
    /// it pending.
    package static func raiseWithDefaultAction(_ number: Int32) {
        _ = signal(number, SIG_DFL)
        _ = kill(getpid(), number)
    }

    /// Our process id, for naming temporary files.
    package static var processID: Int32 { getpid() }

    /// False only when no process `pid` exists (`kill(pid, 0)` fails with `ESRCH`).
    package static func processExists(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }

    package static func close(_ fd: Int32) {
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
package struct FileStatus: Equatable {
    package var device: UInt64
    package var inode: UInt64
    package var size: Int64
    package var modifiedSeconds: Int64
    package var modifiedNanoseconds: Int64
    package var isRegularFile: Bool

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
package struct Errno: Error, CustomStringConvertible {
    package var code: Int32
    package init(_ code: Int32) { self.code = code }
    package var description: String { Syscalls.describe(code) }
}
