import Domain
public import JSONText
public import Ledger

/// A recorded event as its JSON document, written straight from the stored record: the bytes
/// `EventDocument(event).write(to:)` gives, without building the event or the document. Event pages, the feed and
/// `fangxin events --json` write thousands of events at a time; a test holds the two equal.
public enum EventJSON {
    public static func write(_ view: RecordView, to w: inout JSONWriter) {
        w.open()
        w.member(literal: "actor", first: true)
        w.open()
        let actor = view.actor
        w.member(literal: "id", first: true)
        w.write(actor.id)
        w.member(literal: "role")
        w.write(actor.role)
        w.close()
        if let causation = view.causationID {
            w.member(literal: "causationID")
            w.write(causation)
        }
        w.member(literal: "chainHash")
        w.quoted { bytes in appendHex(view.chainHashBytes, to: &bytes) }
        if let command = view.commandID {
            w.member(literal: "commandID")
            w.write(command)
        }
        if let correlation = view.correlationID {
            w.member(literal: "correlationID")
            w.write(correlation)
        }
        let type = view.type
        let payload = Array(view.payload)
        var data = JSONWriter(reservingCapacity: 256)
        if EventDataWriter.write(type: type, schemaVersion: view.schemaVersion, payload: payload, to: &data) {
            w.member(literal: "data")
            w.write(encoded: data.bytes)
        }
        w.member(literal: "occurredAt")
        timestamp(view.occurredAt, &w)
        w.member(literal: "payload")
        w.quoted { bytes in appendBase64(payload, to: &bytes) }
        w.member(literal: "position")
        w.write(view.position)
        w.member(literal: "recordedAt")
        timestamp(view.recordedAt, &w)
        w.member(literal: "schemaVersion")
        w.write(UInt64(view.schemaVersion))
        w.member(literal: "stream")
        w.write(view.stream)
        w.member(literal: "streamVersion")
        w.write(view.streamVersion)
        w.member(literal: "type")
        w.write(type)
        w.close()
    }

    /// `Timestamp.description` (YYYY-MM-DDTHH:MM:SS.ffffffZ), digit by digit; through `description` itself outside
    /// the years 0001–9999.
    public static func timestamp(_ time: Timestamp, _ w: inout JSONWriter) {
        let micros = time.microsecondsSinceEpoch
        let (seconds, fraction) = micros.quotientAndRemainder(dividingBy: 1_000_000)
        let whole = fraction < 0 ? seconds - 1 : seconds, part = fraction < 0 ? fraction + 1_000_000 : fraction
        let (days, secondOfDay) = whole.quotientAndRemainder(dividingBy: 86_400)
        let day = secondOfDay < 0 ? days - 1 : days, second = secondOfDay < 0 ? secondOfDay + 86_400 : secondOfDay
        guard CivilDate.dayNumbers.contains(Int(clamping: day)) else { return w.write(time.description) }
        let date = CivilDate(daysSinceEpoch: Int(day))
        w.quoted { bytes in
            digits(date.year, 4, &bytes); bytes.append(UInt8(ascii: "-"))
            digits(date.month, 2, &bytes); bytes.append(UInt8(ascii: "-"))
            digits(date.day, 2, &bytes); bytes.append(UInt8(ascii: "T"))
            digits(Int(second / 3_600), 2, &bytes); bytes.append(UInt8(ascii: ":"))
            digits(Int(second / 60 % 60), 2, &bytes); bytes.append(UInt8(ascii: ":"))
            digits(Int(second % 60), 2, &bytes); bytes.append(UInt8(ascii: "."))
            digits(Int(part), 6, &bytes); bytes.append(UInt8(ascii: "Z"))
        }
    }

    /// A day as YYYY-MM-DD, quoted, as `CivilDate.description` writes it.
    static func day(_ day: CivilDate, _ w: inout JSONWriter) {
        w.quoted { bytes in
            digits(day.year, 4, &bytes); bytes.append(UInt8(ascii: "-"))
            digits(day.month, 2, &bytes); bytes.append(UInt8(ascii: "-"))
            digits(day.day, 2, &bytes)
        }
    }

    /// `value` in `width` (2, 4 or 6) decimal digits, zero-padded; `value` is below 10^width.
    private static func digits(_ value: Int, _ width: Int, _ bytes: inout [UInt8]) {
        switch width {
        case 6:
            pair(value / 10_000, &bytes)
            pair(value / 100 % 100, &bytes)
            pair(value % 100, &bytes)
        case 4:
            pair(value / 100, &bytes)
            pair(value % 100, &bytes)
        default:
            pair(value, &bytes)
        }
    }

    /// "00", "01", … "99", back to back.
    private static let pairs: [UInt8] = {
        var bytes: [UInt8] = []
        for value in 0..<100 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / 10))
            bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
        }
        return bytes
    }()

    private static func pair(_ value: Int, _ bytes: inout [UInt8]) {
        bytes.append(pairs[2 * value])
        bytes.append(pairs[2 * value + 1])
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func appendHex(_ source: UnsafeRawBufferPointer, to bytes: inout [UInt8]) {
        for byte in source {
            bytes.append(hexDigits[Int(byte >> 4)])
            bytes.append(hexDigits[Int(byte & 0x0F)])
        }
    }

    private static let base64Digits = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Base64 with padding, as Foundation's `base64EncodedString()` writes it.
    static func appendBase64(_ source: [UInt8], to bytes: inout [UInt8]) {
        var index = 0
        while index + 3 <= source.count {
            let chunk = UInt32(source[index]) << 16 | UInt32(source[index + 1]) << 8 | UInt32(source[index + 2])
            for shift in [18, 12, 6, 0] { bytes.append(base64Digits[Int(chunk >> UInt32(shift) & 0x3F)]) }
            index += 3
        }
        let rest = source.count - index
        guard rest > 0 else { return }
        let chunk = UInt32(source[index]) << 16 | (rest == 2 ? UInt32(source[index + 1]) << 8 : 0)
        bytes.append(base64Digits[Int(chunk >> 18 & 0x3F)])
        bytes.append(base64Digits[Int(chunk >> 12 & 0x3F)])
        bytes.append(rest == 2 ? base64Digits[Int(chunk >> 6 & 0x3F)] : UInt8(ascii: "="))
        bytes.append(UInt8(ascii: "="))
    }
}
