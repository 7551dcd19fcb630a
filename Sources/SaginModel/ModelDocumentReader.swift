import Foundation

/// Why a `sagin-model` document was rejected: the JSON path of the offending
/// value (`users[3].samples`; empty for the document as a whole) and what was
/// expected there.
public struct ModelDocumentError: Error, Equatable, CustomStringConvertible {
  public var path: String
  public var message: String

  public init(path: String, message: String) {
    self.path = path
    self.message = message
  }

  /// `path: message`, or the message alone for the whole document.
  public var description: String {
    path.isEmpty ? message : "\(path): \(message)"
  }
}

/// Typed access to a parsed JSON document that names the JSON path of every
/// value it rejects. Reading the text is Foundation's `JSONSerialization`;
/// everything after works on `JSONValue`.
struct ModelDocumentReader {
  typealias Failure = ModelDocumentError

  /// Parses JSON text into a `JSONValue`.
  static func value(of text: String) throws(Failure) -> JSONValue {
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [])
    } catch {
      // Foundation's debug description names the position ("around line 3,
      // column 7"); its localized description does not.
      let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
      throw Failure(path: "", message: "not valid JSON: \(detail ?? error.localizedDescription)")
    }
    return JSONValue(foundation: object)
  }

  // MARK: - Typed access

  func object(_ value: JSONValue, _ path: String) throws(Failure) -> [(String, JSONValue)] {
    guard case .object(let members) = value else { throw mismatch("an object", value, path) }
    return members
  }

  func member(_ value: JSONValue, _ key: String, _ path: String) throws(Failure) -> JSONValue {
    let members = try object(value, path)
    guard let found = members.first(where: { $0.0 == key })?.1 else {
      throw Failure(path: path, message: "missing key '\(key)'")
    }
    return found
  }

  func array(_ value: JSONValue, _ path: String, count: Int? = nil) throws(Failure) -> [JSONValue] {
    guard case .array(let items) = value else { throw mismatch("an array", value, path) }
    if let count, items.count != count {
      throw Failure(path: path, message: "expected \(count) entries, found \(items.count)")
    }
    return items
  }

  func string(_ value: JSONValue, _ path: String) throws(Failure) -> String {
    guard case .string(let text) = value else { throw mismatch("a string", value, path) }
    return text
  }

  /// A finite number that is at least 0 (or above 0 when `positive`).
  func number(
    _ value: JSONValue, _ path: String, positive: Bool = false
  ) throws(Failure) -> Double {
    let expected = positive ? "a positive number" : "a non-negative number"
    guard case .number(let number) = value, number.isFinite,
      positive ? number > 0 : number >= 0
    else { throw mismatch(expected, value, path) }
    return number
  }

  /// `null`, or a number as `number(_:_:positive:)` reads it.
  func optionalNumber(
    _ value: JSONValue, _ path: String, positive: Bool = false
  ) throws(Failure) -> Double? {
    if case .null = value { return nil }
    return try number(value, path, positive: positive)
  }

  /// A non-negative whole number that fits an `Int`.
  func count(_ value: JSONValue, _ path: String) throws(Failure) -> Int {
    guard case .number(let number) = value, number >= 0, number == number.rounded(),
      number < 9.007199254740992e15
    else { throw mismatch("a non-negative whole number", value, path) }
    return Int(number)
  }

  func mismatch(_ expected: String, _ value: JSONValue, _ path: String) -> Failure {
    Failure(path: path, message: "expected \(expected), found \(Self.summary(of: value))")
  }

  /// A short description of a JSON value for messages.
  static func summary(of value: JSONValue) -> String {
    switch value {
    case .null: return "null"
    case .bool(let flag): return flag ? "true" : "false"
    case .number(let number): return ModelIssue.describe(number)
    case .string(let text): return "'\(text)'"
    case .array: return "an array"
    case .object: return "an object"
    }
  }
}

extension JSONValue {
  /// Converts the output of `JSONSerialization`.
  ///
  /// On Linux, swift-corelibs-foundation returns long decimal numbers as
  /// `NSDecimalNumber`, whose `doubleValue` is not correctly rounded
  /// (0.30000000000000004 comes back as 0.3000000000000001); its decimal
  /// text is exact, so it is read back with `Double(_:)` instead. Booleans
  /// are told from numbers by their class, since `1 is Bool` holds too.
  init(foundation object: Any) {
    switch object {
    case let text as String:
      self = .string(text)
    case let items as [Any]:
      self = .array(items.map(JSONValue.init(foundation:)))
    case let members as [String: Any]:
      // JSONSerialization loses the key order; sorting keeps the result stable.
      self = .object(
        members.sorted { $0.key < $1.key }.map { key, value in
          (key, JSONValue(foundation: value))
        })
    case let decimal as NSDecimalNumber:
      self = .number(Double(decimal.description) ?? decimal.doubleValue)
    case let number as NSNumber:
      let booleanClass = ObjectIdentifier(type(of: NSNumber(value: true)))
      if ObjectIdentifier(type(of: number)) == booleanClass {
        self = .bool(number.boolValue)
      } else {
        self = .number(number.doubleValue)
      }
    default:
      self = .null
    }
  }
}
