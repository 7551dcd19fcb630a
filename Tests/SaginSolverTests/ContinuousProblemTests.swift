import Foundation
import SaginModel
import Testing

@testable import SaginSolver

/// The NLP's first and second derivatives against central finite differences
/// at a random interior point of a layered instance.
struct ProblemProbe {
  let problem: ContinuousProblem
  let point: [Double]

  init(perNode: Bool) {
    let model = Fixtures.layered(seed: 7, users: 3, grounds: 2)
    let topology = Topology(model: model)
    let evaluator = Evaluator(topology: topology)
    let association = topology.greedyAssociation()
    var problem = ContinuousProblem(
      evaluator: evaluator, association: association, timeScales: [100, 120, 80],
      mode: .surrogate(weights: [1e-3, 2e-3, 1.5e-3], scale: 2))
    var rng = SplitMix64(seed: 11)
    var v = (0..<problem.variableCount).map { _ in rng.uniform(0.2, 0.8) }
    for block in problem.blocks {
      let total = block.chain.indices.reduce(0.0) { $0 + v[block.share($1)] }
      for j in block.chain.indices { v[block.share(j)] /= total }
    }
    // An energy budget on every node exercises the energy rows too.
    var budgeted = model
    for n in budgeted.nodes.indices { budgeted.nodes[n].energyBudget = 500 }
    budgeted.objective = perNode ? .perNode : .perUser
    let count = model.nodes.count
    let nodeObjective = ContinuousProblem.NodeObjective(
      squaredWeights: (0..<count).map { 1e-4 * Double($0 + 1) },
      rootWeights: (0..<count).map { 0.5 + 0.1 * Double($0) },
      thetaScales: (0..<count).map { 1e8 * Double($0 + 2) },
      delayScales: (0..<count).map { 50 + Double($0) }, scale: 3)
    problem = ContinuousProblem(
      evaluator: Evaluator(topology: Topology(model: budgeted)), association: association,
      timeScales: [100, 120, 80],
      mode: perNode
        ? .nodeSurrogate(nodeObjective) : .surrogate(weights: [1e-3, 2e-3, 1.5e-3], scale: 2))
    // Node variables (theta, delay) sit after the user blocks.
    while v.count < problem.variableCount { v.append(rng.uniform(0.5, 1.5)) }
    self.problem = problem
    self.point = v
  }

  func objective(_ v: [Double]) -> Double {
    v.withUnsafeBufferPointer { problem.objective($0) ?? .nan }
  }

  func constraints(_ v: [Double]) -> [Double] {
    var g = [Double](repeating: 0, count: problem.constraintLower.count)
    v.withUnsafeBufferPointer { x in
      g.withUnsafeMutableBufferPointer { _ = problem.constraints(x, into: $0) }
    }
    return g
  }

  func gradient(_ v: [Double]) -> [Double] {
    var g = [Double](repeating: 0, count: v.count)
    v.withUnsafeBufferPointer { x in
      g.withUnsafeMutableBufferPointer { _ = problem.objectiveGradient(x, into: $0) }
    }
    return g
  }

  func jacobian(_ v: [Double]) -> [[Double]] {
    var values = [Double](repeating: 0, count: problem.jacobianStructure.count)
    v.withUnsafeBufferPointer { x in
      values.withUnsafeMutableBufferPointer { _ = problem.jacobian(x, into: $0) }
    }
    var dense = [[Double]](
      repeating: [Double](repeating: 0, count: v.count), count: problem.constraintLower.count)
    for (k, entry) in problem.jacobianStructure.enumerated() {
      dense[entry.row][entry.column] += values[k]
    }
    return dense
  }

  func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-5) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(a), abs(b))
  }
}

/// The NLP's first and second derivatives against central finite
/// differences, for the per-user and the per-node surrogate.
@Suite struct ContinuousProblemTests {
  @Test(arguments: [false, true]) func gradientMatchesFiniteDifferences(perNode: Bool) {
    let probe = ProblemProbe(perNode: perNode)
    let g = probe.gradient(probe.point)
    for i in probe.point.indices {
      var up = probe.point
      var down = probe.point
      let h = 1e-6
      up[i] += h
      down[i] -= h
      let numeric = (probe.objective(up) - probe.objective(down)) / (2 * h)
      #expect(probe.close(g[i], numeric), "variable \(i): \(g[i]) vs \(numeric)")
    }
  }

  @Test(arguments: [false, true]) func jacobianMatchesFiniteDifferences(perNode: Bool) {
    let probe = ProblemProbe(perNode: perNode)
    let dense = probe.jacobian(probe.point)
    for i in probe.point.indices {
      var up = probe.point
      var down = probe.point
      let h = 1e-6
      up[i] += h
      down[i] -= h
      let gu = probe.constraints(up)
      let gd = probe.constraints(down)
      for r in gu.indices {
        let numeric = (gu[r] - gd[r]) / (2 * h)
        #expect(
          probe.close(dense[r][i], numeric), "row \(r) variable \(i): \(dense[r][i]) vs \(numeric)")
      }
    }
  }

  @Test(arguments: [false, true]) func hessianMatchesFiniteDifferencesOfGradients(perNode: Bool) {
    let probe = ProblemProbe(perNode: perNode)
    let m = probe.problem.constraintLower.count
    var rng = SplitMix64(seed: 5)
    let multipliers = (0..<m).map { _ in rng.uniform(-1, 1) }
    let sigma = 0.7
    var values = [Double](repeating: 0, count: probe.problem.hessianStructure.count)
    probe.point.withUnsafeBufferPointer { x in
      multipliers.withUnsafeBufferPointer { y in
        values.withUnsafeMutableBufferPointer {
          _ = probe.problem.hessian(x, objectiveFactor: sigma, multipliers: y, into: $0)
        }
      }
    }
    func lagrangianGradient(_ v: [Double]) -> [Double] {
      var g = probe.gradient(v).map { sigma * $0 }
      let jac = probe.jacobian(v)
      for r in 0..<m { for i in v.indices { g[i] += multipliers[r] * jac[r][i] } }
      return g
    }
    for (k, entry) in probe.problem.hessianStructure.enumerated() {
      var up = probe.point
      var down = probe.point
      let h = 1e-6
      up[entry.column] += h
      down[entry.column] -= h
      let numeric =
        (lagrangianGradient(up)[entry.row] - lagrangianGradient(down)[entry.row]) / (2 * h)
      #expect(probe.close(values[k], numeric, 1e-4), "entry \(entry): \(values[k]) vs \(numeric)")
    }
  }
}
