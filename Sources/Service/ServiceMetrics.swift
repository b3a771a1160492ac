import CoreMetrics
import Foundation
import Ledger
import Prometheus

/// What `/metrics` tells Prometheus: commands appended and refused, conflicts, how far the read models lag the
/// log, and how long requests take. Each service has its own registry, so that two in one process (the
/// tests) count apart.
public struct ServiceMetrics: Sendable {
    /// Why a command was not recorded.
    enum Refusal: String, CaseIterable {
        /// The caller's role may not send it.
        case forbidden
        /// The body or a parameter is malformed.
        case invalid
        /// The domain refused it.
        case rejected
        /// Its stream was not at the expected version.
        case conflict
    }

    let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory
    private let appends: CoreMetrics.Counter
    private let appendedEvents: CoreMetrics.Counter
    private let retries: CoreMetrics.Counter
    private let conflicts: CoreMetrics.Counter
    private let refusals: [Refusal: CoreMetrics.Counter]
    private let head: CoreMetrics.Gauge
    private let reached: CoreMetrics.Gauge
    private let lag: CoreMetrics.Gauge

    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        // Queries answer in well under 5 ms: the default buckets start there.
        factory.defaultDurationHistogramBuckets = [
            .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1), .seconds(5),
        ]
        self.factory = factory
        appends = CoreMetrics.Counter(label: "fangxin_appends_total", factory: factory)
        appendedEvents = CoreMetrics.Counter(label: "fangxin_appended_events_total", factory: factory)
        retries = CoreMetrics.Counter(label: "fangxin_commands_already_recorded_total", factory: factory)
        conflicts = CoreMetrics.Counter(label: "fangxin_conflicts_total", factory: factory)
        refusals = Dictionary(uniqueKeysWithValues: Refusal.allCases.map {
            ($0, CoreMetrics.Counter(label: "fangxin_commands_refused_total", dimensions: [("reason", $0.rawValue)], factory: factory))
        })
        head = CoreMetrics.Gauge(label: "fangxin_log_head_position", factory: factory)
        reached = CoreMetrics.Gauge(label: "fangxin_projection_position", factory: factory)
        lag = CoreMetrics.Gauge(label: "fangxin_projection_lag_events", factory: factory)
    }

    func recorded(_ result: AppendResult) {
        if result.alreadyRecorded {
            retries.increment()
        } else {
            appends.increment()
            appendedEvents.increment(by: result.positions.count)
        }
    }

    func refused(_ refusal: Refusal) {
        refusals[refusal]?.increment()
        if refusal == .conflict { conflicts.increment() }
    }

    /// Records where the log and the read models stand, just before they are read out.
    func observe(head position: UInt64, projections: UInt64?) {
        head.record(Int64(position))
        reached.record(Int64(projections ?? 0))
        lag.record(Int64(position - min(projections ?? 0, position)))
    }

    /// Records where a replica's copy stands against its primary: the primary's size last seen, the records the
    /// copy lacks of it, and the seconds since it was seen (-1 before the first contact).
    func observeReplica(head position: UInt64, status: ReplicaSettings.Status?, now: Int64) {
        let seen = status?.primarySize ?? 0
        CoreMetrics.Gauge(label: "fangxin_replica_primary_size", factory: factory).record(Int64(clamping: seen))
        CoreMetrics.Gauge(label: "fangxin_replica_lag_records", factory: factory).record(Int64(clamping: seen - min(seen, position)))
        let age = status.map { now.subtractingReportingOverflow($0.seenAt) }.map { $0.overflow ? Int64.max : max($0.partialValue, 0) } ?? -1
        CoreMetrics.Gauge(label: "fangxin_replica_contact_age_seconds", factory: factory).record(age)
    }

    /// Records what a primary's standbys hold: how many must hold a command before it is acknowledged, how many
    /// follow (reported within 15 s), the position that many hold, and the commands not acknowledged so far.
    func observeStandbys(_ status: StandbyAcks.Status, head position: UInt64) {
        CoreMetrics.Gauge(label: "fangxin_ack_replicas_required", factory: factory).record(Int64(status.required))
        CoreMetrics.Gauge(label: "fangxin_standbys_following", factory: factory).record(Int64(status.following))
        CoreMetrics.Gauge(label: "fangxin_standby_held_position", factory: factory).record(Int64(clamping: status.held))
        CoreMetrics.Gauge(label: "fangxin_standby_lag_records", factory: factory).record(Int64(clamping: position - min(status.held, position)))
        CoreMetrics.Gauge(label: "fangxin_unacknowledged_total", factory: factory).record(Int64(clamping: status.unacknowledged))
    }

    /// A timer for requests to one route, by method and status.
    func requestTimer(method: String, route: String, status: Int) -> CoreMetrics.Timer {
        CoreMetrics.Timer(label: "fangxin_http_request_duration_seconds",
                          dimensions: [("method", method), ("route", route), ("status", String(status))], factory: factory)
    }

    /// The Prometheus text format.
    func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
