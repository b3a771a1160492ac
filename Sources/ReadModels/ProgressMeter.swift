import Foundation

/// Collects how far each fold of a rebuild has got, and reports the whole: for a progress bar or a log line.
public final class ProgressMeter: @unchecked Sendable {
    public struct Report: Sendable {
        /// 0…1 of the work, all folds together.
        public var fraction: Double
        /// Log events per second so far, and an estimate of the seconds left.
        public var eventsPerSecond: Double
        public var secondsLeft: Double?
        public var elapsedSeconds: Double
        public var finished: Bool
        /// What is being done once every event is folded, e.g. "writing stats (2 of 5)": the rate and the time
        /// left then say nothing.
        public var stage: String?

        public init(fraction: Double, eventsPerSecond: Double, secondsLeft: Double?, elapsedSeconds: Double, finished: Bool, stage: String? = nil) {
            self.fraction = fraction
            self.eventsPerSecond = eventsPerSecond
            self.secondsLeft = secondsLeft
            self.elapsedSeconds = elapsedSeconds
            self.finished = finished
            self.stage = stage
        }
    }

    private let lock = NSLock()
    private let handler: @Sendable (Report) -> Void
    private var spans: [String: (start: UInt64, end: UInt64, at: UInt64)] = [:]
    private let started = DispatchTime.now()

    public init(_ handler: @escaping @Sendable (Report) -> Void) { self.handler = handler }

    func begin(_ name: String, from start: UInt64, through end: UInt64) {
        lock.withLock { spans[name] = (start, end, start) }
    }

    func advance(_ name: String, to position: UInt64) {
        let report = lock.withLock { () -> Report in
            spans[name]?.at = position
            return current(finished: false)
        }
        handler(report)
    }

    /// Reports a stage that follows the folding, such as writing a model's generation.
    func stage(_ description: String) {
        handler(lock.withLock {
            var report = current(finished: false)
            report.stage = description
            report.secondsLeft = nil
            return report
        })
    }

    func finish() { handler(lock.withLock { current(finished: true) }) }

    private func current(finished: Bool) -> Report {
        let total = spans.values.reduce(0.0) { $0 + Double($1.end - $1.start) }
        let done = spans.values.reduce(0.0) { $0 + Double(min($1.at, $1.end) - $1.start) }
        let fraction = total > 0 ? done / total : 1
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        // Log events: the widest span, walked at the pace of the whole.
        let events = Double(spans.values.map { $0.end - $0.start }.max() ?? 0) * fraction
        let rate = elapsed > 0 ? events / elapsed : 0
        let left = fraction > 0 && !finished ? elapsed * (1 - fraction) / fraction : nil
        return Report(fraction: finished ? 1 : fraction, eventsPerSecond: rate, secondsLeft: left, elapsedSeconds: elapsed, finished: finished)
    }
}
