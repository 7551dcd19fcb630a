import SaginModel

/// The continuous block of the PARA loop as one smooth NLP for Ipopt.
///
/// Design note. With the association fixed, the decisions are the shares x,
/// per-hop bandwidth and power, per-layer CPU frequency and the epigraph
/// variable T of every user. The spec splits them into an offloading block
/// (x) and a resource block (b, p, f, T); this problem holds both, so one
/// local solve from the current point does at least what alternating the two
/// would. Variables
/// are scaled to O(1): bandwidth by the receiver's budget, power by the
/// sender's, frequency by the node's CPU and T by the user's current
/// completion time, so every budget row reads `sum <= 1`.
///
/// Per user the variables are laid out contiguously as
/// `x[0..<K], b^[0..<H], p^[0..<H], f^[0..<K], T^` (K chain nodes, H = K - 1
/// hops), so the Lagrangian Hessian is block diagonal with one dense block
/// per user, and every constraint row touches one user block or a budget.
///
/// Surrogate mode minimizes `sum_i w_i C_i / scale` with the FP weights
/// `w_i = lambda_i y_i^2`. Node-surrogate mode (the per-node objective)
/// minimizes `sum_n (lambda_n y_n^2 C_n - 2 lambda_n y_n sqrt(Theta_n)) / scale`
/// with two variables per node on a chain: `theta^_n = Theta_n / scale_n`
/// (tied to the shares by a linear row, so the concave root touches one
/// variable and the Hessian keeps its block structure) and the epigraph
/// `T^_n >= (tau + hop time) / scale_n` over the users n serves.
/// Feasibility mode adds a slack to every deadline and energy budget and
/// minimizes the total slack (section 9, step 0).
final class ContinuousProblem: NonlinearProgram {
  enum Mode {
    case surrogate(weights: [Double], scale: Double)
    case nodeSurrogate(NodeObjective)
    case feasibility
  }

  /// FP data of the per-node objective, indexed by node.
  struct NodeObjective {
    /// `lambda_n y_n^2` and `2 lambda_n y_n`.
    var squaredWeights: [Double]
    var rootWeights: [Double]
    /// Current `Theta_n` and `T_n`, used as scales (1 where zero).
    var thetaScales: [Double]
    var delayScales: [Double]
    var scale: Double
  }

  /// The variables and members of one node in node-surrogate mode.
  struct NodeTerm {
    let node: Int
    let theta: Int
    let delay: Int
    /// (user, chain position) pairs that n serves.
    let members: [(user: Int, position: Int)]
  }

  struct UserBlock {
    let base: Int
    let chain: [Int]
    let layers: [Int]
    var hopCount: Int { chain.count - 1 }
    var size: Int { 2 * chain.count + 2 * hopCount + 1 }
    func share(_ j: Int) -> Int { base + j }
    func bandwidth(_ h: Int) -> Int { base + chain.count + h }
    func power(_ h: Int) -> Int { base + chain.count + hopCount + h }
    func frequency(_ j: Int) -> Int { base + chain.count + 2 * hopCount + j }
    var completion: Int { base + 2 * chain.count + 2 * hopCount }
  }

  static let floor = 1e-9
  static let infinity = 1e19

  let evaluator: Evaluator
  let mode: Mode
  let blocks: [UserBlock]
  /// Completion-time scale of each user, s.
  let timeScales: [Double]
  private(set) var variableLower: [Double] = []
  private(set) var variableUpper: [Double] = []
  private(set) var constraintLower: [Double] = []
  private(set) var constraintUpper: [Double] = []
  private(set) var jacobianStructure: [(row: Int, column: Int)] = []
  private(set) var hessianStructure: [(row: Int, column: Int)] = []
  /// What each constraint row is, for infeasibility reports.
  private(set) var rowNames: [String] = []
  /// Slack variable of each deadline and energy row in feasibility mode, with what it relaxes.
  private(set) var slacks: [(variable: Int, constraint: RelaxedConstraint)] = []

