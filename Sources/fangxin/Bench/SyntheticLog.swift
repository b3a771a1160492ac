import Ledger

/// A deterministic stream of appends shaped like the regulator's log.
///
/// Streams open one after another (a new one for about every tenth event); each append goes, with
/// probability 0.8, to one of the 10,000 most recently opened streams (complaints and reports live for
/// weeks) and otherwise to any stream opened so far (merchants live for years). Appends carry 1 to 3
/// events with payloads of a fixed size.
struct SyntheticLog {
    private var random: SplitMix64
    private var streamsOpened = 0
    private let payload: [UInt8]
    private let types = ["complaint.received", "complaint.accepted", "merchant.pledged", "mediation.ended"]
    private let actor = Actor(id: "bench", role: "system")

    init(seed: UInt64, payloadBytes: Int) {
        random = SplitMix64(seed: seed)
        var bytes = [UInt8](repeating: 0, count: payloadBytes)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: random.next()) }
        payload = bytes
    }

    /// The next appends holding `events` events in all.
    mutating func appends(events: Int) -> [Append] {
        var appends: [Append] = []
        var remaining = events
        while remaining > 0 {
            let count = min(remaining, 1 + Int(random.next() % 3))
            remaining -= count
            let stream: Int
            if streamsOpened == 0 || random.next() % 5 == 0 {
                streamsOpened += 1
                stream = streamsOpened
            } else if random.next() % 5 != 0 {
                let window = min(streamsOpened, 10_000)
                stream = streamsOpened - Int(random.next() % UInt64(window))
            } else {
                stream = 1 + Int(random.next() % UInt64(streamsOpened))
            }
            let occurredAt = Timestamp(rawValue: 1_672_531_200_000_000 + Int64(streamsOpened) * 60_000_000)
            appends.append(Append(
                stream: "stream-\(stream)", actor: actor,
                events: (0..<count).map { NewEvent(type: types[$0 % types.count], occurredAt: occurredAt, payload: payload) }))
        }
        return appends
    }

    var streams: Int { streamsOpened }
}

/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64), so a seed always gives the same log.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
