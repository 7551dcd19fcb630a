import SaginModel

/// A small JSON reader that keeps object keys in document order (Foundation's
/// does not), so tests can check the key order `sagin` writes. Enough for
/// the documents `sagin` writes: no surrogate-pair escapes.
struct OrderedJSON {
  private let bytes: [UInt8]
  private var index = 0

  struct Failure: Error, CustomStringConvertible {
    var offset: Int
    var description: String { "malformed JSON at byte \(offset)" }
  }

  static func parse(_ text: String) throws -> JSONValue {
    var reader = OrderedJSON(bytes: Array(text.utf8))
    let value = try reader.value()
    reader.skipSpace()
    guard reader.index == reader.bytes.count else { throw Failure(offset: reader.index) }
    return value
  }

  private init(bytes: [UInt8]) {
    self.bytes = bytes
  }

  private mutating func skipSpace() {
    while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
  }

  private mutating func expect(_ byte: UInt8) throws {
    skipSpace()
    guard index < bytes.count, bytes[index] == byte else { throw Failure(offset: index) }
    index += 1
  }

  private mutating func value() throws -> JSONValue {
    skipSpace()
    guard index < bytes.count else { throw Failure(offset: index) }
    switch bytes[index] {
    case UInt8(ascii: "{"):
      index += 1
      var members: [(String, JSONValue)] = []
      skipSpace()
      if bytes[index] == UInt8(ascii: "}") {
        index += 1
        return .object([])
      }
      repeat {
        skipSpace()
        let key = try string()
        try expect(UInt8(ascii: ":"))
        members.append((key, try value()))
        skipSpace()
        index += 1
      } while bytes[index - 1] == UInt8(ascii: ",")
      guard bytes[index - 1] == UInt8(ascii: "}") else { throw Failure(offset: index - 1) }
      return .object(members)
    case UInt8(ascii: "["):
      index += 1
      var items: [JSONValue] = []
      skipSpace()
      if bytes[index] == UInt8(ascii: "]") {
        index += 1
        return .array([])
      }
      repeat {
        items.append(try value())
        skipSpace()
        index += 1
      } while bytes[index - 1] == UInt8(ascii: ",")
      guard bytes[index - 1] == UInt8(ascii: "]") else { throw Failure(offset: index - 1) }
      return .array(items)
    case UInt8(ascii: "\""):
      return .string(try string())
    case UInt8(ascii: "t"):
      index += 4
      return .bool(true)
    case UInt8(ascii: "f"):
      index += 5
      return .bool(false)
    case UInt8(ascii: "n"):
      index += 4
      return .null
    default:
      let start = index
      let numeric = Set("+-0123456789.eE".utf8)
      while index < bytes.count, numeric.contains(bytes[index]) { index += 1 }
      let text = String(decoding: bytes[start..<index], as: UTF8.self)
      guard let number = Double(text) else { throw Failure(offset: start) }
      return .number(number)
    }
  }

  private mutating func string() throws -> String {
    guard bytes[index] == UInt8(ascii: "\"") else { throw Failure(offset: index) }
    index += 1
    var scalars = String.UnicodeScalarView()
    var raw: [UInt8] = []
    while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
      if bytes[index] == UInt8(ascii: "\\") {
        scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
        raw = []
        index += 1
        switch bytes[index] {
        case UInt8(ascii: "n"): scalars.append("\n")
        case UInt8(ascii: "t"): scalars.append("\t")
        case UInt8(ascii: "r"): scalars.append("\r")
        case UInt8(ascii: "u"):
          let hex = String(decoding: bytes[(index + 1)...(index + 4)], as: UTF8.self)
          scalars.append(Unicode.Scalar(UInt32(hex, radix: 16) ?? 0x3F) ?? "?")
          index += 4
        default: scalars.append(Unicode.Scalar(bytes[index]))
        }
        index += 1
      } else {
        raw.append(bytes[index])
        index += 1
      }
    }
    scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
    index += 1
    return String(scalars)
  }
}

extension JSONValue {
  /// The keys of an object in document order; empty for anything else.
  var keys: [String] {
    guard case .object(let members) = self else { return [] }
    return members.map(\.0)
  }

  /// The items of an array; empty for anything else.
  var items: [JSONValue] {
    guard case .array(let items) = self else { return [] }
    return items
  }

  var numberValue: Double? {
    guard case .number(let value) = self else { return nil }
    return value
  }
}
