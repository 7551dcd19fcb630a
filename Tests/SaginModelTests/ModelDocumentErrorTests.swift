import Foundation
import Testing

@testable import SaginModel

/// Malformed `sagin-model` documents, each an edit of a valid one (the small
/// scenario with u1 pinned to g1: nodes u1 u2 g1 k1 s1 s2, links u1>g1,
/// g1>k1, k1>s1), with the exact error it must produce.
struct ModelDocumentErrorTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var id: String
    /// A JSON path such as `users[1].samples`, or `""` for the root.
    var path: String
    /// The new value, or nil to remove the key.
    var value: JSONValue?
    var expected: String
    var testDescription: String { id }
  }

  static let cases: [Case] = [
    Case(
      id: "root-array", path: "", value: .array([]),
      expected: "expected an object, found an array"),
    Case(
      id: "wrong-format", path: "format", value: .string("sagin-result"),
      expected: "format: expected 'sagin-model', found 'sagin-result'"),
    Case(
      id: "future-version", path: "version", value: .number(2),
      expected: "version: expected version 1, found 2"),
    Case(
      id: "unknown-objective", path: "objective", value: .string("per-layer"),
      expected: "objective: expected 'per-user' or 'per-node', found 'per-layer'"),
    Case(
      id: "missing-weights", path: "weights", value: nil,
      expected: "missing key 'weights'"),
    Case(
      id: "negative-weight", path: "weights.energy", value: .number(-1),
      expected: "weights.energy: expected a non-negative number, found -1"),
    Case(
      id: "three-layer-weights", path: "layerWeights",
      value: .array([1, 1, 1].map { .number($0) }),
      expected: "layerWeights: expected 4 entries, found 3"),
    Case(
      id: "unknown-layer", path: "nodes[2].layer", value: .number(7),
      expected: "nodes[2].layer: expected a layer 0, 1, 2 or 3, found 7"),
    Case(
      id: "fractional-layer", path: "nodes[2].layer", value: .number(1.5),
      expected: "nodes[2].layer: expected a layer 0, 1, 2 or 3, found 1.5"),
    Case(
      id: "missing-kappa", path: "nodes[0].kappa", value: nil,
      expected: "nodes[0]: missing key 'kappa'"),
    Case(
      id: "negative-cpu", path: "nodes[3].cpu", value: .number(-1),
      expected: "nodes[3].cpu: expected a non-negative number, found -1"),
    Case(
      id: "fractional-capacity", path: "nodes[2].capacity", value: .number(1.5),
      expected: "nodes[2].capacity: expected a non-negative whole number, found 1.5"),
    Case(
      id: "duplicate-node", path: "nodes[1].id", value: .string("u1"),
      expected: "nodes[1].id: duplicate node id 'u1'"),
    Case(
      id: "zero-samples", path: "users[1].samples", value: .number(0),
      expected: "users[1].samples: expected a positive number, found 0"),
    Case(
      id: "samples-as-text", path: "users[0].samples", value: .string("500"),
      expected: "users[0].samples: expected a positive number, found '500'"),
    Case(
      id: "user-is-a-server", path: "users[0].id", value: .string("g1"),
      expected: "users[0].id: 'g1' is a layer-1 node, expected a user (layer 0)"),
    Case(
      id: "user-unknown", path: "users[1].id", value: .string("u9"),
      expected: "users[1].id: unknown node 'u9'"),
    Case(
      id: "user-without-entry", path: "users[1]", value: nil,
      expected: "users: no entry for user node 'u2'"),
    Case(
      id: "user-twice", path: "users[1].id", value: .string("u1"),
      expected: "users[1].id: a second entry for user 'u1'"),
    Case(
      id: "bounds-crossed", path: "users[0].shareBounds[2]",
      value: .array([.number(0.6), .number(0.4)]),
      expected: "users[0].shareBounds[2]: expected 0 <= lower <= upper <= 1, found [0.6, 0.4]"),
    Case(
      id: "bounds-above-one", path: "users[0].shareBounds[1][1]", value: .number(1.5),
      expected: "users[0].shareBounds[1]: expected 0 <= lower <= upper <= 1, found [0, 1.5]"),
    Case(
      id: "three-bounds", path: "users[0].shareBounds",
      value: .array(Array(repeating: .array([.number(0), .number(1)]), count: 3)),
      expected: "users[0].shareBounds: expected 4 entries, found 3"),
    Case(
      id: "negative-deadline", path: "users[0].deadline", value: .number(-5),
      expected: "users[0].deadline: expected a positive number, found -5"),
    Case(
      id: "link-unknown-node", path: "links[0].to", value: .string("g9"),
      expected: "links[0].to: unknown node 'g9'"),
    Case(
      id: "link-downward", path: "links[1].from", value: .string("s1"),
      expected: "links[1]: link from 's1' to 'k1' does not go to a higher layer"),
    Case(
      id: "link-repeated", path: "links[2]",
      value: .object([
        ("from", .string("g1")), ("to", .string("k1")),
        ("gain", .number(1e-9)), ("noiseDensity", .number(1e-20)),
      ]),
      expected: "links[2]: a second link from 'g1' to 'k1'"),
    Case(
      id: "gain-as-bool", path: "links[0].gain", value: .bool(true),
      expected: "links[0].gain: expected a positive number, found true"),
    // A zero gain is a link that cannot carry data: rejected, not solved into infinities.
    Case(
      id: "zero-gain", path: "links[1].gain", value: .number(0),
      expected: "links[1].gain: expected a positive number, found 0"),
    Case(
      id: "zero-noise", path: "links[2].noiseDensity", value: .number(0),
      expected: "links[2].noiseDensity: expected a positive number, found 0"),
    Case(
      id: "pin-not-a-link", path: "pinned[0].to", value: .string("k1"),
      expected: "pinned[0]: the pinned attachment is not among the links"),
    Case(
      id: "pinned-missing", path: "pinned", value: nil,
      expected: "missing key 'pinned'"),
  ]

  @Test(arguments: cases)
  func rejects(_ testCase: Case) throws {
    let valid = try Self.validDocument()
    let steps = Self.steps(testCase.path)[...]
    let edited = try #require(Self.setting(valid, steps, to: testCase.value))
    do {
      _ = try ParaModel.parse(modelDocument: edited.rendered())
      Issue.record("parsed a document that should fail with \(testCase.expected)")
    } catch {
      #expect(error.description == testCase.expected)
    }
  }

  @Test func textThatIsNotJSON() {
    do {
      _ = try ParaModel.parse(modelDocument: "{ \"format\": ")
      Issue.record("parsed invalid JSON")
    } catch {
      #expect(error.path == "" && error.message.hasPrefix("not valid JSON"))
    }
  }

  @Test func theUntouchedDocumentParses() throws {
    _ = try ParaModel.parse(modelDocument: try Self.validDocument().rendered())
  }

  // MARK: - Editing documents by path

  static func validDocument() throws -> JSONValue {
    var scenario = Fixtures.small()
    scenario.pins = [AttachmentRule(from: "u1", to: "g1")]
    return try #require(Fixtures.compiled(scenario)).modelDocument()
  }

  enum Step {
    case key(String)
    case index(Int)
  }

  /// `users[1].samples` as [key users, index 1, key samples].
  static func steps(_ path: String) -> [Step] {
    var steps: [Step] = []
    for part in path.split(separator: ".") {
      let pieces = part.split(separator: "[")
      if let name = pieces.first, !part.hasPrefix("[") { steps.append(.key(String(name))) }
      for piece in pieces.dropFirst() {
        steps.append(.index(Int(piece.dropLast()) ?? 0))
      }
    }
    return steps
  }

  /// `value` with the member at `path` replaced, or removed when `newValue`
  /// is nil; nil when the path does not exist.
  static func setting(
    _ value: JSONValue, _ path: ArraySlice<Step>, to newValue: JSONValue?
  ) -> JSONValue? {
    guard let step = path.first else { return newValue }
    let removes = path.count == 1 && newValue == nil
    switch (step, value) {
    case (.key(let key), .object(let members)):
      var members = members
      guard let index = members.firstIndex(where: { $0.0 == key }) else { return nil }
      if removes {
        members.remove(at: index)
      } else {
        guard let replaced = setting(members[index].1, path.dropFirst(), to: newValue) else {
          return nil
        }
        members[index].1 = replaced
      }
      return .object(members)
    case (.index(let index), .array(let items)):
      var items = items
      guard items.indices.contains(index) else { return nil }
      if removes {
        items.remove(at: index)
      } else {
        guard let replaced = setting(items[index], path.dropFirst(), to: newValue) else {
          return nil
        }
        items[index] = replaced
      }
      return .array(items)
    default:
      return nil
    }
  }
}
