/// The closed lists a complaint's events use. Each case has a fixed number, stored in payloads and never
/// renumbered; add cases, never reuse a number.

/// How a complaint reached the regulator.
public enum ComplaintChannel: UInt64, Sendable, CaseIterable {
    case hotline12315 = 1          // 12315 热线
    case online12315 = 2           // 12315 网站、App、小程序
    case transfer12345 = 3         // 12345 转办
    case letter = 4                // 来信
    case visit = 5                 // 来访
    case serviceStation = 6        // 消费维权服务站
    case odrEnterprise = 7         // 在线消费纠纷解决 (ODR) 企业

    /// The channel's name in import files, JSON and reports.
    public var name: String {
        switch self {
        case .hotline12315: return "12315-hotline"
        case .online12315: return "12315-online"
        case .transfer12345: return "12345-transfer"
        case .letter: return "letter"
        case .visit: return "visit"
        case .serviceStation: return "service-station"
        case .odrEnterprise: return "odr-enterprise"
        }
    }
}

/// Goods or services (商品 / 服务).
public enum ComplaintCategory: UInt64, Sendable {
    case goods = 1
    case service = 2
}

/// The rule a complaint is handled under, fixed by the day it was received (docs/DOMAIN.md §2.1).
public enum ComplaintRegime: UInt64, Sendable {
    case order20 = 20     // 《市场监督管理投诉举报处理暂行办法》, to 2026-04-14
    case order121 = 121   // 《市场监督管理投诉举报处理办法》, from 2026-04-15

    /// The regime as a message names it.
    public var title: String { self == .order20 ? "Order 20" : "Order 121" }
}

/// Statutory grounds for not accepting a complaint (不予受理): Order 20 Art. 15, Order 121 Art. 16.
public enum NonAcceptanceGround: UInt64, Sendable {
    case outsideJurisdiction = 1          // 不属于职责范围或者管辖
    case alreadyHandled = 2               // 已由法院、仲裁、消协等受理或者处理
    case notConsumerDispute = 3           // 非生活消费，或者不能证明存在消费者权益争议
    case timeBarred = 4                   // 超过三年
    case materialsMissing = 5             // 材料不全 (Order 121: or false)
    case identityRefused = 6              // 冒用他人身份或者拒绝身份核验 (Order 121 only)
    case other = 7                        // 法律、法规、规章规定的其他情形
}

/// How mediation is conducted.
public enum MediationMode: UInt64, Sendable {
    case administrative = 1     // 行政调解
    case peoples = 2            // 人民调解
    case serviceStation = 3     // 消费维权服务站
    case odr = 4                // ODR
    case onlineVideo = 5        // 在线视频调解
}

/// How mediation ended (Order 20 Art. 21).
public enum MediationOutcome: UInt64, Sendable {
    case agreement = 1          // 达成调解协议
    case failed = 2             // 未能达成协议
    case withdrawn = 3          // 投诉人撤回或者双方自行和解
    case terminated = 4         // 终止调解 (with a reason)
}

/// Why a limit's clock stops for a while: periods the regulations leave out of a limit (docs/DOMAIN.md §2.3, D4 and D6).
public enum SuspensionReason: UInt64, Sendable {
    case testingOrAppraisal = 1   // 检定、检验、检测、鉴定 (Order 20 Art. 19; 行政处罚程序规定 Art. 18)
    case consumerDelay = 2        // the consumer's own delay, e.g. materials to supply (补正材料)
    case other = 3                // another period a law leaves out; needs a note
}

/// The limit a complaint's clock measures: the decision to accept it, or its mediation.
public enum ComplaintLimit: UInt64, Sendable {
    case acceptance = 1
    case mediation = 2
}

/// Who paid a consumer.
public enum CompensationPayer: UInt64, Sendable {
    case merchant = 1
    case priorCompensationFund = 2   // 先行赔付 fund
    case platform = 3
}

/// What a payment was, each checked by its own rule (`CompensationRules`).
public enum CompensationKind: UInt64, Sendable, CaseIterable {
    case refund = 1              // 退款
    case compensation = 2        // 赔偿损失
    case punitive = 3            // 惩罚性赔偿, with its statutory basis
    case noReasonReturn = 4      // 无理由退货
    case repair = 5              // 修理
    case replacement = 6         // 更换
    case agreed = 7              // 调解协议约定的金额
}
