/// What an official, a channel or a system asks of a complaint.
public enum ComplaintCommand: Sendable {
    case receive(Receive)
    case accept(on: CivilDate)
    case refuse(on: CivilDate, ground: NonAcceptanceGround, note: String?)
    case startMediation(on: CivilDate, mode: MediationMode)
    case endMediation(on: CivilDate, outcome: MediationOutcome, reason: String?)
    case compensate(Compensate)
    case close(on: CivilDate)
    case assign(on: CivilDate, unit: String, transferred: Bool)
    case giveFeedback(on: CivilDate)
    case rateSatisfaction(on: CivilDate, satisfied: Bool)
    case revisit(on: CivilDate, note: String?)
    /// Stops the running limit's clock for a period the regulations leave out of it.
    case suspendClock(on: CivilDate, reason: SuspensionReason, note: String?)
    /// Restarts it: the working days that were left when it stopped run again from this day.
    case resumeClock(on: CivilDate)
    /// Tells both parties that mediation ended without agreement (D3).
    case notifyParties(on: CivilDate)
    /// Amends or voids an earlier event of the complaint (更正), with the reason (docs/COMMANDS.md, `correct`).
    case correct(Correct)

    /// A correction: the event at `corrects`, amended or voided.
    public typealias Correct = Domain.Correct<ComplaintAmendment>

    /// A payment to the consumer; `basis` for punitive damages, and `lossFen` where the loss differs from the price.
    public struct Compensate: Sendable {
        public var on: CivilDate
        public var amountFen: Int64
        public var payer: CompensationPayer
        public var kind: CompensationKind
        public var basis: PunitiveBasis?
        public var lossFen: Int64?
        /// For a no-reason return: the day the goods were bought, held to the merchant's pledged window.
        public var purchasedOn: CivilDate?
        /// For a return taken at another store or in another city (异地异店退换货): the store that took it.
        public var returnStore: String?

        public init(on: CivilDate, amountFen: Int64, payer: CompensationPayer, kind: CompensationKind, basis: PunitiveBasis? = nil, lossFen: Int64? = nil,
                    purchasedOn: CivilDate? = nil, returnStore: String? = nil) {
            self.purchasedOn = purchasedOn
            self.returnStore = returnStore
            self.on = on
            self.amountFen = amountFen
            self.payer = payer
            self.kind = kind
            self.basis = basis
            self.lossFen = lossFen
        }
    }

    public struct Receive: Sendable {
        public var channel: ComplaintChannel
        public var consumer: String
        public var consumerName: SealedPersonalData?
        public var consumerPhone: SealedPersonalData?
        public var merchant: UnifiedSocialCreditCode?
        public var merchantName: String
        public var category: ComplaintCategory
        public var subcategory: String
        public var amountInDisputeFen: Int64
        public var receivedRegion: RegionCode
        public var merchantRegion: RegionCode
        public var receivedOn: CivilDate
        /// The intake (登记) it came with, when one submission forked into a complaint and a report (分别处理).
        public var intake: String?

        public init(channel: ComplaintChannel, consumer: String, consumerName: SealedPersonalData? = nil, consumerPhone: SealedPersonalData? = nil,
                    merchant: UnifiedSocialCreditCode?, merchantName: String, category: ComplaintCategory, subcategory: String,
                    amountInDisputeFen: Int64, receivedRegion: RegionCode, merchantRegion: RegionCode, receivedOn: CivilDate, intake: String? = nil) {
            self.intake = intake
            self.channel = channel
            self.consumer = consumer
            self.consumerName = consumerName
            self.consumerPhone = consumerPhone
            self.merchant = merchant
            self.merchantName = merchantName
            self.category = category
            self.subcategory = subcategory
            self.amountInDisputeFen = amountInDisputeFen
            self.receivedRegion = receivedRegion
            self.merchantRegion = merchantRegion
            self.receivedOn = receivedOn
        }
    }
}
