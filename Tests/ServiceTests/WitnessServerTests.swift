import Foundation
import Hummingbird
import HummingbirdTesting
import Ledger
import Logging
import Notary
import Service
import Testing
import TestSupport
import Transparency

/// A log asks a witness over real HTTP (C2SP tlog-witness), as `serve --witness URL=VKEY` does.
@Suite struct WitnessServerTests {
    @Test func theLogPublishesItsCheckpointWithTheWitnessCosignatureAndTheWitnessFollowsItsGrowth() async throws {
        let served = try await ServedLedger()
        let directory = try TemporaryDirectory()
        let witnessKey = try NoteSigner.generate(name: "court.example/witness", kind: .cosignature)
        let witness = try Witness(signer: witnessKey, logs: [ServedLedger.logKey.verifier], directory: directory.sub("witness"))
        let server = WitnessServer(witness: witness, host: "127.0.0.1", port: 0, logger: Logger(label: "witness"))
        let ledger = served.scratch.ledger
        let archive = try CheckpointArchive(directory: directory.sub("log"))
        try await server.application().test(.live) { client in
            let endpoint = try WitnessEndpoint(argument: "http://127.0.0.1:\(client.port!)=\(witnessKey.verifier.vkey)")
            let publisher = CheckpointPublisher(
                notary: CheckpointNotary(ledger: ledger, signer: ServedLedger.logKey, archive: archive),
                witnesses: [endpoint]) { Issue.record("\($0)") }
            let first = try await publisher.publish()
            #expect(first.signatures.count == 2)
            try witnessKey.verifier.verify(first)
            // The log grows; the next checkpoint is cosigned with a consistency proof from the size the witness holds.
            for payload in [UInt8(1), 2] {
                _ = try await ledger.append(Append(stream: "late", actor: Actor(id: "clerk", role: "regulator"),
                                                   events: [NewEvent(type: "thing.happened", occurredAt: Timestamp(rawValue: 0), payload: [payload])]))
            }
            let second = try await publisher.publish()
            try witnessKey.verifier.verify(second)
            #expect(try Checkpoint(text: second.text).size == Checkpoint(text: first.text).size + 2)
            #expect(try publisher.notary.archive.all().map { $0.signatures.count } == [2, 2])
            // The witness serves what it holds, at the SHA-256 of the origin.
            let held = try await client.execute(uri: "/\(Witness.originHash(ServedLedger.logKey.name))/checkpoint", method: .get)
            #expect(String(buffer: held.body) == second.serialized)
        }
    }

    /// What a hostile log or caller sends the witness is refused with the protocol's codes, and changes nothing.
    @Test func hostileAddCheckpointBodiesAreRefused() async throws {
        let directory = try TemporaryDirectory()
        let log = ServedLedger.logKey
        let witness = try Witness(signer: try NoteSigner.generate(name: "court.example/witness", kind: .cosignature), logs: [log.verifier],
                                  directory: directory.sub("witness"))
        let text = Checkpoint(origin: log.name, size: 3, root: .leaf([1])).text
        let signed = SignedNote(text: text, signatures: [try log.sign(text)]).serialized
        let server = WitnessServer(witness: witness, host: "127.0.0.1", port: 0, logger: Logger(label: "witness"))
        try await server.application().test(.router) { client in
            let cases: [(body: String, status: Int)] = [
                ("", 400),
                ("old 9223372036854775807\n\n" + signed, 400),
                ("old 18446744073709551616\n\n" + signed, 400),
                ("old -1\n\n" + signed, 400),
                ("old 00\n\n" + signed, 400),
                ("old 0\nnot-a-hash\n\n" + signed, 400),
                ("old 0\n\n" + String(repeating: "x", count: 60_000), 400),
                ("old 0\n\n" + String(repeating: "x", count: 4 << 20), 413),
            ]
            for item in cases {
                let response = try await client.execute(uri: "/add-checkpoint", method: .post, body: ByteBuffer(string: item.body))
                #expect(response.status.code == item.status, "\(item.body.prefix(40))")
            }
        }
        #expect(try witness.latest(origin: log.name) == nil)
    }
}
