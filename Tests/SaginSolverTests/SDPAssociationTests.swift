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

/// The association QCQP, its lifting and its relaxation against enumeration.
@Suite struct AssociationQCQPTests {
  /// Every choice (one option per mover) that keeps the capacities.
  static func choices(_ problem: AssociationQCQP) -> [[Int]] {
    var result: [[Int]] = [[]]
    for mover in problem.movers {
      result = result.flatMap { prefix in mover.options.indices.map { prefix + [$0] } }
    }
    return result.filter(problem.isFeasible)
  }

  /// A random QCQP: 2-4 movers choosing among upper nodes 10, 11, 12 (or no
  /// attachment, which some movers may not take), values in [0, 1], negative
  /// couplings between options that share an upper node or (weaker) that
  /// share node 12's chain, capacities 1 at node 10 and 2 at node 11.
  static func randomProblem(seed: UInt64) -> AssociationQCQP {
    var random = SplitMix64(seed: seed)
    let count = 2 + Int(random.next() % 3)
    var movers: [AssociationQCQP.Mover] = []
    for n in 0..<count {
      var options: [Int?] = random.unit() < 0.75 ? [nil] : []
      for upper in [10, 11, 12] where random.unit() < 0.7 || options.count < 2 {
        options.append(upper)
      }
      let values = options.map { _ in random.unit() }
      let reference = options.firstIndex(of: nil) ?? 0
      movers.append(.init(node: n, options: options, values: values, reference: reference))
    }
    var problem = AssociationQCQP(movers: movers, couplings: [], capacities: [10: 1, 11: 2])
    let offsets = problem.offsets
    for n in 0..<count {
      for n2 in (n + 1)..<count {
        for (o, upper) in movers[n].options.enumerated() {
          for (o2, upper2) in movers[n2].options.enumerated() {
            guard let upper, let upper2 else { continue }
            let weight = upper == upper2 ? -random.uniform(0, 0.6) : -random.uniform(0, 0.1)
            problem.couplings.append(
              .init(first: offsets[n] + o, second: offsets[n2] + o2, weight: weight))
          }
        }
      }
    }
    return problem
  }

  /// `f = constant + scale <C, Y>` and the constraints hold on the rank-one
  /// Y of every choice that keeps the capacities.
  @Test(arguments: 1...10)
  func theLiftingReproducesTheQCQPOnEveryAssociation(seed: Int) throws {
    let problem = Self.randomProblem(seed: UInt64(seed))
    let lifted = problem.lifted()
    let n = lifted.program.dimension
    let offsets = problem.offsets
    for choice in Self.choices(problem) {
      var vector = [Double](repeating: 0, count: n)
      vector[0] = 1
      for (p, option) in lifted.variables.enumerated() {
        let mover = offsets.lastIndex { $0 <= option } ?? 0
        vector[p + 1] = choice[mover] == option - offsets[mover] ? 1 : 0
      }
      let y = (0..<(n * n)).map { vector[$0 / n] * vector[$0 % n] }
      let f =
        lifted.constant + lifted.scale
        * SemidefiniteProgram.inner(lifted.program.objective, y, dimension: n)
      #expect(abs(f - problem.value(choice)) < 1e-9)
      for constraint in lifted.program.constraints {
        let lhs = SemidefiniteProgram.inner(constraint.entries, y, dimension: n)
        switch constraint.relation {
        case .equal: #expect(abs(lhs - constraint.bound) < 1e-12)
        case .lessOrEqual: #expect(lhs <= constraint.bound + 1e-12)
        }
      }
    }
  }

  /// The relaxation's optimum is at least the best association's value, and
  /// the rounding is a feasible association no better than the best.
  @Test(arguments: 1...10)
  func theRelaxationBoundsTheBestAssociation(seed: Int) throws {
    let problem = Self.randomProblem(seed: UInt64(seed))
    let best = Self.choices(problem).map(problem.value).max() ?? -.infinity
    let lifted = problem.lifted()
    let solution = try #require(DSDPRunner.solve(lifted.program))
    let relaxed = lifted.constant + lifted.scale * solution.value
    let bound = lifted.constant + lifted.scale * solution.bound
    print("qcqp", seed, best, relaxed, bound, solution.iterations)
    #expect(solution.converged)
    #expect(bound >= best - 1e-6 * lifted.scale)
    #expect(relaxed >= best - 1e-5 * lifted.scale)
    let n = lifted.program.dimension
    let z = (1..<n).map { solution.matrix[$0 * n] }
    let choice = try #require(problem.round(problem.scores(z, lifted: lifted)))
    #expect(problem.isFeasible(choice))
    #expect(problem.value(choice) <= best + 1e-12)
  }