  private(set) var nodeTerms: [NodeTerm] = []
  private(set) var rows: [Row] = []
  private(set) var hessianOffsets: [Int] = []
  var cache = JetCache()
  var variableCount: Int { variableLower.count }
  var model: ParaModel { evaluator.model }

  init(
    evaluator: Evaluator, association: Association, timeScales: [Double], mode: Mode
  ) {
    self.evaluator = evaluator
    self.mode = mode
    self.timeScales = timeScales
    let model = evaluator.model
    var blocks: [UserBlock] = []
    var next = 0
    for user in model.users {
      let chain = association.chain(from: user.node)
      let block = UserBlock(
        base: next, chain: chain, layers: chain.map { model.nodes[$0].layer.rawValue })
      blocks.append(block)
      next += block.size
    }
    self.blocks = blocks
    buildVariables()
    if case .nodeSurrogate = mode { buildNodeVariables() }
    buildRows()
    buildHessianStructure()
  }

  // MARK: - Structure

  private func buildVariables() {
    for (k, block) in blocks.enumerated() {
      let user = model.users[k]
      for layer in block.layers {
        variableLower.append(user.shareBounds[layer].lower)
        variableUpper.append(user.shareBounds[layer].upper)
      }
      for _ in 0..<(2 * block.hopCount + block.chain.count) {
        variableLower.append(Self.floor)
        variableUpper.append(1)
      }
      variableLower.append(0)
      if !isFeasibilityMode, let deadline = user.deadline {
        variableUpper.append(deadline / timeScales[k])
      } else {
        variableUpper.append(Self.infinity)
      }
    }
  }

  var isFeasibilityMode: Bool {
    if case .feasibility = mode { return true }
    return false
  }

  private func buildNodeVariables() {
    var members = [[(user: Int, position: Int)]](repeating: [], count: model.nodes.count)
    for (k, block) in blocks.enumerated() {
      for (j, node) in block.chain.enumerated() { members[node].append((k, j)) }
    }
    for (node, served) in members.enumerated() where !served.isEmpty {
      let theta = variableLower.count
      variableLower += [1e-12, 0]
      variableUpper += [Self.infinity, Self.infinity]
      nodeTerms.append(NodeTerm(node: node, theta: theta, delay: theta + 1, members: served))
    }
  }

  /// One constraint row: which users' blocks it touches and how it is evaluated.
  enum Row {
    case simplex(user: Int)
    case epigraph(user: Int, position: Int)
    case deadline(user: Int, slack: Int)
    /// A budget over scaled variables: `sum v[columns] <= 1`.
    case budget(columns: [Int])
    /// `sum Q_i x_i / scale - theta^_n = 0` for node term t.
    case theta(term: Int)
    /// `(tau + time of the hop sent) / scale - T^_n <= 0` for one member of node term t.
    case nodeLatency(term: Int, user: Int, position: Int)
    /// Energy of node n: contributions of (user, chain position) pairs.
    case energy(node: Int, terms: [(user: Int, position: Int)], slack: Int?)
  }

