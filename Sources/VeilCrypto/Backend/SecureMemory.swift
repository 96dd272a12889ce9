#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Where ``SecureBytes`` keep their bytes: pages locked in RAM (`mlock`, so a key is never written to swap) and,
/// on Linux, left out of core dumps (`madvise(MADV_DONTDUMP)`).
///
/// Small buffers (up to 2 KiB, rounded up to a power of two from 16 bytes) are slots of 64 KiB arenas mapped
/// once and never unmapped; a released slot (already wiped by ``SecureBytes``) goes back to its size's free list.
/// Larger buffers get pages of their own, unmapped when released. Locking is best effort: when the process's
/// `RLIMIT_MEMLOCK` is used up, the pages stay usable but unlocked (``lockFailures`` counts them); the
/// do-not-dump advice needs no limit.
enum SecureMemory {
    /// The largest slot; anything bigger is mapped on its own.
    static let largestSlot = 2048
    /// The size of one arena of slots.
    static let arenaSize = 64 * 1024

    private static let state = State()

    /// `byteCount` bytes (at least 1) at a 16-byte aligned address, in locked, not-dumped pages.
    static func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        let size = max(byteCount, 1)
        guard let slot = slotSize(for: size) else { return mapProtected(byteCount: roundedToPages(size)) }
        return state.withLock { $0.take(slotSize: slot) }
    }

    /// Returns what ``allocate(byteCount:)`` gave for the same `byteCount`. The caller has wiped it.
    static func deallocate(_ pointer: UnsafeMutableRawPointer, byteCount: Int) {
        let size = max(byteCount, 1)
        guard let slot = slotSize(for: size) else {
            unmap(pointer, byteCount: roundedToPages(size))
            return
        }
        state.withLock { $0.give(pointer, slotSize: slot) }
    }

    /// How many mappings could not be locked (`mlock` refused: no privilege or `RLIMIT_MEMLOCK` reached).
    static var lockFailures: Int { state.withLock { $0.lockFailures } }

    /// The slot size for `size`, or nil when it gets pages of its own.
    static func slotSize(for size: Int) -> Int? {
        guard size <= largestSlot else { return nil }
        var slot = 16
        while slot < size { slot <<= 1 }
        return slot
    }

    static var pageSize: Int { Int(sysconf(Int32(_SC_PAGESIZE))) }

    static func roundedToPages(_ size: Int) -> Int {
        let page = pageSize
        return (size + page - 1) / page * page
    }

    /// Maps `byteCount` (a multiple of the page size) zeroed bytes, locks them and marks them not to be dumped;
    /// `locked` is false when `mlock` refused. A mapping failure is out of memory, which stops the process as an
    /// allocation failure would.
    static func map(byteCount: Int) -> (pointer: UnsafeMutableRawPointer, locked: Bool) {
        guard let pointer = mmap(nil, byteCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            pointer != MAP_FAILED
        else {
            fatalError("out of memory: cannot map \(byteCount) bytes for key material")
        }
        let locked = mlock(pointer, byteCount) == 0
        #if os(Linux)
            _ = madvise(pointer, byteCount, MADV_DONTDUMP)
        #endif
        return (pointer, locked)
    }

    static func mapProtected(byteCount: Int) -> UnsafeMutableRawPointer {
        let (pointer, locked) = map(byteCount: byteCount)
        if !locked { state.withLock { $0.lockFailures += 1 } }
        return pointer
    }

    static func unmap(_ pointer: UnsafeMutableRawPointer, byteCount: Int) {
        _ = munlock(pointer, byteCount)
        _ = munmap(pointer, byteCount)
    }

    /// The free lists, behind a mutex.
    private final class State: @unchecked Sendable {
        struct Lists {
            var free: [Int: [UnsafeMutableRawPointer]] = [:]
            var lockFailures = 0

            mutating func take(slotSize: Int) -> UnsafeMutableRawPointer {
                if let pointer = free[slotSize]?.popLast() { return pointer }
                let (arena, locked) = SecureMemory.map(byteCount: SecureMemory.arenaSize)
                if !locked { lockFailures += 1 }
                let slots = SecureMemory.arenaSize / slotSize
                var list = free[slotSize] ?? []
                list.reserveCapacity(list.count + slots)
                for index in stride(from: slots - 1, to: 0, by: -1) { list.append(arena + index * slotSize) }
                free[slotSize] = list
                return arena
            }

            mutating func give(_ pointer: UnsafeMutableRawPointer, slotSize: Int) {
                free[slotSize, default: []].append(pointer)
            }
        }

        private let mutex: UnsafeMutablePointer<pthread_mutex_t>
        private var lists = Lists()

        init() {
            mutex = .allocate(capacity: 1)
            mutex.initialize(to: pthread_mutex_t())
            pthread_mutex_init(mutex, nil)
        }

        func withLock<R>(_ body: (inout Lists) -> R) -> R {
            pthread_mutex_lock(mutex)
            defer { pthread_mutex_unlock(mutex) }
            return body(&lists)
        }
    }
}
