import Synchronization

/// Answers to live reads, kept while the read models stay at the position they reflect. The same read models
/// at the same position always give the same bytes, so a repeated question is answered without reading them
/// again; the first fold that moves the models on empties the cache.
final class AnswerCache: Sendable {
    private struct State {
        var position: UInt64 = 0
        var answers: [String: [UInt8]] = [:]
    }

    /// Distinct questions kept at one position; past it, new answers are not kept.
    static let capacity = 4_096

    private let state = Mutex(State())

    /// The answer to `question` if it was given at `position`.
    func answer(_ question: String, at position: UInt64?) -> [UInt8]? {
        guard let position else { return nil }
        return state.withLock { $0.position == position ? $0.answers[question] : nil }
    }

    /// Keeps `answer`, which reflects `position`; answers of other positions are dropped.
    func keep(_ answer: [UInt8], for question: String, at position: UInt64) {
        state.withLock { state in
            if state.position != position {
                guard position > state.position else { return }
                state = State(position: position)
            }
            if state.answers.count < Self.capacity { state.answers[question] = answer }
        }
    }
}
