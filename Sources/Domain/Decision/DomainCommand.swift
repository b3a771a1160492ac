/// A command for one aggregate, as every edge hands it to be decided: the aggregate's id and what is asked of it.
public enum DomainCommand: Sendable {
    case complaint(id: String, ComplaintCommand)
    case merchant(UnifiedSocialCreditCode, MerchantCommand)
    /// A merchant's credit lines (授信): the stream `credit-<code>`.
    case credit(UnifiedSocialCreditCode, CreditCommand)
    case report(id: String, ReportCommand)

    /// The stream the command is decided against and appended to.
    public var stream: String {
        switch self {
        case .complaint(let id, _): return Complaint.stream(id)
        case .merchant(let code, _): return Merchant.stream(code)
        case .credit(let code, _): return Credit.stream(code)
        case .report(let id, _): return Report.stream(id)
        }
    }

    /// The business day the command acts on.
    public var businessDay: CivilDate {
        switch self {
        case .complaint(_, let command): return command.businessDay
        case .merchant(_, let command): return command.businessDay
        case .credit(_, let command): return command.businessDay
        case .report(_, let command): return command.businessDay
        }
    }
}
