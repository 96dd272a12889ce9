import Foundation
import Testing

@testable import VeilPipeline

@Suite("Concurrently")
struct ConcurrentlyTests {
    struct Failure: Error, Equatable { let name: String }

    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.withLock { value = true } }
        var isSet: Bool { lock.withLock { value } }
    }

    @Test("both pieces run; the main result comes back once the side work is done")
    func bothRun() throws {
        let flag = Flag()
        let result = try Concurrently.run({
            Thread.sleep(forTimeInterval: 0.05)
            flag.set()
        }) { 42 }
        #expect(result == 42)
        #expect(flag.isSet)
    }

    @Test("the main piece's error comes first, after the side work is done; then the side's error")
    func errors() throws {
        let flag = Flag()
        #expect(throws: Failure(name: "main")) {
            try Concurrently.run({
                Thread.sleep(forTimeInterval: 0.05)
                flag.set()
                throw Failure(name: "side")
            }) { () throws -> Int in throw Failure(name: "main") }
        }
        #expect(flag.isSet)
        #expect(throws: Failure(name: "side")) {
            try Concurrently.run({ throw Failure(name: "side") }) { 1 }
        }
        #expect(try Concurrently.run(nil) { 7 } == 7)
    }
}
