import Foundation
import Testing

@testable import SaginModel

/// The small scenario of `Fixtures.small()` compiled by hand. Thermal noise
/// N = 3.981071705534973e-21 W/Hz throughout.
struct ModelCompilerTests {
  @Test func nodesAreUsersThenServersByLayer() throws {
    let model = try #require(Fixtures.compiled(Fixtures.small()))
    #expect(model.nodes.map(\.id) == ["u1", "u2", "g1", "k1", "s1", "s2"])
    #expect(model.nodes.map(\.layer) == [.user, .user, .ground, .uav, .satellite, .satellite])
    #expect(model.nodes[0].bandwidth == 0 && model.nodes[1].bandwidth == 0)
    #expect(model.nodes[2].bandwidth == 20e6)
    #expect(
      model.nodes[0]
        == ParaModel.Node(
          id: "u1", layer: .user, cpu: 1.5e9, kappa: 1e-28, power: 0.2, bandwidth: 0))
    #expect(model.users.map(\.node) == [0, 1])
    #expect(model.users[0].parameters == 797_184 && model.users[0].samples == 500)
    #expect(model.pins.isEmpty)
  }

  @Test func linksWithoutLayerSkipping() throws {
    let model = try #require(Fixtures.compiled(Fixtures.small()))
    // u2 is 447.2 m from g1 (coverage 300 m) and may not skip to k1 or s1;
    // s2 sits below its elevation mask, so nothing reaches it.
    #expect(Fixtures.linkNames(model) == ["u1>g1", "g1>k1", "k1>s1"])

    // u1 -> g1, UMa at 3.5 GHz, g1 at 0 m taken as 25 m, u1 as 1.5 m:
    // d2D = 100 m < d'BP = 560.39 m, PL1 = 83.1381567 dB;
    // G = 0 + 5 - 83.1381567 = -78.1381567 dB = 1.53526848e-8.
    let ground = try #require(Fixtures.link(model, "u1", "g1"))
    #expect(Fixtures.isClose(ground.gain, 1.5352684751709537e-08))
    // N * 10^(5/10) = 3.9810717e-21 * 3.1622777 = 1.25892541e-20 W/Hz.
    #expect(Fixtures.isClose(ground.noiseDensity, 1.2589254117941675e-20))

    // g1 -> k1, Al-Hourani urban at 2 GHz: d = sqrt(100^2 + 100^2) = 141.421 m,
    // theta = 45 deg, P = 0.9676919; FSPL = 43.0103 + 186.0206 - 147.55 = 81.4809;
    // PL = 81.4809 + 0.9676919 + 20 * 0.0323081 = 83.0947538 dB;
    // G = 5 + 3 - 83.0947538 = -75.0947538 dB = 3.09403073e-8.
    let air = try #require(Fixtures.link(model, "g1", "k1"))
    #expect(Fixtures.isClose(air.gain, 3.094030730698688e-08))
    #expect(Fixtures.isClose(air.noiseDensity, 1.5848931924611135e-20))

    // k1 -> s1 from 100 m: slant range over h = 599900 m, R = 6371100 m at 30 deg
    // = 1074925.865 m; FSPL at 30 GHz = 182.6200 dB, + 2 dB extra = 184.6200 dB;
    // G = 3 + 30 - 184.6200 = -151.6200 dB = 6.88653033e-16.
    let space = try #require(Fixtures.link(model, "k1", "s1"))
    #expect(Fixtures.isClose(space.gain, 6.886530333646295e-16))
    #expect(Fixtures.isClose(space.noiseDensity, 6.309573444801934e-21))
  }

  @Test func linksWithLayerSkipping() throws {
    var scenario = Fixtures.small()
    scenario.allowsLayerSkipping = true
    let model = try #require(Fixtures.compiled(scenario))
    #expect(
      Fixtures.linkNames(model) == [
        "u1>g1", "u1>k1", "u1>s1", "u2>k1", "u2>s1", "g1>k1", "g1>s1", "k1>s1",
      ])

    // u1 -> k1: straight up, d = 100 m, theta = 90 deg, P = 0.99997507;
    // PL = 79.4710735 dB; G = 0 + 3 - 79.4710735 = -76.4710735 dB.
    let overhead = try #require(Fixtures.link(model, "u1", "k1"))
    #expect(Fixtures.isClose(overhead.gain, 2.253682074032793e-08))
    // u2 -> k1: d = sqrt(500^2 + 100^2) = 509.902 m, theta = atan(100/500)
    // = 11.3099 deg, P = 0.1201707; PL = 110.3370908 dB; G = -107.3370908 dB.
    let slanted = try #require(Fixtures.link(model, "u2", "k1"))
    #expect(Fixtures.isClose(slanted.gain, 1.8462517537030168e-11))
    // u1 -> s1 from the ground: slant range 1075088.017 m, FSPL at 30 GHz
    // = 179.0995 + 20 log10(1.5) = 182.6213 dB, + 2 dB; G = 30 - 184.6213 dB.
    let direct = try #require(Fixtures.link(model, "u1", "s1"))
    #expect(Fixtures.isClose(direct.gain, 3.450400024276507e-16))
    let fromGround = try #require(Fixtures.link(model, "g1", "s1"))
    #expect(Fixtures.isClose(fromGround.gain, 1.0911122915414031e-15))
  }

  @Test func chainsSkipAnAbsentLayer() throws {
    var scenario = Fixtures.small()
    scenario.servers.removeAll { $0.name == "g1" }
    let model = try #require(Fixtures.compiled(scenario))
    #expect(Fixtures.linkNames(model) == ["u1>k1", "u2>k1", "k1>s1"])
  }

  @Test func coverageLimitsGroundServersAndUAVs() throws {
    var scenario = Fixtures.small()
    scenario.allowsLayerSkipping = true
    // k1 now covers 400 m: u2 at 500 m ground distance drops out.
    scenario.servers[1].coverageRadius = 400
    let model = try #require(Fixtures.compiled(scenario))
    #expect(Fixtures.link(model, "u2", "k1") == nil)
    #expect(Fixtures.link(model, "u1", "k1") != nil)
  }

  @Test func elevationMaskLimitsSatellites() throws {
    var scenario = Fixtures.small()
    // Lower the mask of s2 to 4 degrees: it becomes reachable from k1.
    scenario.servers[3].minimumElevation = 4 * Fixtures.degree
    let model = try #require(Fixtures.compiled(scenario))
    #expect(Fixtures.linkNames(model) == ["u1>g1", "g1>k1", "k1>s1", "k1>s2"])
  }

  @Test func forbiddenAttachmentsAreRemoved() throws {
    var scenario = Fixtures.small()
    scenario.forbidden = [AttachmentRule(from: "k1", to: "s1")]
    let model = try #require(Fixtures.compiled(scenario))
    #expect(Fixtures.linkNames(model) == ["u1>g1", "g1>k1"])
  }

  @Test func explicitGainReplacesTheModelAndIgnoresCoverage() throws {
    var scenario = Fixtures.small()
    scenario.explicitGains = [
      ExplicitGain(from: "u2", to: "g1", gainDB: -90),
      ExplicitGain(from: "u1", to: "g1", gainDB: -80),
    ]
    let model = try #require(Fixtures.compiled(scenario))
    #expect(Fixtures.linkNames(model) == ["u1>g1", "u2>g1", "g1>k1", "k1>s1"])
    #expect(Fixtures.isClose(try #require(Fixtures.link(model, "u2", "g1")).gain, 1e-9))
    #expect(Fixtures.isClose(try #require(Fixtures.link(model, "u1", "g1")).gain, 1e-8))
  }

  @Test func pinsNameLinks() throws {
    var scenario = Fixtures.small()
    scenario.pins = [AttachmentRule(from: "u1", to: "g1"), AttachmentRule(from: "k1", to: "s1")]
    let model = try #require(Fixtures.compiled(scenario))
    #expect(
      model.pins == [
        ParaModel.Attachment(from: 0, to: 2), ParaModel.Attachment(from: 3, to: 4),
      ])
  }

  @Test func userFieldsAreCopied() throws {
    var scenario = Fixtures.small()
    scenario.users[1].deadline = 60
    scenario.users[1].weight = 2
    scenario.users[1].shareBounds[0] = ShareBound(lower: 0.2, upper: 1)
    let model = try #require(Fixtures.compiled(scenario))
    #expect(
      model.users[1]
        == ParaModel.UserWorkload(
          node: 1, parameters: 797_184, samples: 500, bitsPerSample: 4e6, cyclesPerSample: 2e9,
          epochs: 1, deadline: 60, weight: 2,
          shareBounds: [ShareBound(lower: 0.2, upper: 1)] + Array(repeating: ShareBound(), count: 3)
        ))
  }

  @Test func perNodeObjectiveWithFloorsCompiles() throws {
    var scenario = Fixtures.small()
    scenario.objective = .perNode
    for index in scenario.users.indices {
      for layer in 1...3 {
        scenario.users[index].shareBounds[layer] = ShareBound(lower: 0.05, upper: 1)
      }
    }
    let model = try #require(Fixtures.compiled(scenario))
    #expect(model.objective == .perNode)
  }

  @Test func aScenarioWithoutServersCompiles() throws {
    var scenario = Fixtures.small()
    scenario.servers = []
    let model = try #require(Fixtures.compiled(scenario))
    #expect(model.links.isEmpty && model.nodes.count == 2)
  }
}