  /// Without couplings the QCQP is a capacitated assignment, whose LP
  /// relaxation is integral; the SDP lies between the two, so it is tight,
  /// and rounding its scores recovers an optimal association.
  @Test(arguments: 1...5)
  func withoutCouplingsTheRelaxationIsTight(seed: Int) throws {
    var problem = Self.randomProblem(seed: UInt64(seed) + 100)
    problem.couplings = []
    problem.capacities = [10: 1, 11: 1]
    let best = Self.choices(problem).map(problem.value).max() ?? -.infinity
    let lifted = problem.lifted()
    let solution = try #require(DSDPRunner.solve(lifted.program))
    let relaxed = lifted.constant + lifted.scale * solution.value
    #expect(abs(relaxed - best) <= 1e-5 * lifted.scale)
    let n = lifted.program.dimension
    let z = (1..<n).map { solution.matrix[$0 * n] }
    let choice = try #require(problem.round(problem.scores(z, lifted: lifted)))
    #expect(abs(problem.value(choice) - best) <= 1e-5 * lifted.scale)
  }
}

/// `para` with the SDP association step, and `para-matching`, end to end.
@Suite struct SDPParaTests {
  /// Built from a model: f at the current association is the sum of the
  /// users' estimated values there (the linearization point), couplings only
  /// ever lower f, and the relaxation bounds the best association of the QCQP.
  @Test(arguments: [UInt64(1), 3])
  func theModelQCQPIsExactWhereItIsLinearized(seed: UInt64) throws {
    let model = Fixtures.layered(seed: seed, users: 4, grounds: 3)
    let run = ParaRun(model: model, options: SolveOptions())
    let association = run.topology.greedyAssociation()
    let problem = try #require(run.associationQCQP(run.topology.userNodes, association))
    let current = problem.movers.map { $0.options.firstIndex(of: association.parent[$0.node])! }
    var expected = 0.0
    let base = run.loads(association)
    for (k, node) in run.topology.userNodes.enumerated() {
      var loads = base
      let chain = association.chain(from: node)
      run.shift(&loads, chain, by: -1)
      expected += run.mixedValue(k, chain: chain, loads: loads)
    }
    #expect(abs(problem.value(current) - expected) <= 1e-9 * expected)
    #expect(problem.couplings.allSatisfy { $0.weight <= 0 })
    let best = AssociationQCQPTests.choices(problem).map(problem.value).max() ?? -.infinity
    let lifted = problem.lifted()
    let solution = try #require(DSDPRunner.solve(lifted.program))
    print(
      "model-qcqp", seed, problem.movers.map(\.options.count), expected, best,
      lifted.constant + lifted.scale * solution.bound)
    #expect(lifted.constant + lifted.scale * solution.bound >= best - 1e-6 * lifted.scale)
  }

  static func isMonotone(_ trace: [Double]) -> Bool {
    zip(trace, trace.dropFirst()).allSatisfy { $0 <= $1 }
  }

  @Test(arguments: [(UInt64(1), 3, 2), (2, 4, 3), (5, 6, 3)])
  func paraNeverEndsBelowItsStart(seed: UInt64, users: Int, grounds: Int) throws {
    let model = Fixtures.layered(seed: seed, users: users, grounds: grounds)
    let outcome = try ParaSolver.solve(model)
    #expect(outcome.check.isFeasible)
    #expect(outcome.objective >= outcome.trace[0])
    #expect(Self.isMonotone(outcome.trace))
  }

  /// The first instance of the exhaustive comparison in ParaSolverTests
  /// (which runs `para` on all four), here for both methods and with
  /// Gaussian randomization.
  @Test func bothMethodsAreWithinOnePercentOfExhaustive() throws {
    let model = Fixtures.layered(seed: 1, users: 2, grounds: 2)
    var options = SolveOptions()
    options.method = .exhaustive
    let best = try ParaSolver.solve(model, options: options)
    options.method = .para
    options.randomizationSamples = 8
    let randomized = try ParaSolver.solve(model, options: options)
    options.method = .paraMatching
    let matching = try ParaSolver.solve(model, options: options)
    for outcome in [randomized, matching] {
      #expect(outcome.check.isFeasible)
      #expect(Self.isMonotone(outcome.trace))
      #expect(outcome.objective >= 0.99 * best.objective)
    }
  }

  /// A layer larger than the block bound is solved in blocks, and the outcome says so.
  @Test func aLargeLayerIsSolvedInBlocks() throws {
    let model = Fixtures.layered(seed: 4, users: 5, grounds: 2)
    var options = SolveOptions()
    options.associationBlockSize = 2
    let outcome = try ParaSolver.solve(model, options: options)
    #expect(outcome.check.isFeasible)
    #expect(Self.isMonotone(outcome.trace))
    #expect(outcome.notes.contains("association SDP solved over 3 blocks of at most 2 users"))
    let whole = try ParaSolver.solve(model)
    #expect(!whole.notes.contains { $0.hasPrefix("association SDP solved over") })
  }

  /// Randomization draws from `seed`: the same seed gives the same solve.
  @Test func randomizationIsSeeded() throws {
    let model = Fixtures.layered(seed: 2, users: 4, grounds: 3)
    var options = SolveOptions()
    options.randomizationSamples = 16
    options.seed = 7
    let first = try ParaSolver.solve(model, options: options)
    let second = try ParaSolver.solve(model, options: options)
    #expect(first.trace == second.trace)
    #expect(first.allocation.association == second.allocation.association)
    #expect(SolveMethod(rawValue: "para-matching") == .paraMatching)
  }
}
