import SaginModel

/// Why a user's chain is what it is in a solution: what each alternative
/// first attachment would give, and which limits on the chain bind.
public struct ChainExplanation: Sendable {
  /// One alternative first attachment (nil: train locally) and the F reached
  /// with it after re-optimizing, nil when it is infeasible.
  public struct Alternative: Sendable {
    public var upper: Int?
    public var objective: Double?
  }

  public var user: Int
  public var chain: [Int]
  public var objective: Double
  public var alternatives: [Alternative]
  /// Limits at (or within 0.1 % of) their bound, in words.
  public var bindingLimits: [String]
}

extension ParaSolver {
  /// Explains user k's chain in `outcome`, a solution of `model`: every other
  /// first attachment is tried with the rest of the association kept, each
  /// re-optimized from the solution (a few FP steps, as in the association
  /// block), and the limits that bind on the chain are listed.
  public static func explain(
    user k: Int, in model: ParaModel, outcome: SolveOutcome
  ) -> ChainExplanation {
    var run = ParaRun(model: model, options: SolveOptions())
    let current = run.block.evaluate(outcome.allocation)
    let node = model.users[k].node
    let association = outcome.allocation.association
    run.candidateMode()
    var alternatives: [ChainExplanation.Alternative] = []
    let choices: [Int?] = run.topology.uplinks[node].map { Optional($0.upper) } + [nil]
    for choice in choices where choice != association.parent[node] {
      var moved = association
      moved.parent[node] = choice
      moved = run.attachNewlyUsedServers(moved).normalized(users: run.topology.userNodes)
      let point = run.topology.isAdmissible(moved) ? run.optimize(moved, warm: current) : nil
      alternatives.append(.init(upper: choice, objective: point?.objective))
    }
    return ChainExplanation(
      user: k, chain: outcome.allocation.users[k].chain, objective: outcome.objective,
      alternatives: alternatives,
      bindingLimits: bindingLimits(user: k, model: model, outcome: outcome))
  }

  static func bindingLimits(user k: Int, model: ParaModel, outcome: SolveOutcome) -> [String] {
    let tight = 0.999
    let allocation = outcome.allocation
    let user = allocation.users[k]
    var limits: [String] = []
    var bandwidth = [Double](repeating: 0, count: model.nodes.count)
    var power = bandwidth
    var cpu = bandwidth
    for other in allocation.users {
      for (h, n) in other.chain.enumerated() {
        cpu[n] += other.frequencies[model.nodes[n].layer.rawValue]
        if h > 0 { bandwidth[n] += other.bandwidths[h - 1] }
        if h + 1 < other.chain.count { power[n] += other.powers[h] }
      }
    }
    let id = model.nodes[user.chain[0]].id
    if let deadline = model.users[k].deadline, outcome.users[k].completionTime >= tight * deadline {
      limits.append("the deadline of '\(id)' binds: it finishes at its deadline")
    }
    for (h, n) in user.chain.enumerated() {
      let node = model.nodes[n]
      if node.cpu > 0, cpu[n] >= tight * node.cpu {
        limits.append("the CPU of '\(node.id)' is fully granted")
      }
      if h > 0, node.bandwidth > 0, bandwidth[n] >= tight * node.bandwidth {
        limits.append("the bandwidth of '\(node.id)' is fully granted")
      }
      if h + 1 < user.chain.count, node.power > 0, power[n] >= tight * node.power {
        limits.append("the transmit power of '\(node.id)' is fully used")
      }
      if let capacity = node.capacity, h > 0,
        allocation.association.attachedCounts()[n] >= capacity
      {
        limits.append("'\(node.id)' is at its capacity of \(capacity)")
      }
    }
    for (layer, bound) in model.users[k].shareBounds.enumerated() {
      let share = user.shares[layer]
      let name = Layer(rawValue: layer)?.title ?? "layer \(layer)"
      if bound.lower > 0, share <= bound.lower + 1e-6 {
        limits.append("the \(name) share of '\(id)' sits at its lower bound")
      }
      if bound.upper < 1, share >= bound.upper - 1e-6 {
        limits.append("the \(name) share of '\(id)' sits at its upper bound")
      }
    }
    return limits
  }
}
