import Synchronization

/// Answers to live reads, kept while the read models stay at the position they reflect. The same read models
/// at the same position always give the same bytes, so a repeated question is answered without reading them
/// again, and questions asked together while the answer is being made wait for that one answer. The first
/// fold that moves the models on empties the cache.
final class AnswerCache: Sendable {
    typealias Answer = (bytes: [UInt8], position: UInt64)

    private struct State {
        var position: UInt64 = 0
        var answers: [String: [UInt8]] = [:]
        /// Answers being made, by question and the position the models had reached when it was asked.
        var making: [String: Task<Answer, any Error>] = [:]
    }

    /// Distinct questions kept at one position; past it, new answers are not kept.
    static let capacity = 4_096

    private let state = Mutex(State())

    /// The answer to `question` asked when the models had reached `reached`: kept, being made, or made now by
    /// `make`. The answer reflects `reached` or a later position.
    func answer(_ question: String, reached: UInt64, make: @escaping @Sendable () async throws -> Answer) async throws -> [UInt8] {
        let key = "\(reached) \(question)"
        let (kept, making) = state.withLock { state -> ([UInt8]?, Task<Answer, any Error>?) in
            if state.position == reached, let bytes = state.answers[question] { return (bytes, nil) }
            if let making = state.making[key] { return (nil, making) }
            let making = Task { try await make() }
            state.making[key] = making
            return (nil, making)
        }
        if let kept { return kept }
        guard let task = making else { preconditionFailure("an answer is either kept or being made") }
        let answer: Answer
        do { answer = try await task.value } catch {
            state.withLock { _ = $0.making.removeValue(forKey: key) }
            throw error
        }
        state.withLock { state in
            state.making[key] = nil
            if state.position != answer.position {
                guard answer.position > state.position else { return }
                state.position = answer.position
                state.answers = [:]
            }
            if state.answers.count < Self.capacity { state.answers[question] = answer.bytes }
        }
        return answer.bytes
    }
}
