import Foundation
import SaginModel

/// Runs the continuous block: packs a point into the NLP's variables, solves
/// with Ipopt, unpacks and repairs the result (round-off above a budget is
/// scaled away, T is recomputed from its definition) and evaluates it exactly.
struct ContinuousBlock {
  let evaluator: Evaluator
  var options = NonlinearOptions()

  /// An evaluated point.
  struct Point {
    var allocation: Allocation
    var users: [UserFigures]
    var nodes: [NodeFigures]
    var objective: Double
    var check: FeasibilityReport
  }

  func evaluate(_ allocation: Allocation) -> Point {
    let figures = evaluator.evaluate(allocation)
    let check = evaluator.check(allocation, users: figures.users)
    return Point(
      allocation: allocation, users: figures.users, nodes: figures.nodes,
      objective: figures.objective, check: check)
  }

  /// FP weights `lambda_i y_i^2` with `y_i = sqrt(Q_i) / C_i` (section 9, step 1).
  func fractionalWeights(_ point: Point) -> [Double] {
    evaluator.model.users.enumerated().map { k, user in
      let cost = point.users[k].cost
      return cost > 0 && cost.isFinite ? user.weight * user.parameterVolume / (cost * cost) : 0
    }
  }

  /// FP data of the per-node objective: `y_n = sqrt(Theta_n) / C_n`, weighted
  /// by the node's layer weight; the current Theta and delay serve as scales.
  func nodeObjective(_ point: Point, scale: Double) -> ContinuousProblem.NodeObjective {
    let model = evaluator.model
    var objective = ContinuousProblem.NodeObjective(
      squaredWeights: [], rootWeights: [], thetaScales: [], delayScales: [], scale: scale)
    for (n, node) in model.nodes.enumerated() {
      let figures = point.nodes[n]
      let lambda = model.layerWeights[node.layer.rawValue]
      let y =
        figures.cost > 0 && figures.cost.isFinite ? figures.theta.squareRoot() / figures.cost : 0
      objective.squaredWeights.append(lambda * y * y)
      objective.rootWeights.append(2 * lambda * y)
      objective.thetaScales.append(figures.theta > 0 ? figures.theta : 1)
      objective.delayScales.append(figures.delay > 0 && figures.delay.isFinite ? figures.delay : 1)
    }
    return objective
  }

  /// One surrogate solve from `point`; nil when Ipopt gave nothing usable.
  func improve(_ point: Point) -> Point? {
    let scale = max(point.objective, 1e-300)
    let scales = timeScales(point)
    let mode: ContinuousProblem.Mode
    switch evaluator.model.objective {
    case .perUser: mode = .surrogate(weights: fractionalWeights(point), scale: scale)
    case .perNode: mode = .nodeSurrogate(nodeObjective(point, scale: scale))
    }
    let problem = ContinuousProblem(
      evaluator: evaluator, association: point.allocation.association, timeScales: scales,
      mode: mode)
    let start = pack(point, into: problem)
    let run = IpoptRunner.solve(problem, start: start, options: options)
    guard run.outcome.hasUsablePoint else { return nil }
    return evaluate(unpack(run.point, from: problem, template: point.allocation))
  }

  /// The feasibility phase: minimizes the total relative violation of
  /// deadlines and energy budgets. Returns the point and the constraints that
  /// stay violated.
  func minimizeViolation(
    _ point: Point
  ) -> (point: Point?, violated: [RelaxedConstraint], total: Double) {
    let scales = timeScales(point)
    let problem = ContinuousProblem(
      evaluator: evaluator, association: point.allocation.association, timeScales: scales,
      mode: .feasibility)
    var start = pack(point, into: problem)
    for slack in problem.slacks { start[slack.variable] = 1 }
    let run = IpoptRunner.solve(problem, start: start, options: options)
    let violated = problem.slacks.filter { run.point[$0.variable] > 1e-7 }.map(\.constraint)
    let total = problem.slacks.reduce(0.0) { $0 + run.point[$1.variable] }
    guard run.outcome.hasUsablePoint || run.outcome == .infeasible else {
      return (nil, violated, .infinity)
    }
    let unpacked = unpack(run.point, from: problem, template: point.allocation)
    return (evaluate(unpacked), violated, total)
  }

