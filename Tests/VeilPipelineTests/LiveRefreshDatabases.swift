import Foundation
import VeilTestSupport

/// A throwaway source database on the test server and the name of a staging database beside it, for refresh tests;
/// the source, the staging database and a refresh's leftovers (`__veil_next`, `__veil_old`) are dropped when it goes.
final class LiveRefreshDatabases {
    let source: String
    let staging: String

    init(prefix: String) throws {
        source = try TestPostgres.createDatabase(prefix: "\(prefix)_src")
        staging = "\(prefix)_stg_\(getpid())_\(UUID().uuidString.prefix(6).lowercased())"
    }

    /// A profile from the source to staging, its key store at `keys` (passphrase from `VEIL_PASSPHRASE`), then
    /// `rest` (settings and `tables:`).
    func profile(keys: String, _ rest: String) -> String {
        """
        version: 1
        source: \(TestPostgres.url(database: source))
        target: \(TestPostgres.url(database: staging))
        keys:
          store: \(keys)
          passphrase: env:VEIL_PASSPHRASE

        """ + rest
    }

    deinit {
        TestPostgres.dropDatabase(source)
        for suffix in ["", "__veil_next", "__veil_old"] { TestPostgres.dropDatabase(staging + suffix) }
    }
}
