/// One copy of each text that many of a fold's values repeat (a merchant's code and name in each of its
/// complaints): each value then holds a reference to the shared copy instead of an allocation of its own.
struct TextPool {
    private var texts: Set<String> = []

    init() {}

    /// The pool's copy of `text`, kept from now on if it had none.
    mutating func intern(_ text: String) -> String {
        texts.insert(text).memberAfterInsert
    }
}

extension TextPool: Sendable {}