  private func buildRows() {
    let isFeasibility = isFeasibilityMode
    for (k, block) in blocks.enumerated() {
      let name = model.nodes[block.chain[0]].id
      appendRow(.simplex(user: k), lower: 1, upper: 1, name: "shares of '\(name)'")
      for j in block.chain.indices {
        appendRow(
          .epigraph(user: k, position: j), lower: -Self.infinity, upper: 0,
          name: "latency of '\(name)'")
      }
      if isFeasibility, let deadline = model.users[k].deadline {
        let slack = addSlack(.deadline(user: k))
        appendRow(
          .deadline(user: k, slack: slack), lower: -Self.infinity, upper: deadline / timeScales[k],
          name: "deadline of '\(name)'")
      }
    }
    for (t, term) in nodeTerms.enumerated() {
      let id = model.nodes[term.node].id
      appendRow(.theta(term: t), lower: 0, upper: 0, name: "parameter updates at '\(id)'")
      for member in term.members {
        appendRow(
          .nodeLatency(term: t, user: member.user, position: member.position),
          lower: -Self.infinity, upper: 0, name: "delay of '\(id)'")
      }
    }
    var received = [[Int]](repeating: [], count: model.nodes.count)
    var sent = received
    var computing = received
    var energyTerms = [[(user: Int, position: Int)]](repeating: [], count: model.nodes.count)
    for (k, block) in blocks.enumerated() {
      for (j, node) in block.chain.enumerated() {
        computing[node].append(block.frequency(j))
        energyTerms[node].append((k, j))
        if j > 0 { received[node].append(block.bandwidth(j - 1)) }
        if j + 1 < block.chain.count { sent[node].append(block.power(j)) }
      }
    }
    for (n, node) in model.nodes.enumerated() {
      if received[n].count > 1 {
        appendRow(
          .budget(columns: received[n]), lower: -Self.infinity, upper: 1,
          name: "bandwidth of '\(node.id)'")
      }
      if sent[n].count > 1 {
        appendRow(
          .budget(columns: sent[n]), lower: -Self.infinity, upper: 1, name: "power of '\(node.id)'")
      }
      if computing[n].count > 1 {
        appendRow(
          .budget(columns: computing[n]), lower: -Self.infinity, upper: 1,
          name: "CPU of '\(node.id)'")
      }
      if node.energyBudget != nil, !energyTerms[n].isEmpty {
        let slack = isFeasibility ? addSlack(.energyBudget(node: n)) : nil
        appendRow(
          .energy(node: n, terms: energyTerms[n], slack: slack), lower: -Self.infinity, upper: 1,
          name: "energy budget of '\(node.id)'")
      }
    }
  }

  private func addSlack(_ constraint: RelaxedConstraint) -> Int {
    variableLower.append(0)
    variableUpper.append(Self.infinity)
    slacks.append((variableLower.count - 1, constraint))
    return variableLower.count - 1
  }

  private func appendRow(_ row: Row, lower: Double, upper: Double, name: String) {
    let index = rows.count
    rows.append(row)
    rowNames.append(name)
    constraintLower.append(lower)
    constraintUpper.append(upper)
    for column in columns(of: row) { jacobianStructure.append((index, column)) }
  }

  private func columns(of row: Row) -> [Int] {
    switch row {
    case .simplex(let user):
      return blocks[user].chain.indices.map { blocks[user].share($0) }
    case .epigraph(let user, _):
      return Array(blocks[user].base..<(blocks[user].base + blocks[user].size))
    case .deadline(let user, let slack):
      return [blocks[user].completion, slack]
    case .theta(let t):
      let term = nodeTerms[t]
      return term.members.map { blocks[$0.user].share($0.position) } + [term.theta]
    case .nodeLatency(let t, let user, _):
      return Array(blocks[user].base..<(blocks[user].base + blocks[user].size)) + [
        nodeTerms[t].delay
      ]
    case .budget(let columns):
      return columns
    case .energy(_, let terms, let slack):
      var seen = Set<Int>()
      var result: [Int] = []
      for term in terms where seen.insert(term.user).inserted {
        result += Array(blocks[term.user].base..<(blocks[term.user].base + blocks[term.user].size))
      }
      return result + (slack.map { [$0] } ?? [])
    }
  }

  private func buildHessianStructure() {
    for block in blocks {
      hessianOffsets.append(hessianStructure.count)
      for a in 0..<block.size {
        for b in 0...a { hessianStructure.append((block.base + a, block.base + b)) }
      }
    }
    // The concave root of each node's Theta lives on its diagonal entry.
    for term in nodeTerms { hessianStructure.append((term.theta, term.theta)) }
  }

}

/// A constraint that the feasibility phase relaxes with a slack.
enum RelaxedConstraint: Equatable {
  case deadline(user: Int)
  case energyBudget(node: Int)
}

/// Cached derivatives of every user's hops and computations at the last point.
struct JetCache {
  var point: [Double] = []
  var hops: [[HopDerivatives]] = []
  var computes: [[ComputeDerivatives]] = []
}
