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
