#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension SecretReference {
    /// Takes the value of environment variable `name` out of the process: copies its bytes, overwrites them with
    /// zeros where they are (every `NAME=` entry), then unsets the variable.
    ///
    /// Unsetting alone is not enough: the strings a process is started with stay in its initial environment block,
    /// which the kernel shows in `/proc/PID/environ` for the process's lifetime; overwriting them in place is what
    /// removes the secret from there.
    ///
    /// - Returns: The value's bytes (the caller wipes them after use), or nil when the variable is not set.
    static func takeEnvironmentVariable(_ name: String) -> [UInt8]? {
        let prefix = Array(name.utf8) + [UInt8(ascii: "=")]
        var value: [UInt8]?
        #if canImport(Glibc)
            var entry: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environ
        #else
            var entry: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = _NSGetEnviron()?.pointee
        #endif
        while let current = entry, let pointer = current.pointee {
            let length = strlen(pointer)
            let bytes = UnsafeMutableRawBufferPointer(start: pointer, count: length)
            if length >= prefix.count, bytes.prefix(prefix.count).elementsEqual(prefix) {
                let start = pointer + prefix.count
                if value == nil { value = Array(UnsafeRawBufferPointer(start: start, count: length - prefix.count)) }
                explicit_bzero(start, length - prefix.count)
            }
            entry = current + 1
        }
        if value != nil { unsetenv(name) }
        return value
    }
}
