public import JSONText

extension EventDocument {
    /// Writes this document as `JSONEncoder` with sorted keys would: absent optionals are left out.
    public func write(to writer: inout JSONWriter) {
        writer.open()
        writer.member("actor", first: true)
        writer.open()
        writer.member("id", first: true)
        writer.write(actor.id)
        writer.member("role")
        writer.write(actor.role)
        writer.close()
        if let causationID {
            writer.member("causationID")
            writer.write(causationID)
        }
        writer.member("chainHash")
        writer.write(chainHash)
        if let commandID {
            writer.member("commandID")
            writer.write(commandID)
        }
        if let correlationID {
            writer.member("correlationID")
            writer.write(correlationID)
        }
        if let data {
            writer.member("data")
            writer.write(data)
        }
        writer.member("occurredAt")
        writer.write(occurredAt)
        writer.member("payload")
        writer.write(payload)
        writer.member("position")
        writer.write(position)
        writer.member("recordedAt")
        writer.write(recordedAt)
        writer.member("schemaVersion")
        writer.write(UInt64(schemaVersion))
        writer.member("stream")
        writer.write(stream)
        writer.member("streamVersion")
        writer.write(streamVersion)
        writer.member("type")
        writer.write(type)
        writer.close()
    }
}
