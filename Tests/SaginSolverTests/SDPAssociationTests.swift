import Foundation
import SaginModel
import Testing

@testable import SaginSolver

/// DSDP through `DSDPRunner` on programs whose optimum is known in closed form.
@Suite struct SemidefiniteProgramTests {
  typealias Entry = SemidefiniteProgram.Entry

  /// max <C, Y> s.t. trace Y = 1 is the largest eigenvalue of C: 3 for [[2, 1], [1, 2]].
  @Test func traceOneGivesTheLargestEigenvalue() throws {
    var program = SemidefiniteProgram(dimension: 2)
    program.objective = [Entry(0, 0, 2), Entry(1, 1, 2), Entry(1, 0, 1)]
    program.constraints = [
      .init(entries: [Entry(0, 0, 1), Entry(1, 1, 1)], relation: .equal, bound: 1)
    ]
    let solution = try #require(DSDPRunner.solve(program))
    print("eig", solution.value, solution.bound, solution.iterations)
    #expect(solution.converged)
    #expect(abs(solution.value - 3) < 1e-5)
    #expect(abs(solution.bound - 3) < 1e-5)
  }

  /// The max-cut relaxation of a 5-cycle: (25 + 5 sqrt 5) / 8.
  @Test func maxCutOfAFiveCycle() throws {
    var program = SemidefiniteProgram(dimension: 5)
    for i in 0..<5 {
      program.objective.append(Entry(i, i, 0.5))
      program.objective.append(Entry(i, (i + 1) % 5, -0.25))
      program.constraints.append(.init(entries: [Entry(i, i, 1)], relation: .equal, bound: 1))
    }
    let solution = try #require(DSDPRunner.solve(program))
    let exact = (25 + 5 * 5.0.squareRoot()) / 8
    print("maxcut", solution.value, solution.bound, exact)
    #expect(abs(solution.value - exact) < 1e-5)
  }

  /// max x s.t. [[1, x], [x, X]] >= 0, X = x, x <= 0.3 (an LP-cone slack): 0.3.
  @Test func anInequalityRowBinds() throws {
    var program = SemidefiniteProgram(dimension: 2)
    program.objective = [Entry(1, 0, 0.5)]
    program.constraints = [
      .init(entries: [Entry(0, 0, 1)], relation: .equal, bound: 1),
      .init(entries: [Entry(1, 1, 1), Entry(1, 0, -0.5)], relation: .equal, bound: 0),
      .init(entries: [Entry(1, 0, 0.5)], relation: .lessOrEqual, bound: 0.3),
    ]
    let solution = try #require(DSDPRunner.solve(program))
    print("ineq", solution.value, solution.bound, solution.matrix)
    #expect(abs(solution.value - 0.3) < 1e-5)
  }
}
