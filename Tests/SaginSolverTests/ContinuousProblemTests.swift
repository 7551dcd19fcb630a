import Foundation
import SaginModel
import Testing
@testable import SaginSolver

/// The NLP's first and second derivatives against central finite differences
/// at a random interior point of a layered instance.
@Suite struct ContinuousProblemTests {
  let problem: ContinuousProblem
  let point: [Double]

  init() {
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
    problem = ContinuousProblem(
      evaluator: Evaluator(topology: Topology(model: budgeted)), association: association,
      timeScales: [100, 120, 80], mode: .surrogate(weights: [1e-3, 2e-3, 1.5e-3], scale: 2))
    self.problem = problem
    self.point = v
  }

  func objective(_ v: [Double]) -> Double {
    v.withUnsafeBufferPointer { problem.objective($0) ?? .nan }
  }

  func constraints(_ v: [Double]) -> [Double] {
    var g = [Double](repeating: 0, count: problem.constraintLower.count)
    v.withUnsafeBufferPointer { x in g.withUnsafeMutableBufferPointer { _ = problem.constraints(x, into: $0) } }
    return g
  }

  func gradient(_ v: [Double]) -> [Double] {
    var g = [Double](repeating: 0, count: v.count)
    v.withUnsafeBufferPointer { x in g.withUnsafeMutableBufferPointer { _ = problem.objectiveGradient(x, into: $0) } }
    return g
  }

  func jacobian(_ v: [Double]) -> [[Double]] {
    var values = [Double](repeating: 0, count: problem.jacobianStructure.count)
    v.withUnsafeBufferPointer { x in values.withUnsafeMutableBufferPointer { _ = problem.jacobian(x, into: $0) } }
    var dense = [[Double]](repeating: [Double](repeating: 0, count: v.count), count: problem.constraintLower.count)
    for (k, entry) in problem.jacobianStructure.enumerated() { dense[entry.row][entry.column] += values[k] }
    return dense
  }

  func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-5) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(a), abs(b))
  }

  @Test func gradientMatchesFiniteDifferences() {
    let g = gradient(point)
    for i in point.indices {
      var up = point, down = point
      let h = 1e-6
      up[i] += h
      down[i] -= h
      let numeric = (objective(up) - objective(down)) / (2 * h)
      #expect(close(g[i], numeric), "variable \(i): \(g[i]) vs \(numeric)")
    }
  }

  @Test func jacobianMatchesFiniteDifferences() {
    let dense = jacobian(point)
    for i in point.indices {
      var up = point, down = point
      let h = 1e-6
      up[i] += h
      down[i] -= h
      let gu = constraints(up), gd = constraints(down)
      for r in gu.indices {
        let numeric = (gu[r] - gd[r]) / (2 * h)
        #expect(close(dense[r][i], numeric), "row \(r) variable \(i): \(dense[r][i]) vs \(numeric)")
      }
    }
  }

  @Test func hessianMatchesFiniteDifferencesOfGradients() {
    let m = problem.constraintLower.count
    var rng = SplitMix64(seed: 5)
    let multipliers = (0..<m).map { _ in rng.uniform(-1, 1) }
    let sigma = 0.7
    var values = [Double](repeating: 0, count: problem.hessianStructure.count)
    point.withUnsafeBufferPointer { x in
      multipliers.withUnsafeBufferPointer { y in
        values.withUnsafeMutableBufferPointer {
          _ = problem.hessian(x, objectiveFactor: sigma, multipliers: y, into: $0)
        }
      }
    }
    func lagrangianGradient(_ v: [Double]) -> [Double] {
      var g = gradient(v).map { sigma * $0 }
      let jac = jacobian(v)
      for r in 0..<m { for i in v.indices { g[i] += multipliers[r] * jac[r][i] } }
      return g
    }
    for (k, entry) in problem.hessianStructure.enumerated() {
      var up = point, down = point
      let h = 1e-6
      up[entry.column] += h
      down[entry.column] -= h
      let numeric = (lagrangianGradient(up)[entry.row] - lagrangianGradient(down)[entry.row]) / (2 * h)
      #expect(close(values[k], numeric, 1e-4), "entry \(entry): \(values[k]) vs \(numeric)")
    }
  }
}
