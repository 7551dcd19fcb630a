import SaginModel
import Testing

@testable import SaginLanguage

@Suite struct ElaborationTests {
  static let scenarioText = """
    scenario "small"
    noise -170 dBm/Hz
    delay-weight 2 /s
    energy-weight 0.5 /J
    objective per-node
    layer-weight uav 3
    channel ground log-distance
    channel air al-hourani suburban
    channel space free-space loss 1.5 dB
    carrier air 2.4 GHz
    layer-skipping on
    deadline 10 min
    share ground >= 10 %
    share uav >= 5 %
    share satellite >= 5 %

    workload w {
      parameters 0.8 M
      samples 500
      sample-size 4 MB
      cycles-per-sample 2 Gcycles
      epochs 2
    }
    user u1 {
      at (1.2 km, 300 m)
      cpu 2 GHz
      power 23 dBm
      workload w
      deadline 90 s
      weight 2
      share local >= 20 %
      energy-budget 1 Wh
    }
    server g1 {
      at (0 m, 0 m, 30 m)
      cpu 20 GHz
      bandwidth 20 MHz
      power 10 W
      antenna 15 dBi
      noise-figure 5 dB
      capacity 8
      coverage 2 km
    }
    uav k1 {
      at (500 m, 500 m)
      altitude 120 m
      cpu 10 GHz
      bandwidth 10 MHz
      power 1 W
    }
    satellite s1 {
      altitude 600 km
      elevation 30 deg
      min-elevation 20 deg
      cpu 40 GHz
      bandwidth 400 MHz
      power 2 W
      antenna 38.5 dBi
      carrier 30 GHz
    }
    gain u1 -> g1 = -95 dB
    pin u1 -> g1
    forbid g1 -> s1
    solve
    solve exhaustive seed 3 iterations 20 tolerance 1e-6
    report nodes, summary
    """

  @Test func smallScenarioBecomesExactScenarioValues() throws {
    let program = try #require(parseValid(Self.scenarioText))
    let scenario = program.scenario
    #expect(scenario.name == "small")
    #expect(abs(scenario.thermalNoiseDensity - 1e-20) < 1e-32)
    #expect(scenario.delayWeight == 2)
    #expect(scenario.energyWeight == 0.5)
    #expect(scenario.objective == .perNode)
    #expect(scenario.layerWeights == [1, 1, 3, 1])
    #expect(scenario.groundChannel == .logDistance)
    #expect(scenario.airChannel == .alHourani(.suburban))
    #expect(scenario.spaceChannel == .freeSpace)
    #expect(scenario.spaceExtraLossDB == 1.5)
    #expect(scenario.airCarrier == 2.4e9)
    #expect(scenario.groundCarrier == 3.5e9)
    #expect(scenario.allowsLayerSkipping)

    let user = try #require(scenario.users.first)
    #expect(user.name == "u1")
    #expect(user.position == Position(east: 1200, north: 300, height: 1.5))
    #expect(user.resources.cpu == 2e9)
    #expect(abs(user.resources.transmitPower - 0.199526231496888) < 1e-12)
    #expect(user.resources.kappa == 1e-28)
    #expect(user.resources.energyBudget == 3600)
    #expect(user.deadline == 90)
    #expect(user.weight == 2)
    #expect(
      user.shareBounds == [
        ShareBound(lower: 0.2, upper: 1), ShareBound(lower: 0.1, upper: 1),
        ShareBound(lower: 0.05, upper: 1), ShareBound(lower: 0.05, upper: 1),
      ])
    #expect(user.workload.name == "w")
    #expect(user.workload.parameters == 800_000)
    #expect(user.workload.samples == 500)
    #expect(user.workload.bitsPerSample == 32_000_000)
    #expect(user.workload.cyclesPerSample == 2e9)
    #expect(user.workload.epochs == 2)

    #expect(scenario.servers.map(\.name) == ["g1", "k1", "s1"])
    #expect(scenario.servers.map(\.layer) == [.ground, .uav, .satellite])
    let ground = scenario.servers[0]
    guard case .located(let groundPosition) = ground.placement else {
      Issue.record("ground server has no position")
      return
    }
    #expect(groundPosition == Position(east: 0, north: 0, height: 30))
    #expect(ground.resources.bandwidth == 2e7)
    #expect(ground.resources.antennaGainDBi == 15)
    #expect(ground.resources.noiseFigureDB == 5)
    #expect(ground.resources.capacity == 8)
    #expect(ground.coverageRadius == 2000)
    guard case .located(let uavPosition) = scenario.servers[1].placement else {
      Issue.record("UAV has no position")
      return
    }
    #expect(uavPosition == Position(east: 500, north: 500, height: 120))
    let satellite = scenario.servers[2]
    guard case .orbit(let altitude, let elevation) = satellite.placement else {
      Issue.record("satellite has no orbit")
      return
    }
    #expect(altitude == 600_000)
    #expect(abs(elevation - Double.pi / 6) < 1e-15)
    #expect(abs(satellite.minimumElevation - Double.pi / 9) < 1e-15)
    #expect(satellite.carrier == 3e10)
    #expect(satellite.coverageRadius == nil)

