import Dispatch
import Foundation
public import Ledger
import Projections

/// Keeps the read models: folds the log into each projection, stores rows with their checkpoint, rebuilds
/// aside and swaps, checks a rebuild against the live model, and answers for past positions.
public final class ProjectionRunner: @unchecked Sendable {
    public let ledger: Ledger
    public let store: ReadModelStore
    /// Folds this runner has loaded or built, with the entry they match, so that following the log does not
    /// reload a model per batch.
    var loaded: [String: (fold: any Fold, entry: ReadModelStore.Entry)] = [:]
    let lock = NSLock()
    /// Events folded between commits while catching up.
    var commitEvery: UInt64 = 100_000
    /// Events folded into one stretch of a rebuild's rows, which becomes one sorted run of each model
    /// (`BackgroundRuns`, `SortedRuns`): larger stretches make fewer runs to merge. Two stretches are in memory at most.
    var rebuildStretch: UInt64 = 150_000

    public static var projectionNames: [String] { ProjectionKind.all.map { $0.type.name } }

    public init(ledger: Ledger, store: ReadModelStore) {
        self.ledger = ledger
        self.store = store
    }

    /// What one projection did.
    public struct Outcome: Sendable, Encodable {
        public var projection: String
        public var version: Int
        /// The last position it has folded.
        public var position: UInt64
        /// Events read from the log, and whether it was rebuilt from the first.
        public var events: UInt64
        public var rebuilt: Bool
        public var seconds: Double
    }

    func headPosition() throws(ReadModelError) -> UInt64 {
        do { return try ledger.head().position } catch { throw .ledger(error) }
    }

    func kinds(_ names: [String]?) throws(ReadModelError) -> [ProjectionKind] {
        guard let names else { return ProjectionKind.all }
        return try names.map { name throws(ReadModelError) in try ProjectionKind.named(name) }
    }

    func reading<R>(_ body: () throws -> R) throws(ReadModelError) -> R {
        do { return try body() } catch let error as ReadModelError { throw error } catch {
            throw .storeUnavailable(directory: store.directory, reason: "\(error)")
        }
    }

    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
