import Foundation
import Testing

@testable import SaginModel

/// The `sagin-model` document of spec section 12: its keys and order, and
/// a lossless round trip through rendered text.
struct ModelDocumentTests {
  /// The small scenario with every optional field set somewhere: a pin, a
  /// deadline, a capacity, an energy budget, share floors, and numbers whose
  /// decimal forms are long (gains like 1.5352684751709537e-08).
  static func richModel() throws -> ParaModel {
    var scenario = Fixtures.small()
    scenario.delayWeight = 1
    scenario.energyWeight = 0.5
    scenario.users[0].deadline = 120
    scenario.users[1].weight = 2.5
    scenario.users[1].shareBounds[0] = ShareBound(lower: 0.2, upper: 0.9)
    scenario.servers[2].resources.capacity = 4
    scenario.servers[1].resources.energyBudget = 3.6e5
    scenario.pins = [AttachmentRule(from: "u1", to: "g1")]
    return try #require(Fixtures.compiled(scenario))
  }

  static func keys(_ value: JSONValue?) -> [String] {
    guard case .object(let members)? = value else { return [] }
    return members.map(\.0)
  }

  static func first(_ value: JSONValue?) -> JSONValue? {
    guard case .array(let items)? = value else { return nil }
    return items.first
  }

  @Test func keysFollowTheSpecInOrder() throws {
    let document = try Self.richModel().modelDocument()
    #expect(
      Self.keys(document) == [
        "format", "version", "objective", "weights", "layerWeights", "nodes", "users", "links",
        "pinned",
      ])
    #expect(Self.keys(document["weights"]) == ["delay", "energy"])
    #expect(
      Self.keys(Self.first(document["nodes"])) == [
        "id", "layer", "cpu", "kappa", "power", "bandwidth", "capacity", "energyBudget",
      ])
    #expect(
      Self.keys(Self.first(document["users"])) == [
        "id", "params", "samples", "bitsPerSample", "cyclesPerSample", "epochs", "deadline",
        "weight", "shareBounds",
      ])
    #expect(Self.keys(Self.first(document["links"])) == ["from", "to", "gain", "noiseDensity"])
    #expect(Self.keys(Self.first(document["pinned"])) == ["from", "to"])
  }

  @Test func aNodeIsWrittenInSIWithNullForAbsentLimits() throws {
    let document = try Self.richModel().modelDocument()
    let user = try #require(Self.first(document["nodes"]))
    #expect(
      user
        == .object([
          ("id", .string("u1")), ("layer", .number(0)), ("cpu", .number(1.5e9)),
          ("kappa", .number(1e-28)), ("power", .number(0.2)), ("bandwidth", .number(0)),
          ("capacity", .null), ("energyBudget", .null),
        ]))
    #expect(document["format"] == .string("sagin-model") && document["version"] == .number(1))
    #expect(document["layerWeights"] == .array([1, 1, 1, 1].map { .number($0) }))
  }

  @Test func theRenderedUserEntryReadsAsTheSpec() throws {
    let text = try Self.richModel().modelDocument().rendered()
    #expect(
      text.contains(
        """
              "id": "u2",
              "params": 797184,
              "samples": 500,
              "bitsPerSample": 4000000,
              "cyclesPerSample": 2000000000,
              "epochs": 1,
              "deadline": null,
              "weight": 2.5,
              "shareBounds": [[0.2, 0.9], [0, 1], [0, 1], [0, 1]]
        """))
  }

  @Test func roundTripThroughTextGivesTheSameModel() throws {
    let model = try Self.richModel()
    let text = model.modelDocument().rendered()
    let parsed = try ParaModel.parse(modelDocument: text)
    #expect(parsed == model)
    // Byte-identical on a second trip, so documents can be diffed.
    #expect(parsed.modelDocument().rendered() == text)
  }

  @Test func roundTripWithLayerSkippingAndPerNodeObjective() throws {
    var scenario = Fixtures.small()
    scenario.allowsLayerSkipping = true
    scenario.objective = .perNode
    scenario.layerWeights = [1, 0.5, 0.25, 0.125]
    for index in scenario.users.indices {
      for layer in 1...3 {
        // 0.30000000000000004 is read back wrongly by NSDecimalNumber.doubleValue.
        scenario.users[index].shareBounds[layer] = ShareBound(
          lower: 0.1, upper: 0.30000000000000004)
      }
    }
    let model = try #require(Fixtures.compiled(scenario))
    let parsed = try ParaModel.parse(modelDocument: model.modelDocument().rendered())
    #expect(parsed == model)
  }

  @Test func nodesOutOfLayerOrderAndExtraKeysAreAccepted() throws {
    let text = """
      { "format": "sagin-model", "version": 1, "objective": "per-user", "comment": "by hand",
        "weights": { "delay": 1, "energy": 0 }, "layerWeights": [1, 1, 1, 1],
        "nodes": [
          { "id": "g1", "layer": 1, "cpu": 1e10, "kappa": 1e-28, "power": 10,
            "bandwidth": 2e7, "capacity": 3, "energyBudget": null },
          { "id": "u1", "layer": 0, "cpu": 1.5e9, "kappa": 1e-28, "power": 0.2,
            "bandwidth": 0, "capacity": null, "energyBudget": 100 } ],
        "users": [ { "id": "u1", "params": 797184, "samples": 500, "bitsPerSample": 4.0e6,
                     "cyclesPerSample": 2.0e9, "epochs": 1, "deadline": 30, "weight": 1,
                     "shareBounds": [[0, 1], [0, 1], [0, 1], [0, 1]] } ],
        "links": [ { "from": "u1", "to": "g1", "gain": 1.2e-11, "noiseDensity": 3.98e-21 } ],
        "pinned": [ { "from": "u1", "to": "g1" } ] }
      """
    let model = try ParaModel.parse(modelDocument: text)
    #expect(model.nodes.map(\.id) == ["u1", "g1"])
    #expect(model.users[0].node == 0 && model.users[0].deadline == 30)
    #expect(model.links == [ParaModel.Link(from: 0, to: 1, gain: 1.2e-11, noiseDensity: 3.98e-21)])
    #expect(model.pins == [ParaModel.Attachment(from: 0, to: 1)])
    #expect(model.nodes[1].capacity == 3 && model.nodes[0].energyBudget == 100)
  }
}
