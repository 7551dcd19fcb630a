import Foundation
import SaginModel
import Testing

@testable import SaginSolver

@Suite struct ParaSolverTests {
  @Test func twoUsersSolveFeasiblyWithMonotoneTrace() throws {
    let outcome = try ParaSolver.solve(Fixtures.twoUsersOneServer())
    #expect(outcome.check.isFeasible)
    #expect(outcome.status == .optimalStationary)
    #expect(zip(outcome.trace, outcome.trace.dropFirst()).allSatisfy { $0 <= $1 })
    #expect(outcome.objective > outcome.trace[0])
    print(outcome.trace, outcome.seconds)
  }

  @Test(arguments: [(UInt64(1), 2, 2), (2, 3, 2), (3, 3, 3), (4, 4, 2)])
  func paraIsWithinOnePercentOfExhaustive(seed: UInt64, users: Int, grounds: Int) throws {
    let model = Fixtures.layered(seed: seed, users: users, grounds: grounds)
    let para = try ParaSolver.solve(model)
    var options = SolveOptions()
    options.method = .exhaustive
    let best = try ParaSolver.solve(model, options: options)
    print(
      "para-vs-exhaustive", seed, associationsCount(model), para.objective, best.objective,
      para.seconds, best.seconds)
    #expect(para.check.isFeasible)
    #expect(best.check.isFeasible)
    #expect(para.objective >= 0.99 * best.objective)
  }
}

func associationsCount(_ model: ParaModel) -> Int {
  let run = ParaRun(model: model, options: SolveOptions())
  return (try? run.enumerateAssociations(limit: 100_000).count) ?? -1
}

@Suite struct FeasibleStartTests {
  /// The best-gain server g1 is close but slow: no split between the user's
  /// 1 GHz and g1's 1 GHz meets 30 s for 1e11 cycles (at least 50 s). The
  /// farther g2 (50 GHz) meets it: about 25 % local (25 s) and the rest
  /// uploaded at ~57 Mbit/s (~1.3 s) and trained in ~1.5 s.
  @Test func aDeadlineTheGreedyStartMissesIsMetOnAnotherServer() throws {
    let nodes = [
      Fixtures.user("u1", cpu: 1e9, power: 0.2),
      Fixtures.server("g1", .ground, cpu: 1e9, power: 1, bandwidth: 1e6),
      Fixtures.server("g2", .ground, cpu: 50e9, power: 1, bandwidth: 10e6),
    ]
    let model = ParaModel(
      objective: .perUser, delayWeight: 1, energyWeight: 0.01, layerWeights: [1, 1, 1, 1],
      nodes: nodes, users: [Fixtures.workload(node: 0, deadline: 30)],
      links: [
        .init(from: 0, to: 1, gain: 1e-9, noiseDensity: Fixtures.noise),
        .init(from: 0, to: 2, gain: 1e-11, noiseDensity: Fixtures.noise),
      ], pins: [])
    let outcome = try ParaSolver.solve(model)
    #expect(outcome.status == .optimalStationary, "\(outcome.infeasibility)")
    #expect(outcome.check.isFeasible)
    #expect(outcome.allocation.users[0].chain == [0, 2])
    #expect(outcome.users[0].completionTime <= 30 * (1 + 1e-6))
  }
}

@Suite struct WarmStartTests {
  @Test func aWarmStartFromTheSolutionKeepsItsValueAndSaysSo() throws {
    let model = Fixtures.layered(seed: 2, users: 3, grounds: 2)
    let cold = try ParaSolver.solve(model)
    var options = SolveOptions()
    options.warmStart = cold.allocation
    let warm = try ParaSolver.solve(model, options: options)
    #expect(warm.notes.contains("warm start from the previous solution"))
    #expect(warm.check.isFeasible)
    // The warm trace starts at the cold solution's F and never falls.
    #expect(abs(warm.trace[0] - cold.objective) <= 1e-9 * cold.objective)
    #expect(warm.objective >= cold.objective * (1 - 1e-12))
  }

  @Test func aWarmStartThatDoesNotFitFallsBackToACleanStart() throws {
    let model = Fixtures.layered(seed: 2, users: 3, grounds: 2)
    var options = SolveOptions()
    options.warmStart = try ParaSolver.solve(Fixtures.twoUsersOneServer()).allocation
    let outcome = try ParaSolver.solve(model, options: options)
    #expect(outcome.notes.contains { $0.hasSuffix("cold start") })
    #expect(outcome.check.isFeasible)
  }

  @Test func aStopRequestReturnsTheStartingPoint() throws {
    var options = SolveOptions()
    options.shouldStop = { true }
    let outcome = try ParaSolver.solve(Fixtures.twoUsersOneServer(), options: options)
    #expect(outcome.iterations == 0)
    #expect(outcome.trace.count == 1)
    #expect(outcome.check.isFeasible)
    #expect(outcome.notes.contains { $0.hasPrefix("stopped on request") })
  }
}
