import Ledger
public import ReadModels

/// Why a query has no answer.
public enum QueryError: Error, Equatable, CustomStringConvertible {
    /// The ledger or its read models could not be read, or `asOf` lies beyond the head.
    case readModels(ReadModelError)
    case noSuchMerchant(String, position: UInt64)

    public var description: String {
        switch self {
        case .readModels(let error): return "\(error)"
        case let .noSuchMerchant(code, position): return "no merchant \(code) in the read models (as of position \(position))"
        }
    }
}
