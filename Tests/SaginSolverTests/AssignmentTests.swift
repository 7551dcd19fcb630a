import Foundation
import SaginModel
import Testing

@testable import SaginSolver

@Suite struct AssignmentTests {
  /// Best total weight by trying every choice of every item.
  func bruteForce(_ items: [[CapacitatedAssignment.Option]], _ capacities: [Int]) -> Double {
    var best = -Double.infinity
    var load = capacities.map { _ in 0 }
    func visit(_ i: Int, _ total: Double) {
      if i == items.count {
        best = max(best, total)
        return
      }
      for option in items[i] {
        if let slot = option.slot {
          guard load[slot] < capacities[slot] else { continue }
          load[slot] += 1
          visit(i + 1, total + option.weight)
          load[slot] -= 1
        } else {
          visit(i + 1, total + option.weight)
        }
      }
    }
    visit(0, 0)
    return best
  }

  @Test(arguments: 1...40)
  func matchesBruteForceOnRandomInstances(seed: Int) throws {
    var rng = SplitMix64(seed: UInt64(seed))
    let itemCount = 2 + Int(rng.next() % 5)
    let slotCount = 1 + Int(rng.next() % 3)
    let capacities = (0..<slotCount).map { _ in 1 + Int(rng.next() % 2) }
    let items = (0..<itemCount).map { _ -> [CapacitatedAssignment.Option] in
      var options = [CapacitatedAssignment.Option(slot: nil, weight: rng.uniform(-1, 1))]
      for slot in 0..<slotCount where rng.uniform(0, 1) < 0.7 {
        options.append(.init(slot: slot, weight: rng.uniform(-2, 5)))
      }
      return options
    }
    let picks = try #require(CapacitatedAssignment.solve(items: items, capacities: capacities))
    var load = capacities.map { _ in 0 }
    var total = 0.0
    for (i, pick) in picks.enumerated() {
      total += items[i][pick].weight
      if let slot = items[i][pick].slot { load[slot] += 1 }
    }
    #expect(zip(load, capacities).allSatisfy { $0 <= $1 })
    #expect(abs(total - bruteForce(items, capacities)) < 1e-9)
  }

  @Test func itemsWithoutAFreeOptionCanBeUnplaceable() {
    let items: [[CapacitatedAssignment.Option]] = [
      [.init(slot: 0, weight: 1)], [.init(slot: 0, weight: 2)],
    ]
    #expect(CapacitatedAssignment.solve(items: items, capacities: [1]) == nil)
  }
}

@Suite struct SolverGuardTests {
  @Test func exhaustiveRefusesAboveItsLimit() {
    var options = SolveOptions()
    options.method = .exhaustive
    options.exhaustiveLimit = 10
    #expect(throws: SolveError.self) {
      try ParaSolver.solve(Fixtures.layered(seed: 3, users: 4, grounds: 3), options: options)
    }
  }

  @Test func perNodeObjectiveSolvesFeasiblyAndMonotonically() throws {
    var model = Fixtures.twoUsersOneServer()
    model.objective = .perNode
    model.layerWeights = [1, 2, 1, 1]
    for k in model.users.indices {
      model.users[k].shareBounds[1] = ShareBound(lower: 0.1, upper: 1)
    }
    let outcome = try ParaSolver.solve(model)
    #expect(outcome.check.isFeasible)
    #expect(outcome.status == .optimalStationary)
    #expect(zip(outcome.trace, outcome.trace.dropFirst()).allSatisfy { $0 <= $1 })
    #expect(outcome.objective > outcome.trace[0])
    // F is the layer-weighted sum of the per-node efficiencies reported.
    let weighted = zip(model.nodes, outcome.nodes).reduce(0.0) {
      $0 + model.layerWeights[$1.0.layer.rawValue] * $1.1.efficiency
    }
    #expect(abs(weighted - outcome.objective) <= 1e-9 * outcome.objective)
    for k in model.users.indices { #expect(outcome.allocation.users[k].shares[1] >= 0.1 - 1e-9) }
  }

  @Test func equalSharesRespectBounds() {
    let bounds = [
      ShareBound(lower: 0.2, upper: 1), ShareBound(lower: 0, upper: 0.3), ShareBound(),
      ShareBound(),
    ]
    let shares = Allocation.boundedEqualShares(layers: [0, 1, 2], bounds: bounds)
    #expect(abs(shares.reduce(0, +) - 1) < 1e-12)
    #expect(abs(shares[1] - 0.3) < 1e-12)
    #expect(abs(shares[0] - 0.35) < 1e-12)
    #expect(abs(shares[2] - 0.35) < 1e-12)
  }
}
