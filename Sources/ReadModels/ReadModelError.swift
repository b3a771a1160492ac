public import Ledger

/// Why a read model could not be built, stored or read.
public enum ReadModelError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The store under the ledger's directory could not be opened or written.
    case storeUnavailable(directory: String, reason: String)
    /// An event could not be decoded for a projection.
    case undecodable(position: UInt64, type: String, reason: String)
    /// A stored row could not be read back.
    case damagedRow(projection: String, reason: String)
    /// No projection has this name.
    case unknownProjection(String, known: [String])
    /// The ledger could not be read.
    case ledger(LedgerError)
    /// The asked position lies beyond the log.
    case beyondHead(position: UInt64, head: UInt64)
    /// A rebuild by code of the live model's version gave other rows at the live model's position: it was not
    /// swapped in. The first rows that differ, in words.
    case rebuildDiffers(projection: String, position: UInt64, differing: Int, first: [String])

    public var description: String {
        switch self {
        case let .storeUnavailable(directory, reason): return "cannot use the read models at \(directory): \(reason)"
        case let .undecodable(position, type, reason): return "event \(position) (\(type)) cannot be read: \(reason)"
        case let .damagedRow(projection, reason): return "the \(projection) read model is damaged: \(reason); run `fangxin rebuild --projection \(projection)`"
        case let .unknownProjection(name, known): return "no projection is called \"\(name)\" (known: \(known.joined(separator: ", ")))"
        case let .ledger(error): return "\(error)"
        case let .beyondHead(position, head): return "position \(position) is beyond the head of the log (\(head))"
        case let .rebuildDiffers(projection, position, differing, first):
            return "the rebuilt \(projection) differs from the live one at position \(position), both by code of the same version, "
                + "in \(differing) row(s), so it was not swapped in (a nondeterministic fold, or a damaged store); first: "
                + first.joined(separator: "; ") + ". `fangxin rebuild --dry-run --diff` lists them; `--force` swaps it in anyway"
        }
    }
}