  private func timeScales(_ point: Point) -> [Double] {
    point.users.map { user in
      let t = user.completionTime
      return t.isFinite && t > 0 ? t : 1
    }
  }

  func pack(_ point: Point, into problem: ContinuousProblem) -> [Double] {
    let model = evaluator.model
    var v = [Double](repeating: 0, count: problem.variableCount)
    for (k, block) in problem.blocks.enumerated() {
      let user = point.allocation.users[k]
      for (j, node) in block.chain.enumerated() {
        v[block.share(j)] = user.shares[block.layers[j]]
        v[block.frequency(j)] = clampScaled(
          user.frequencies[block.layers[j]] / model.nodes[node].cpu)
      }
      for h in 0..<block.hopCount {
        v[block.bandwidth(h)] = clampScaled(
          user.bandwidths[h] / model.nodes[block.chain[h + 1]].bandwidth)
        v[block.power(h)] = clampScaled(user.powers[h] / model.nodes[block.chain[h]].power)
      }
      let t = point.users[k].completionTime
      v[block.completion] = t.isFinite ? t / problem.timeScales[k] : 1
    }
    for term in problem.nodeTerms {
      let figures = point.nodes[term.node]
      v[term.theta] = max(figures.theta / problem.nodeThetaScale(term.node), 1e-12)
      v[term.delay] = figures.delay.isFinite ? figures.delay / problem.nodeDelayScale(term.node) : 1
    }
    return v
  }

  private func clampScaled(_ value: Double) -> Double {
    guard value.isFinite else { return 1 }
    return min(max(value, ContinuousProblem.floor), 1)
  }

  /// Turns NLP variables back into an allocation, keeping every budget exact.
  func unpack(_ v: [Double], from problem: ContinuousProblem, template: Allocation) -> Allocation {
    let model = evaluator.model
    var users = template.users
    for (k, block) in problem.blocks.enumerated() {
      var shares = [Double](repeating: 0, count: 4)
      var frequencies = [Double](repeating: 0, count: 4)
      for (j, node) in block.chain.enumerated() {
        shares[block.layers[j]] = min(max(v[block.share(j)], 0), 1)
        frequencies[block.layers[j]] = min(max(v[block.frequency(j)], 0), 1) * model.nodes[node].cpu
      }
      let total = shares.reduce(0, +)
      if total > 0 { shares = shares.map { $0 / total } }
      var bandwidths: [Double] = []
      var powers: [Double] = []
      for h in 0..<block.hopCount {
        bandwidths.append(
          min(max(v[block.bandwidth(h)], 0), 1) * model.nodes[block.chain[h + 1]].bandwidth)
        powers.append(min(max(v[block.power(h)], 0), 1) * model.nodes[block.chain[h]].power)
      }
      users[k] = UserAllocation(
        chain: block.chain, shares: shares, bandwidths: bandwidths, powers: powers,
        frequencies: frequencies)
    }
    return Allocation(association: template.association, users: users).fittedToBudgets(model: model)
  }
}

extension Allocation {
  /// Scales down each node's grants by the round-off by which they exceed its budget.
  func fittedToBudgets(model: ParaModel) -> Allocation {
    var bandwidth = [Double](repeating: 0, count: model.nodes.count)
    var power = bandwidth
    var cpu = bandwidth
    for user in users {
      for (h, node) in user.chain.enumerated() {
        cpu[node] += user.frequencies[model.nodes[node].layer.rawValue]
        if h > 0 { bandwidth[node] += user.bandwidths[h - 1] }
        if h + 1 < user.chain.count { power[node] += user.powers[h] }
      }
    }
    func factor(_ used: Double, _ budget: Double) -> Double {
      used > budget && used > 0 ? budget / used : 1
    }
    var result = self
    for k in result.users.indices {
      let chain = result.users[k].chain
      for (h, node) in chain.enumerated() {
        let layer = model.nodes[node].layer.rawValue
        result.users[k].frequencies[layer] *= factor(cpu[node], model.nodes[node].cpu)
        if h > 0 {
          result.users[k].bandwidths[h - 1] *= factor(bandwidth[node], model.nodes[node].bandwidth)
        }
        if h + 1 < chain.count {
          result.users[k].powers[h] *= factor(power[node], model.nodes[node].power)
        }
      }
    }
    return result
  }
}
