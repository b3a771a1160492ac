extension SignedNote {
    /// The witnesses among `witnesses` that cosigned this note, each key counted once: a key given twice (under
    /// one name or two) is one witness, and the log's own key is never a witness of its own checkpoint, whatever
    /// it is called. A quorum counts these.
    public func cosigners(among witnesses: [NoteVerifier], log: NoteVerifier) -> [String] {
        var counted: Set<[UInt8]> = [log.publicKey]
        var names: [String] = []
        for witness in witnesses where !counted.contains(witness.publicKey) {
            guard signatures.contains(where: { witness.verifies($0, over: text) }) else { continue }
            counted.insert(witness.publicKey)
            names.append(witness.name)
        }
        return names
    }
}
