import Domain
import JSONText

/// Holds a command document's values to `Bounds` (docs/COMMANDS.md, "Bounds"), field by field as `CommandField`
/// lists them, naming the first value out of bounds by its path (`compensate.amountFen`, `pledge.coverage[2]`).
/// A value of the wrong type is left to the decoder, which names it too; the domain judges what is left.
enum DocumentBounds {
    static func check(_ document: [String: JSONValue], command: String) throws(CommandError) {
        try check(document["id"], .identifier, "id")
        if case .object(let actor)? = document["actor"] {
            try check(actor["id"], .identifier, "actor.id")
            try check(actor["role"], .identifier, "actor.role")
        }
        try check(document["complaint"], .identifier, "complaint")
        try check(document["report"], .identifier, "report")
        guard case .object(let fields)? = document[command] else { return }
        for field in CommandField.of(command) { try check(fields[field.name], field.kind, "\(command).\(field.name)") }
    }

    private static func check(_ value: JSONValue?, _ kind: CommandField.Kind, _ path: String) throws(CommandError) {
        switch (kind, value) {
        case (.date, .string(let text)?):
            guard let day = CivilDate(text), !Bounds.days.contains(day) else { return }
            throw CommandError(path, "\(day) is outside the days this ledger records (\(Bounds.days.lowerBound) to \(Bounds.days.upperBound))")
        case (.fen(let range), .int(let amount)?):
            guard !range.contains(amount) else { return }
            throw CommandError(path, "is \(amount) fen; it must be from \(range.lowerBound) to \(range.upperBound) fen (¥\(range.upperBound / 100))")
        case (.integer(let range), .int(let number)?):
            guard Int(exactly: number).map(range.contains) != true else { return }
            throw CommandError(path, "is \(number); it must be from \(range.lowerBound) to \(range.upperBound)")
        case (.identifier, .string(let text)?):
            try self.text(text, path, charactersMax: Bounds.Text.identifierCharacters, lineBreaks: false)
        case (.name, .string(let text)?):
            try self.text(text, path, charactersMax: Bounds.Text.nameCharacters, lineBreaks: false)
        case (.free, .string(let text)?):
            try self.text(text, path, charactersMax: Bounds.Text.freeCharacters, lineBreaks: true)
        case (.list(let item), .array(let items)?):
            guard items.count <= Bounds.Text.listItems else {
                throw CommandError(path, "has \(items.count) items; at most \(Bounds.Text.listItems) are taken")
            }
            for (index, value) in items.enumerated() { try check(value, item, "\(path)[\(index)]") }
        default:
            // Absent, of another type (the decoder names it), or judged by its own parser: a choice, a code, a flag.
            return
        }
    }

    /// At most `charactersMax` characters (code points, as JSON Schema counts them), and no control character
    /// (Unicode's Cc) but, in free text, tab and line breaks.
    private static func text(_ text: String, _ path: String, charactersMax: Int, lineBreaks: Bool) throws(CommandError) {
        let characters = text.unicodeScalars.count
        guard characters <= charactersMax else { throw CommandError(path, "is \(characters) characters long; at most \(charactersMax) are taken") }
        // The control characters (general category Cc) are exactly U+0000–U+001F and U+007F–U+009F, a set Unicode
        // keeps stable: compared as numbers, not looked up per character.
        for scalar in text.unicodeScalars where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
            if lineBreaks, scalar == "\n" || scalar == "\r" || scalar == "\t" { continue }
            let code = String(scalar.value, radix: 16, uppercase: true)
            throw CommandError(path, "contains the control character U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code)")
        }
    }
}
