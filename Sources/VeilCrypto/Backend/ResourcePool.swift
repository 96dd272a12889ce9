internal import Foundation

/// A small pool of non-thread-safe resources (cipher contexts with their scratch space), so that a
/// `Sendable` cipher value can be used from several threads at once: each call borrows a resource, uses it
/// alone, and gives it back. The lock is held only to pop or push, never while the resource works.
final class ResourcePool<Resource: AnyObject>: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [Resource]
    private let make: @Sendable () throws(CryptoError) -> Resource
    private let maximumIdle: Int

    /// Creates a pool holding one resource made now, so that `make`'s failures surface at creation.
    init(maximumIdle: Int = 16, make: @escaping @Sendable () throws(CryptoError) -> Resource) throws(CryptoError) {
        self.make = make
        self.maximumIdle = maximumIdle
        idle = [try make()]
    }

    /// Runs `body` with a resource that no other thread is using.
    func withResource<R>(_ body: (Resource) throws(CryptoError) -> R) throws(CryptoError) -> R {
        lock.lock()
        let borrowed = idle.popLast()
        lock.unlock()
        let resource: Resource
        if let borrowed { resource = borrowed } else { resource = try make() }
        defer {
            lock.lock()
            if idle.count < maximumIdle { idle.append(resource) }
            lock.unlock()
        }
        return try body(resource)
    }
}
