import Domain

/// Holds a command document's values to `Bounds` (docs/COMMANDS.md, "Bounds"), field by field as `CommandField`
/// lists them, naming the first value out of bounds by its path (`compensate.amountFen`, `pledge.coverage[2]`).
/// A value of the wrong type is left to the decoder, which names it too; the domain judges what is left.
enum DocumentBounds {
    static func check(_ document: CommandText) throws(CommandError) {
        try check(.text(document.id), .identifier, "id")
        try check(.text(document.actorID), .identifier, "actor.id")
        try check(.text(document.actorRole), .identifier, "actor.role")
        switch document.target {
        case .complaint, .report: try check(.text(document.subject), .identifier, document.target.rawValue)
        case .merchant: break   // a unified social credit code, judged by its parser
        }
        let command = document.command
        for field in CommandField.of(command) {
            let name = field.name
            try check(document.value(of: name), field.kind, "\(command).\(name)")
        }
    }

    /// `path` is made only when a value is out of bounds: it is asked of every field of every command.
    private static func check(_ value: CommandText.Value?, _ kind: CommandField.Kind, _ path: @autoclosure () -> String) throws(CommandError) {
        switch (kind, value) {
        case (.date, .text(let text)?):
            guard let day = CivilDate(text), !Bounds.days.contains(day) else { return }
            throw CommandError(path(), "\(day) is outside the days this ledger records (\(Bounds.days.lowerBound) to \(Bounds.days.upperBound))")
        case (.fen(let range), .number(let amount)?):
            guard !range.contains(amount) else { return }
            throw CommandError(path(), "is \(amount) fen; it must be from \(range.lowerBound) to \(range.upperBound) fen (¥\(range.upperBound / 100))")
        case (.integer(let range), .number(let number)?):
            guard Int(exactly: number).map(range.contains) != true else { return }
            throw CommandError(path(), "is \(number); it must be from \(range.lowerBound) to \(range.upperBound)")
        case (.identifier, .text(let text)?):
            try self.text(text, path(), charactersMax: Bounds.Text.identifierCharacters, lineBreaks: false)
        case (.name, .text(let text)?):
            try self.text(text, path(), charactersMax: Bounds.Text.nameCharacters, lineBreaks: false)
        case (.free, .text(let text)?):
            try self.text(text, path(), charactersMax: Bounds.Text.freeCharacters, lineBreaks: true)
        case (.list(let item), .texts(let items)?):
            guard items.count <= Bounds.Text.listItems else {
                throw CommandError(path(), "has \(items.count) items; at most \(Bounds.Text.listItems) are taken")
            }
            for (index, value) in items.enumerated() { try check(.text(value), item, "\(path())[\(index)]") }
        default:
            // Absent, or judged by its own parser: a choice, a code, a flag.
            return
        }
    }

    /// At most `charactersMax` characters (code points, as JSON Schema counts them), and no control character
    /// (Unicode's Cc) but, in free text, tab and line breaks.
    private static func text(_ text: String, _ path: @autoclosure () -> String, charactersMax: Int, lineBreaks: Bool) throws(CommandError) {
        // Most texts are plainly within bounds: no more bytes than the characters allowed, and no byte a control
        // character is written with (below 0x20, 0x7F, or 0xC2, which begins U+0080–U+009F among others).
        if text.utf8.count <= charactersMax, !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }) { return }
        let characters = text.unicodeScalars.count
        guard characters <= charactersMax else { throw CommandError(path(), "is \(characters) characters long; at most \(charactersMax) are taken") }
        // The control characters (general category Cc) are exactly U+0000–U+001F and U+007F–U+009F, a set Unicode
        // keeps stable: compared as numbers, not looked up per character.
        for scalar in text.unicodeScalars where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
            if lineBreaks, scalar == "\n" || scalar == "\r" || scalar == "\t" { continue }
            let code = String(scalar.value, radix: 16, uppercase: true)
            throw CommandError(path(), "contains the control character U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code)")
        }
    }
}
