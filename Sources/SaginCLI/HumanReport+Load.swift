import SaginModel
import SaginSolver

/// What each node carries at a point: users served, lower nodes attached,
/// and the bandwidth, power and CPU granted from its budgets.
struct NodeLoad {
  var users = 0
  var attached = Set<Int>()
  var bandwidth = 0.0
  var power = 0.0
  var cpu = 0.0

  static func loads(of outcome: SolveOutcome, model: ParaModel) -> [NodeLoad] {
    var loads = [NodeLoad](repeating: NodeLoad(), count: model.nodes.count)
    for (allocation, figures) in zip(outcome.allocation.users, outcome.users) {
      for node in allocation.chain {
        loads[node].users += 1
        loads[node].cpu += allocation.frequencies[model.nodes[node].layer.rawValue]
      }
      for hop in figures.hops {
        loads[hop.to].attached.insert(hop.from)
        loads[hop.to].bandwidth += hop.bandwidth
        loads[hop.from].power += hop.power
      }
    }
    return loads
  }
}

extension HumanReport {
  // MARK: - Nodes

  func nodesSection() -> String {
    let loads = NodeLoad.loads(of: outcome, model: model)
    var servers = TextTable([
      ("server", .left), ("layer", .left), ("users", .right), ("attached", .right),
      ("bandwidth (MHz)", .right), ("power (W)", .right), ("CPU (GHz)", .right),
    ])
    for (n, node) in model.nodes.enumerated() where node.layer != .user {
      let load = loads[n]
      let capacity = node.capacity.map { " / \($0)" } ?? ""
      servers.append([
        node.id, node.layer.title, "\(load.users)", "\(load.attached.count)\(capacity)",
        usedOfBudget(load.bandwidth / 1e6, node.bandwidth / 1e6),
        usedOfBudget(load.power, node.power), usedOfBudget(load.cpu / 1e9, node.cpu / 1e9),
      ])
    }
    var nodes = TextTable([
      ("node", .left), ("layer", .left), ("theta (updates)", .right), ("delay (s)", .right),
      ("energy (J)", .right), ("cost", .right), ("PTE", .right),
    ])
    for (node, figures) in zip(model.nodes, outcome.nodes) {
      nodes.append([
        node.id, node.layer.title, Figure.format(figures.theta), Figure.format(figures.delay),
        Figure.format(figures.energy), Figure.format(figures.cost),
        Figure.format(figures.efficiency),
      ])
    }
    var text = ""
    if !servers.rows.isEmpty {
      text += "Server load (used / budget)\n" + servers.rendered() + "\n\n"
    }
    return text + "Node efficiency (per-node PTE, section 6)\n" + nodes.rendered()
  }

  private func usedOfBudget(_ used: Double, _ budget: Double) -> String {
    let share = budget > 0 ? " (\(Figure.percent(used / budget)))" : ""
    return "\(Figure.format(used)) / \(Figure.format(budget))\(share)"
  }

  // MARK: - Layers

  func layersSection() -> String {
    var bits = [Double](repeating: 0, count: 4)
    var updates = bits
    var efficiency = bits
    var active = [Set<Int>](repeating: [], count: 4)
    for (k, allocation) in outcome.allocation.users.enumerated() {
      let workload = model.users[k]
      for node in allocation.chain {
        let layer = model.nodes[node].layer.rawValue
        bits[layer] += workload.dataBits * allocation.shares[layer]
        updates[layer] += workload.parameterVolume * allocation.shares[layer]
        active[layer].insert(node)
      }
    }
    for (node, figures) in SolveSummary.workingNodes(outcome, model: model) {
      efficiency[node.layer.rawValue] += figures.efficiency
    }
    let totalBits = bits.reduce(0, +)
    var table = TextTable([
      ("layer", .left), ("nodes on chains", .right), ("data trained (Mbit)", .right),
      ("share of data", .right), ("parameter updates", .right), ("sum of node PTE", .right),
    ])
    for layer in Layer.allCases {
      let l = layer.rawValue
      let present = model.nodes.contains { $0.layer == layer }
      guard present else { continue }
      table.append([
        layer.title, "\(active[l].count)", Figure.format(bits[l] / 1e6),
        Figure.percent(totalBits > 0 ? bits[l] / totalBits : 0), Figure.format(updates[l]),
        Figure.format(efficiency[l]),
      ])
    }
    return "Layers (totals over all users)\n" + table.rendered()
  }
}
