import Foundation
import Testing

@testable import SaginModel

/// Scenarios the compiler must reject, each an edit of `Fixtures.small()`
/// with every issue it must report, as `entity.attribute: message`.
struct ModelCompilerIssueTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var id: String
    var edit: @Sendable (inout Scenario) -> Void
    var expected: [String]
    var testDescription: String { id }
  }

  static let pinCases: [Case] = [
    Case(
      id: "pin-unknown-node", edit: { $0.pins = [AttachmentRule(from: "u1", to: "g9")] },
      expected: ["pins[0].to: unknown node 'g9'"]),
    Case(
      id: "pin-downward", edit: { $0.pins = [AttachmentRule(from: "g1", to: "u1")] },
      expected: ["pins[0]: pinned attachment from 'g1' to 'u1' does not go to a higher layer"]),
    Case(
      id: "pin-skips-layer", edit: { $0.pins = [AttachmentRule(from: "u1", to: "k1")] },
      expected: [
        "pins[0]: pinned attachment from 'u1' to 'k1' skips the ground layer, but layer skipping is not allowed"
      ]),
    Case(
      id: "pin-out-of-coverage", edit: { $0.pins = [AttachmentRule(from: "u2", to: "g1")] },
      expected: [
        "pins[0]: pinned attachment from 'u2' to 'g1' is out of reach: 'u2' is 447.2 m from 'g1', beyond its coverage radius of 300 m"
      ]),
    Case(
      id: "pin-below-mask", edit: { $0.pins = [AttachmentRule(from: "k1", to: "s2")] },
      expected: [
        "pins[0]: pinned attachment from 'k1' to 's2' is out of reach: 's2' is at 5 degrees elevation, below its mask of 10 degrees"
      ]),
    Case(
      id: "pin-forbidden",
      edit: {
        $0.pins = [AttachmentRule(from: "u1", to: "g1")]
        $0.forbidden = [AttachmentRule(from: "u1", to: "g1")]
      },
      expected: ["pins[0]: the attachment from 'u1' to 'g1' is both pinned and forbidden"]),
    Case(
      id: "pin-twice",
      edit: {
        $0.allowsLayerSkipping = true
        $0.pins = [AttachmentRule(from: "u1", to: "g1"), AttachmentRule(from: "u1", to: "k1")]
      },
      expected: ["pins[1]: 'u1' is pinned twice, to 'g1' and to 'k1'"]),
    Case(
      id: "pin-beyond-capacity",
      edit: {
        $0.servers[2].resources.capacity = 1
        $0.explicitGains = [ExplicitGain(from: "u2", to: "g1", gainDB: -90)]
        $0.pins = [AttachmentRule(from: "u1", to: "g1"), AttachmentRule(from: "u2", to: "g1")]
      },
      expected: ["g1.capacity: 2 attachments to 'g1' are pinned, beyond its capacity of 1"]),
  ]

  static let ruleCases: [Case] = [
    Case(
      id: "gain-unknown-nodes",
      edit: { $0.explicitGains = [ExplicitGain(from: "x", to: "y", gainDB: -90)] },
      expected: [
        "explicitGains[0].from: unknown node 'x'", "explicitGains[0].to: unknown node 'y'",
      ]),
    Case(
      id: "gain-downward",
      edit: { $0.explicitGains = [ExplicitGain(from: "k1", to: "g1", gainDB: -90)] },
      expected: ["explicitGains[0]: explicit gain from 'k1' to 'g1' does not go to a higher layer"]),
    Case(
      id: "gain-skips-layer",
      edit: { $0.explicitGains = [ExplicitGain(from: "u1", to: "s1", gainDB: -150)] },
      expected: [
        "explicitGains[0]: explicit gain from 'u1' to 's1' skips the ground layer and the UAV layer, but layer skipping is not allowed"
      ]),
    Case(
      id: "gain-twice",
      edit: {
        $0.explicitGains = [
          ExplicitGain(from: "u1", to: "g1", gainDB: -90),
          ExplicitGain(from: "u1", to: "g1", gainDB: -80),
        ]
      },
      expected: ["explicitGains[1]: a second explicit gain from 'u1' to 'g1'"]),
    Case(
      id: "gain-not-finite",
      edit: { $0.explicitGains = [ExplicitGain(from: "u1", to: "g1", gainDB: .nan)] },
      expected: ["explicitGains[0].gainDB: expected a finite explicit gain, found nan"]),
    Case(
      id: "forbid-unknown-node", edit: { $0.forbidden = [AttachmentRule(from: "u3", to: "g1")] },
      expected: ["forbidden[0].from: unknown node 'u3'"]),
    Case(
      id: "forbid-same-layer", edit: { $0.forbidden = [AttachmentRule(from: "s1", to: "s2")] },
      expected: [
        "forbidden[0]: forbidden attachment from 's1' to 's2' does not go to a higher layer"
      ]),
    Case(
      id: "duplicate-id", edit: { $0.servers[2].name = "k1" },
      expected: ["k1: duplicate node id 'k1'"]),
    Case(
      id: "duplicate-user-and-server", edit: { $0.servers[0].name = "u2" },
      expected: ["u2: duplicate node id 'u2'"]),
    Case(
      id: "same-position",
      edit: {
        $0.servers[1].placement = .located(Position(east: 100, north: 0, height: 0))
      },
      expected: ["k1.placement: the channel gain from 'g1' to 'k1' is not finite"]),
  ]

  static let numberCases: [Case] = [
    Case(
      id: "nan-cpu", edit: { $0.servers[1].resources.cpu = .nan },
      expected: ["k1.cpu: expected a non-negative CPU capacity for 'k1', found nan"]),
    Case(
      id: "negative-power", edit: { $0.users[0].resources.transmitPower = -0.2 },
      expected: ["u1.transmitPower: expected a non-negative transmit power for 'u1', found -0.2 W"]),
    Case(
      id: "infinite-samples", edit: { $0.users[1].workload.samples = .infinity },
      expected: [
        "u2.workload.samples: expected a positive number of samples for 'u2', found infinity"
      ]),
    Case(
      id: "zero-epochs", edit: { $0.users[1].workload.epochs = 0 },
      expected: ["u2.workload.epochs: expected a positive number of epochs for 'u2', found 0"]),
    Case(
      id: "negative-deadline", edit: { $0.users[0].deadline = -1 },
      expected: ["u1.deadline: expected a positive deadline for 'u1', found -1 s"]),
    Case(
      id: "share-bounds-crossed",
      edit: {
        $0.users[0].shareBounds[0] = ShareBound(lower: 0.6, upper: 0.4)
      },
      expected: [
        "u1.shareBounds: expected share bounds 0 <= lower <= upper <= 1 for the local share of 'u1', found 0.6 and 0.4"
      ]),
    Case(
      id: "share-floors-above-one",
      edit: {
        $0.users[0].shareBounds[0].lower = 0.7
        $0.users[0].shareBounds[1].lower = 0.5
      },
      expected: ["u1.shareBounds: the share floors of 'u1' add up to 1.2, more than 1"]),
    Case(
      id: "negative-coverage", edit: { $0.servers[2].coverageRadius = -5 },
      expected: ["g1.coverageRadius: expected a non-negative coverage radius for 'g1', found -5 m"]),
    Case(
      id: "elevation-above-zenith",
      edit: {
        $0.servers[0].placement = .orbit(altitude: 600e3, elevation: 95 * Fixtures.degree)
      },
      expected: [
        "s1.placement: expected an elevation angle between 0 and 90 degrees for 's1', found 95 degrees"
      ]),
    Case(
      id: "satellite-with-position",
      edit: {
        $0.servers[0].placement = .located(Position(east: 0, north: 0, height: 600e3))
      },
      expected: ["s1.placement: satellite 's1' needs an altitude and an elevation, not a position"]),
    Case(
      id: "zero-noise", edit: { $0.thermalNoiseDensity = 0 },
      expected: [
        "scenario.thermalNoiseDensity: expected a positive thermal noise density, found 0 W/Hz"
      ]),
    Case(
      id: "zero-weights",
      edit: {
        $0.delayWeight = 0
        $0.energyWeight = 0
      },
      expected: ["scenario.delayWeight: the delay and energy weights are both 0"]),
    Case(
      id: "three-layer-weights", edit: { $0.layerWeights = [1, 1, 1] },
      expected: [
        "scenario.layerWeights: expected 4 layer weights (users, ground, UAV, satellite), found 3"
      ]),
    Case(
      id: "no-users", edit: { $0.users = [] },
      expected: ["scenario: the scenario declares no users"]),
    Case(
      id: "space-channel-not-free-space", edit: { $0.spaceChannel = .uma },
      expected: [
        "scenario.spaceChannel: satellite links support only the free-space model over the slant range"
      ]),
    Case(
      id: "per-node-without-floors",
      edit: {
        $0.objective = .perNode
        $0.users[1].shareBounds[1].lower = 0.1
      },
      expected: [
        "scenario.objective: the per-node objective needs a share floor on every server layer, missing for 'u1' (ground, UAV, satellite), 'u2' (UAV, satellite)"
      ]),
  ]

  @Test(arguments: pinCases + ruleCases + numberCases)
  func rejects(_ testCase: Case) {
    var scenario = Fixtures.small()
    testCase.edit(&scenario)
    #expect(Fixtures.issues(scenario) == testCase.expected)
  }

  @Test func perNodeIssueExplainsWhy() throws {
    var scenario = Fixtures.small()
    scenario.objective = .perNode
    let issue = try #require(ModelCompiler.compile(scenario).issues.first)
    #expect(issue.hint?.contains("has no maximum") == true)
  }

  @Test func issuesAreCollectedNotStoppedAtTheFirst() {
    var scenario = Fixtures.small()
    scenario.users[0].resources.cpu = -1
    scenario.servers[2].name = "k1"
    scenario.pins = [AttachmentRule(from: "u9", to: "g1")]
    #expect(
      Fixtures.issues(scenario) == [
        "u1.cpu: expected a non-negative CPU capacity for 'u1', found -1 cycles/s",
        "k1: duplicate node id 'k1'",
        "pins[0].from: unknown node 'u9'",
        // g1 was renamed, so the pin's target is unknown too.
        "pins[0].to: unknown node 'g1'",
      ])
  }
}
