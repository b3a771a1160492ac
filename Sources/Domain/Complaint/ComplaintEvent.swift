/// Everything that can happen to a complaint (投诉), schema version 1. Stream: `complaint-<id>`.
///
/// Field numbers are listed on each case's payload. Dates are business days (stored as day numbers); deadlines are
/// computed when the event is decided and recorded in it, so that no replay depends on the calendar or the clock.
public enum ComplaintEvent: Hashable, Sendable {
    case received(Received)
    case accepted(Accepted)
    case notAccepted(NotAccepted)
    case mediationStarted(MediationStarted)
    case mediationEnded(MediationEnded)
    case compensated(Compensated)
    case closed(Closed)
    /// Assigned, or transferred, to a handling unit. Fields: 1 on, 2 unit, 3 transferred.
    case assigned(on: CivilDate, unit: String, transferred: Bool)
    /// The result told to the consumer (反馈). Fields: 1 on.
    case feedbackGiven(on: CivilDate)
    /// The consumer's satisfaction (满意度). Fields: 1 on, 2 satisfied.
    case satisfactionRated(on: CivilDate, satisfied: Bool)
    /// A follow-up visit after closing (回访, Order 121). Fields: 1 on, 2 note.
    case revisited(on: CivilDate, note: String?)
    /// The running limit stopped for a period the regulations leave out of it (D4, D6). Fields: 1 on, 2 limit,
    /// 3 reason, 4 note.
    case clockSuspended(on: CivilDate, limit: ComplaintLimit, reason: SuspensionReason, note: String?)
    /// The limit runs again, with the last day it now has: as many working days after this day as were left
    /// when it stopped. Fields: 1 on, 2 limit, 3 the new last day, 4 it is provisional (absent: no).
    case clockResumed(on: CivilDate, limit: ComplaintLimit, due: Deadline)
    /// Both parties told that mediation ended without agreement (终止调解告知, D3). Fields: 1 on.
    case partiesNotified(on: CivilDate)
    /// An earlier event of the complaint amended or voided (更正): `ComplaintCorrection` lists its fields.
    indirect case corrected(ComplaintCorrection)

    /// 1 channel, 2 consumer (pseudonymous subject id), 3 consumer name (sealed), 4 consumer phone (sealed),
    /// 5 merchant's credit code (when known), 6 merchant name, 7 category, 8 sub-category, 9 amount in dispute
    /// (fen), 10 region received, 11 merchant's region, 12 received on, 13 regime, 14 acceptance due,
    /// 15 acceptance due is provisional (absent: no), 16 the intake it forked from (when it did).
    public struct Received: Hashable, Sendable {
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
        public var regime: ComplaintRegime
        public var acceptanceDue: Deadline
        /// The intake (登记) one submission forked into this complaint and a report from (分别处理).
        public var intake: String?

        public init(channel: ComplaintChannel, consumer: String, consumerName: SealedPersonalData?, consumerPhone: SealedPersonalData?, merchant: UnifiedSocialCreditCode?, merchantName: String, category: ComplaintCategory, subcategory: String, amountInDisputeFen: Int64, receivedRegion: RegionCode, merchantRegion: RegionCode, receivedOn: CivilDate, regime: ComplaintRegime, acceptanceDue: Deadline, intake: String? = nil) {
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
            self.regime = regime
            self.acceptanceDue = acceptanceDue
        }

        /// Received in one region about a merchant in another (异地投诉): handled the same (同城待遇). A complaint
        /// received in a county about a merchant registered in its city is not: neither region lies outside the other.
        public var isCrossRegion: Bool { !RegionCode.areNested(receivedRegion.description, merchantRegion.description) }
    }

    /// 1 accepted on, 2 mediation due, 3 mediation due is provisional (absent: no).
    public struct Accepted: Hashable, Sendable {
        public var acceptedOn: CivilDate
        public var mediationDue: Deadline

        public init(acceptedOn: CivilDate, mediationDue: Deadline) {
            self.acceptedOn = acceptedOn
            self.mediationDue = mediationDue
        }
    }

    /// 1 decided on, 2 ground, 3 note.
    public struct NotAccepted: Hashable, Sendable {
        public var decidedOn: CivilDate
        public var ground: NonAcceptanceGround
        public var note: String?

        public init(decidedOn: CivilDate, ground: NonAcceptanceGround, note: String?) {
            self.decidedOn = decidedOn
            self.ground = ground
            self.note = note
        }
    }

    /// 1 started on, 2 mode, 3 the track's own last day (ODR: D10), 4 it is provisional (absent: no).
    public struct MediationStarted: Hashable, Sendable {
        public var startedOn: CivilDate
        public var mode: MediationMode
        /// The last day of the track's own limit, where its track has one and the recorded policy sets it.
        public var trackDue: Deadline?

        public init(startedOn: CivilDate, mode: MediationMode, trackDue: Deadline? = nil) {
            self.startedOn = startedOn
            self.mode = mode
            self.trackDue = trackDue
        }
    }

    /// 1 ended on, 2 outcome, 3 reason, 4 the last day to tell both parties, when it ended without agreement
    /// (D3), 5 that day is provisional (absent: no).
    public struct MediationEnded: Hashable, Sendable {
        public var endedOn: CivilDate
        public var outcome: MediationOutcome
        public var reason: String?
        /// Mediation that ends without agreement is terminated (终止调解): both parties are told by this day.
        public var noticeDue: Deadline?

        public init(endedOn: CivilDate, outcome: MediationOutcome, reason: String?, noticeDue: Deadline? = nil) {
            self.endedOn = endedOn
            self.outcome = outcome
            self.reason = reason
            self.noticeDue = noticeDue
        }
    }

    /// 1 paid on, 2 amount (fen), 3 payer, 4 kind, 5 punitive damages' statutory basis, 6 the loss the consumer
    /// suffered (fen), when given, 7 the day of purchase (a no-reason return), 8 the store that took a return
    /// elsewhere (异地异店). The amount counts as a loss recovered for the consumer.
    public struct Compensated: Hashable, Sendable {
        public var paidOn: CivilDate
        public var amountFen: Int64
        public var payer: CompensationPayer
        public var kind: CompensationKind
        public var basis: PunitiveBasis?
        public var lossFen: Int64?
        public var purchasedOn: CivilDate?
        public var returnStore: String?

        public init(paidOn: CivilDate, amountFen: Int64, payer: CompensationPayer, kind: CompensationKind, basis: PunitiveBasis? = nil,
                    lossFen: Int64? = nil, purchasedOn: CivilDate? = nil, returnStore: String? = nil) {
            self.purchasedOn = purchasedOn
            self.returnStore = returnStore
            self.paidOn = paidOn
            self.amountFen = amountFen
            self.payer = payer
            self.kind = kind
            self.basis = basis
            self.lossFen = lossFen
        }
    }

    /// 1 closed on (办结).
    public struct Closed: Hashable, Sendable {
        public var closedOn: CivilDate

        public init(closedOn: CivilDate) {
            self.closedOn = closedOn
        }
    }
}
