public import Domain

/// Whose authority a command needs (属地管理): a stream is held by the region it was recorded in, a complaint's
/// or report's region of receipt, a merchant's region, and a command acts on what the caller holds only.
///
/// The check is made on the stream as the decision reads it, in the same turn, so that no command can move a
/// stream between the check and the append.
public enum Jurisdiction: Sendable, Equatable {
    /// An operator (admin), and `fangxin import`: every region, and may move a stream between regions.
    case everywhere
    /// A bureau or mediator of this region: a province holds its cities and counties, a city its counties. The
    /// stream must lie within it as recorded, and so must any region the command names.
    case within(RegionCode)
    /// A merchant speaking for itself or a bank for its own lines: bound to no region, so it may not move a stream
    /// from the region that holds it.
    case ownAffairs

    /// Why a command on `stream`, held in `holder` (nil for a stream not yet recorded) and naming `named` (the
    /// region a receipt or an application gives), lies outside this jurisdiction; nil when it lies inside.
    public func refusal(on stream: String, heldIn holder: RegionCode?, naming named: RegionCode?) -> String? {
        switch self {
        case .everywhere:
            return nil
        case .within(let scope):
            if let holder, !scope.contains(holder) {
                return "\(stream) is held by region \(holder), outside \(scope), the region this caller acts within"
            }
            if let named, !scope.contains(named) {
                return "the command names region \(named), outside \(scope), the region this caller acts within"
            }
            return nil
        case .ownAffairs:
            if let holder, let named, holder != named {
                return "\(stream) is held by region \(holder): moving it to \(named) needs a bureau holding \(holder), or an operator"
            }
            return nil
        }
    }
}
