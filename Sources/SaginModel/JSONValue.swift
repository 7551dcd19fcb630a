/// A JSON value whose objects keep their keys in insertion order, so that
/// documents are written with a stable key order and byte-identical output
/// for identical input. Numbers are written in Swift's shortest round-trip
/// form, which is the same on every machine.
public indirect enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.number(let a), .number(let b)): return a == b
    case (.string(let a), .string(let b)): return a == b
    case (.array(let a), .array(let b)): return a == b
    case (.object(let a), .object(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  /// An optional number: `null` when absent.
  public static func number(_ value: Double?) -> JSONValue {
    value.map { .number($0) } ?? .null
  }

  /// The value of `key` in an object, nil otherwise.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.0 == key }?.1
  }

  /// Pretty-printed text with two-space indentation; short arrays of scalars stay on one line.
  public func rendered() -> String {
    var out = ""
    write(to: &out, indent: 0)
    out += "\n"
    return out
  }

  private var isScalar: Bool {
    switch self {
    case .array, .object: return false
    default: return true
    }
  }

  private func write(to out: inout String, indent: Int) {
    let pad = String(repeating: "  ", count: indent)
    let inner = String(repeating: "  ", count: indent + 1)
    switch self {
    case .null: out += "null"
    case .bool(let value): out += value ? "true" : "false"
    case .number(let value): out += JSONValue.format(value)
    case .string(let value): JSONValue.writeString(value, to: &out)
    case .array(let items):
      if items.isEmpty {
        out += "[]"
      } else if items.allSatisfy({ $0.isScalar }) || items.allSatisfy({ $0.isScalarArray }) {
        out += "["
        for (k, item) in items.enumerated() {
          if k > 0 { out += ", " }
          item.write(to: &out, indent: indent + 1)
        }
        out += "]"
      } else {
        out += "[\n"
        for (k, item) in items.enumerated() {
          out += inner
          item.write(to: &out, indent: indent + 1)
          out += k + 1 < items.count ? ",\n" : "\n"
        }
        out += pad + "]"
      }
    case .object(let members):
      if members.isEmpty {
        out += "{}"
        return
      }
      out += "{\n"
      for (k, (key, value)) in members.enumerated() {
        out += inner
        JSONValue.writeString(key, to: &out)
        out += ": "
        value.write(to: &out, indent: indent + 1)
        out += k + 1 < members.count ? ",\n" : "\n"
      }
      out += pad + "}"
    }
  }

  private var isScalarArray: Bool {
    if case .array(let items) = self { return items.allSatisfy { $0.isScalar } }
    return false
  }

  /// Integers up to 2^53 without a fraction, everything else in shortest
  /// round-trip form. Non-finite numbers have no JSON form; callers must
  /// reject them before writing (they are written as null here).
  public static func format(_ value: Double) -> String {
    guard value.isFinite else { return "null" }
    if value == value.rounded(), abs(value) < 9.007199254740992e15 {
      return value == 0 ? "0" : String(Int64(value))
    }
    return "\(value)"
  }

  private static func writeString(_ value: String, to out: inout String) {
    out += "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }
}
