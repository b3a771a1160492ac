import Foundation
import Hummingbird
import Ledger
import Queries
import ReadModels
import Replication
import Vault

/// `GET /v1/standby/stream?after=P&hash=H&slots=S&wait=MS[&limit=N]`: a standby's stream (docs/REPLICAS.md, "Standbys"),
/// for a token of the `replica` role only, since it carries the vault's keys.
///
/// The request says what the standby holds durably: `after` records, the last with chain hash `hash`, and `slots`
/// of the vault. The primary checks that this is a prefix of its own log (409 naming the position otherwise),
/// counts it as held for the commands waiting on acknowledgement, then waits up to `wait` milliseconds for a
/// record after `after`, and answers a `StandbyFrame`: the records after it as stored (at most `limit`, then to the
/// end of a command), and the vault's slots from
/// `slots`, read after the records, so that every key a record needs is in the frame or before it.
struct StandbyRoutes {
    let ledger: Ledger
    let vault: PersonalDataVault
    let acks: StandbyAcks

    /// The most records and slots a frame carries, and its bytes of records before it ends at a command's end.
    static let recordsMax = 4_096
    static let keysMax = 4_096
    static let recordBytesMax = 8 << 20
    static let waitMax = 10_000

    func add(to router: Router<ServiceContext>) {
        router.group("v1").get("standby/stream") { request, context in
            let caller = try context.requireCaller()
            guard caller.role == .replica else {
                throw Problem(.forbidden, "the standby stream carries the vault's keys: it is for a token of the replica role, not a \(caller.role.rawValue)")
            }
            let after = try Problem.checking { () throws(InvalidParameter) in try Self.integer(request, "after", max: UInt64(Int64.max)) }
            let slots = try Problem.checking { () throws(InvalidParameter) in try Self.integer(request, "slots", max: UInt64(Int64.max)) }
            let wait = try Problem.checking { () throws(InvalidParameter) in try Self.integer(request, "wait", max: UInt64(Self.waitMax), default: 0) }
            let limit = try Problem.checking { () throws(InvalidParameter) in
                try Self.integer(request, "limit", max: UInt64(Self.recordsMax), default: UInt64(Self.recordsMax))
            }
            let hash = request.uri.queryParameters.get("hash")?.lowercased() ?? ""
            let head = try ledger.head()
            try checkPrefix(after: after, hash: hash, head: head)
            acks.report(standby: caller.actor, holds: after)
            if head.position <= after, wait > 0 {
                _ = await withTaskGroup(of: Void.self) { group in
                    group.addTask { _ = await ledger.waitForAppend(beyond: after) }
                    group.addTask { try? await Task.sleep(for: .milliseconds(Int64(wait))) }
                    await group.next()
                    group.cancelAll()
                }
            }
            let answer = try await blocking { () throws -> StandbyFrame in try frame(after: after, slots: slots, limit: Int(limit)) }
            return Response(status: .ok, headers: [.contentType: "application/octet-stream", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: answer.encoded)))
        }
    }

    /// 409 unless the standby's `after` records, the last with chain hash `hash`, are this log's first.
    private func checkPrefix(after: UInt64, hash: String, head: Ledger.Head) throws {
        guard after <= head.position else {
            throw Problem(.conflict, "the standby holds \(after) records, this log \(head.position): its copy is not a prefix of this log (is this an old primary, or a primary restored from an older backup?)")
        }
        guard after > 0 else { return }
        guard let record = try ledger.recordBytes(at: after) else { throw Problem(.internalServerError, "record \(after) cannot be read") }
        let held = try record.withUnsafeBytes { try RecordView(parsing: $0).chainHash.hex }
        guard held == hash else {
            throw Problem(.conflict, "the standby's record \(after) has chain hash \(hash.isEmpty ? "(none given)" : String(hash.prefix(64))), this log's has \(held): its copy is not a prefix of this log")
        }
    }

    private func frame(after: UInt64, slots: UInt64, limit: Int) throws -> StandbyFrame {
        var records: [[UInt8]] = []
        var bytes = 0
        var lastCommand: String?
        if limit > 0 { try ledger.scan(from: after + 1) { view in
            // Past the bounds, a frame still ends at a command's last record, so that a standby can store it.
            let command = view.commandID
            if records.count >= limit || bytes >= Self.recordBytesMax {
                guard let lastCommand, command == lastCommand, bytes < StandbyFrame.bytesMax / 2 else { return false }
            }
            records.append(Array(view.bytes))
            bytes += view.bytes.count
            lastCommand = command
            return true
        } }
        let size = after + UInt64(records.count)
        // Read after the records: every key they were sealed with was kept before they were appended.
        let keys = try vault.keys(fromSlot: slots, limit: Self.keysMax)
        // More slots than a frame carries: the records wait for the next frame, after their keys.
        if keys.count == Self.keysMax, slots + UInt64(keys.count) < vault.slotCount { records = [] }
        let primarySize = max(try ledger.head().position, size)
        return StandbyFrame(first: after + 1, records: records, firstSlot: slots, keys: keys, primarySize: primarySize)
    }

    private static func integer(_ request: Request, _ name: String, max: UInt64, default fallback: UInt64? = nil) throws(InvalidParameter) -> UInt64 {
        guard let text = request.uri.queryParameters.get(name) else {
            if let fallback { return fallback }
            throw InvalidParameter(name, "give \(name), a whole number")
        }
        guard let value = QueryParameter.digits(text), value <= max else {
            throw InvalidParameter(name, "\(QueryParameter.quoted(text)) is not a whole number from 0 to \(max)")
        }
        return value
    }
}