    #expect(scenario.explicitGains.count == 1)
    #expect(scenario.explicitGains.first?.gainDB == -95)
    #expect(scenario.pins == [AttachmentRule(from: "u1", to: "g1")])
    #expect(scenario.forbidden == [AttachmentRule(from: "g1", to: "s1")])

    #expect(program.actions.count == 3)
    if case .solve(let request, _) = program.actions[0] {
      #expect(request == SolveRequest(method: "para"))
    }
    if case .solve(let request, _) = program.actions[1] {
      #expect(
        request
          == SolveRequest(
            method: "exhaustive", seed: 3, tolerance: 1e-6,
            maxIterations: 20))
    }
    if case .report(let request, _) = program.actions[2] {
      #expect(request.sections == ["nodes", "summary"])
    }
  }

  @Test func defaultsApplyWhenOmitted() throws {
    let program = try #require(parseValid("\(W)\n\(U)\n"))
    let scenario = program.scenario
    #expect(scenario.name == "test")
    #expect(scenario.objective == .perUser)
    #expect(scenario.delayWeight == 1 && scenario.energyWeight == 1)
    #expect(scenario.thermalNoiseDensity == Scenario().thermalNoiseDensity)
    let user = try #require(scenario.users.first)
    #expect(user.deadline == nil)
    #expect(user.weight == 1)
    #expect(user.shareBounds == Array(repeating: ShareBound(), count: 4))
    #expect(user.workload.epochs == 1)
    #expect(program.actions.isEmpty)
  }

  @Test func spansLocateEntitiesAndAttributes() throws {
    let program = try #require(parseValid(Self.scenarioText))
    let file = program.source
    let user = try #require(program.span(ofEntity: "u1", attribute: nil))
    #expect(file.text(of: user) == "u1")
    let deadline = try #require(program.span(ofEntity: "u1", attribute: "deadline"))
    #expect(file.text(of: deadline) == "deadline 90 s")
    #expect(file.location(of: deadline.start) == (29, 3))
    // An attribute left to its default points at the entity's name.
    #expect(program.span(ofEntity: "g1", attribute: "kappa").map(file.text(of:)) == "g1")
    let setting = try #require(program.span(ofEntity: "scenario", attribute: "objective"))
    #expect(file.text(of: setting) == "objective per-node")
    #expect(program.span(ofEntity: "nobody", attribute: nil) == nil)
    // The model compiler names attributes by their Scenario fields.
    let power = try #require(program.span(ofEntity: "u1", attribute: "transmitPower"))
    #expect(file.text(of: power) == "power 23 dBm")
    let orbit = try #require(program.span(ofEntity: "s1", attribute: "placement"))
    #expect(file.text(of: orbit) == "altitude 600 km")
    let carrier = program.span(ofEntity: "scenario", attribute: "airCarrier")
    #expect(carrier.map(file.text(of:)) == "carrier air 2.4 GHz")
  }

  @Test func stringNamesAndWarnings() throws {
    let (program, diagnostics) = parse(
      """
      \(W)
      user "phone A" {
        at (0 m, 0 m)
        cpu 2 GHz
        power 0.1 W
        workload w
      }
      satellite "leo 1" {
        altitude 600 km
        elevation 5 deg
        cpu 10 GHz
        bandwidth 400 MHz
        power 2 W
      }
      """)
    #expect(program?.scenario.users.first?.name == "phone A")
    #expect(program?.scenario.servers.first?.name == "leo 1")
    #expect(
      summaries(diagnostics) == [
        "15:3: satellite 'leo 1' is seen at an elevation below its minimum elevation, so nothing can reach it"
      ])
    #expect(diagnostics.first?.severity == .warning)
  }

  @Test func loadReportsUnreadableFiles() {
    let (program, diagnostics) = Frontend.load(path: "/nonexistent/x.sagin")
    #expect(program == nil)
    #expect(diagnostics.first?.message == "cannot read '/nonexistent/x.sagin': no such file")
    #expect(
      diagnostics.first?.rendered(colour: false)
        == "error: cannot read '/nonexistent/x.sagin': no such file")
  }
}
