import Foundation
import SaginLanguage
import SaginModel
import Testing

@testable import SaginSolver

/// The shipped examples through the whole pipeline: language, compiler, solver.
@Suite struct ExampleTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static func model(_ name: String) throws -> ParaModel {
    let loaded = Frontend.load(path: root.appendingPathComponent("examples/\(name).sagin").path)
    #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics.map { $0.rendered(colour: false) })")
    let program = try #require(loaded.program)
    let compiled = ModelCompiler.compile(program.scenario)
    #expect(compiled.issues.isEmpty, "\(compiled.issues)")
    return try #require(compiled.model)
  }

  static func model(source: String) throws -> ParaModel {
    let parsed = Frontend.parse(source: SourceFile(path: "test.sagin", text: source))
    let program = try #require(
      parsed.program, "\(parsed.diagnostics.map { $0.rendered(colour: false) })")
    return try #require(ModelCompiler.compile(program.scenario).model)
  }

  /// tiny.sagin at the equal-split start, by hand: each user gets 1 MHz of
  /// g1's 2 MHz, its full 0.1 W, 1 GHz locally and 5 GHz of g1's 10 GHz;
  /// shares 1/2 and 1/2. Noise 10^(-17.4) mW/Hz = 3.98107e-21 W/Hz.
  /// u1 (gain -100 dB): SNR = 0.1 * 1e-10 / (3.98107e-21 * 1e6) = 2511.886,
  ///   r = 1e6 * log2(2512.886) = 11.29513 Mbit/s; S = 0.5 * 100 * 8e6 = 4e8 bit,
  ///   t = 4e8 / 11.29513e6 = 35.41349 s, E_tx = 0.1 * t = 3.541349 J.
  ///   Local: tau = 0.5 * 1e11 / 1e9 = 50 s, E = 1e-28 * 1e18 * 5e10 = 5 J.
  ///   Server: tau = 5e10 / 5e9 = 10 s, E = 1e-28 * 2.5e19 * 5e10 = 125 J.
  ///   L = [50, 45.41349], T = 50 s, E = 133.541349 J, C = 183.541349,
  ///   PTE = Q / C = 1e8 / 183.541349 = 544,836.4.
  @Test func tinyStartMatchesHandComputation() throws {
    let model = try Self.model("tiny")
    let topology = Topology(model: model)
    let evaluator = Evaluator(topology: topology)
    let start = Allocation.equalSplit(topology.greedyAssociation(), topology: topology)
    let u1 = evaluator.userFigures(0, start.users[0])
    #expect(abs(u1.hops[0].rate - 11.29513e6) < 5)
    #expect(abs(u1.hops[0].time - 35.41349) < 1e-4)
    #expect(abs(u1.hops[0].energy - 3.541349) < 1e-5)
    #expect(abs(u1.latencies[0] - 50) < 1e-9)
    #expect(abs(u1.latencies[1] - 45.41349) < 1e-4)
    #expect(abs(u1.completionTime - 50) < 1e-9)
    #expect(abs(u1.energy - 133.541349) < 1e-5)
    #expect(abs(u1.efficiency - 544_836.4) < 0.1)
  }

  @Test(arguments: ["tiny", "relief", "metro"])
  func everyExampleSolvesFeasiblyWithMonotoneTrace(name: String) throws {
    let model = try Self.model(name)
    let outcome = try ParaSolver.solve(model)
    #expect(outcome.status == .optimalStationary || outcome.status == .iterationLimit)
    #expect(outcome.check.isFeasible, "\(outcome.check.violations)")
    #expect(outcome.trace.count >= 2)
    #expect(zip(outcome.trace, outcome.trace.dropFirst()).allSatisfy { $0 <= $1 })
    #expect(outcome.objective == outcome.trace.last)
    // The re-check is independent of the solver: recompute it from the point.
    let evaluator = Evaluator(topology: Topology(model: model))
    let figures = evaluator.evaluate(outcome.allocation)
    #expect(evaluator.check(outcome.allocation, users: figures.users).isFeasible)
    #expect(abs(figures.objective - outcome.objective) <= 1e-9 * outcome.objective)
  }

  /// metro.sagin gives every tenth user a slower phone and a 25-minute
  /// deadline; unconstrained, its users finish in about 27 minutes, so those
  /// deadlines must bind while the 3-hour default does not.
  @Test func metroDeadlinesBindForTheSlowPhones() throws {
    let model = try Self.model("metro")
    let outcome = try ParaSolver.solve(model)
    let tight = model.users.indices.filter { (model.users[$0].deadline ?? .infinity) < 3600 }
    #expect(tight.count == 5)
    for k in tight {
      let deadline = try #require(model.users[k].deadline)
      #expect(abs(outcome.users[k].completionTime - deadline) <= 1e-4 * deadline)
    }
    let loose = model.users.indices.filter { !tight.contains($0) }
    #expect(loose.allSatisfy { outcome.users[$0].completionTime < 3 * 3600 * 0.99 })
  }

  /// Two identical servers; the one declared first (so chosen by the greedy
  /// start for both users) may spend only 1 J, far below what training there
  /// costs, so the deadlines can be kept on g1 only. The start repair must
  /// move both users; exhaustive search confirms the optimum.
  @Test func startRepairMovesSeveralUsersOffAnEnergyCappedServer() throws {
    let source = """
      workload w { parameters 1 M; samples 100; sample-size 1 MB; cycles-per-sample 1 Gcycles }
      user u1 { at (0 m, 0 m); cpu 2 GHz; power 23 dBm; workload w; deadline 20 s }
      user u2 { at (10 m, 0 m); cpu 2 GHz; power 23 dBm; workload w; deadline 20 s }
      server g2 { at (100 m, 0 m); cpu 10 GHz; bandwidth 10 MHz; power 1 W; energy-budget 1 J }
      server g1 { at (100 m, 0 m); cpu 10 GHz; bandwidth 10 MHz; power 1 W }
      """
    let model = try Self.model(source: source)
    let para = try ParaSolver.solve(model)
    #expect(para.status == .optimalStationary, "\(para.infeasibility)")
    #expect(para.check.isFeasible)
    var options = SolveOptions()
    options.method = .exhaustive
    let best = try ParaSolver.solve(model, options: options)
    #expect(para.objective >= 0.99 * best.objective)
  }

  @Test func deadlineNobodyCanMeetIsReportedAsInfeasible() throws {
    let source = try String(
      contentsOf: Self.root.appendingPathComponent("examples/tiny.sagin"), encoding: .utf8
    )
    .replacingOccurrences(of: "  workload small\n}", with: "  workload small\n  deadline 1 s\n}")
    let outcome = try ParaSolver.solve(try Self.model(source: source))
    #expect(outcome.status == .infeasible)
    let reason = try #require(outcome.infeasibility.first { $0.entity == "u1" })
    #expect(reason.attribute == "deadline")
    #expect(
      reason.message.hasPrefix(
        "the deadline of 'u1' (1 s) cannot be met: the fastest completion found is"))
  }
}
