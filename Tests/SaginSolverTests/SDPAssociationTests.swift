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

/// The Hungarian method with capacities against brute force.
@Suite struct CapacitatedMatchingTests {
  static func bruteForce(_ weights: [[Double?]], _ capacities: [Int?]) -> Double? {
    var best: Double? = nil
    var load = capacities.map { _ in 0 }
    func visit(_ row: Int, _ total: Double) {
      if row == weights.count {
        best = max(best ?? -.infinity, total)
        return
      }
      for (slot, weight) in weights[row].enumerated() {
        guard let weight, load[slot] < capacities[slot] ?? Int.max else { continue }
        load[slot] += 1
        visit(row + 1, total + weight)
        load[slot] -= 1
      }
    }
    visit(0, 0)
    return best
  }

  static func total(_ weights: [[Double?]], _ capacities: [Int?], _ picks: [Int]) -> Double? {
    var load = capacities.map { _ in 0 }
    var total = 0.0
    for (row, slot) in picks.enumerated() {
      guard let weight = weights[row][slot] else { return nil }
      load[slot] += 1
      total += weight
    }
    return zip(load, capacities).allSatisfy { $0 <= ($1 ?? Int.max) } ? total : nil
  }

  @Test(arguments: 1...40)
  func matchesBruteForce(seed: Int) throws {
    var random = SplitMix64(seed: UInt64(seed))
    let rows = 1 + Int(random.next() % 6)
    let slots = 1 + Int(random.next() % 4)
    let capacities: [Int?] = (0..<slots).map { _ in
      random.unit() < 0.25 ? nil : 1 + Int(random.next() % 2)
    }
    let weights: [[Double?]] = (0..<rows).map { _ in
      (0..<slots).map { _ in random.unit() < 0.25 ? nil : random.uniform(-1, 3) }
    }
    let expected = Self.bruteForce(weights, capacities)
    let columns = CapacitatedMatching.duplicatedColumns(weights: weights, capacities: capacities)
    let hungarian = CapacitatedMatching.hungarian(weights: weights, columns: columns)
    let flow = CapacitatedMatching.flow(weights: weights, capacities: capacities)
    #expect((hungarian == nil) == (expected == nil))
    #expect((flow == nil) == (expected == nil))
    if let expected, let hungarian, let flow {
      let byHungarian = try #require(Self.total(weights, capacities, hungarian))
      let byFlow = try #require(Self.total(weights, capacities, flow))
      #expect(abs(byHungarian - expected) < 1e-9)
      #expect(abs(byFlow - expected) < 1e-9)
    }
  }
}
