import SaginModel

/// Who attaches to whom: `parent[n]` is the upper node that node n sends its
/// users' data to, or nil when n does not attach. Only the attachments of
/// nodes on some user's chain matter; `normalized` drops the rest.
public struct Association: Sendable, Equatable, Hashable {
  public var parent: [Int?]

  public init(parent: [Int?]) {
    self.parent = parent
  }

  /// No attachments at all: every user trains locally.
  public static func none(nodeCount: Int) -> Association {
    Association(parent: Array(repeating: nil, count: nodeCount))
  }

  /// The chain of node indices starting at `node` and climbing parents.
  /// Cycles cannot arise from a model (links go upward); the walk stops
  /// after four nodes regardless.
  public func chain(from node: Int) -> [Int] {
    var nodes = [node]
    var current = node
    while let next = parent[current], nodes.count < Layer.allCases.count {
      nodes.append(next)
      current = next
    }
    return nodes
  }

  /// The same association with attachments of idle servers (on no user's chain) removed.
  public func normalized(users: [Int]) -> Association {
    var used = Array(repeating: false, count: parent.count)
    for user in users {
      for node in chain(from: user) { used[node] = true }
    }
    var result = self
    for node in parent.indices where !used[node] { result.parent[node] = nil }
    return result
  }

  /// How many lower nodes attach to each node (idle nodes' attachments included).
  public func attachedCounts() -> [Int] {
    var counts = Array(repeating: 0, count: parent.count)
    for case let upper? in parent { counts[upper] += 1 }
    return counts
  }
}

/// The allowed attachments of a model, indexed for the solver.
struct Topology {
  let model: ParaModel
  /// Allowed upper nodes of each node, with the link index.
  let uplinks: [[(upper: Int, link: Int)]]
  /// Link index for a (from, to) pair.
  private let linkIndex: [ParaModel.Attachment: Int]
  /// Node index of each user, in user order.
  let userNodes: [Int]
  /// Pinned upper node of each node, if any.
  let pinned: [Int?]

  init(model: ParaModel) {
    self.model = model
    var uplinks = Array(repeating: [(upper: Int, link: Int)](), count: model.nodes.count)
    var index: [ParaModel.Attachment: Int] = [:]
    for (k, link) in model.links.enumerated() {
      uplinks[link.from].append((link.to, k))
      index[ParaModel.Attachment(from: link.from, to: link.to)] = k
    }
    self.uplinks = uplinks
    self.linkIndex = index
    self.userNodes = model.users.map(\.node)
    var pinned = [Int?](repeating: nil, count: model.nodes.count)
    for pin in model.pins { pinned[pin.from] = pin.to }
    self.pinned = pinned
  }

  func link(from: Int, to: Int) -> ParaModel.Link? {
    linkIndex[ParaModel.Attachment(from: from, to: to)].map { model.links[$0] }
  }

  /// Whether the association uses allowed links only, honours pins on
  /// chains and respects capacities.
  func isAdmissible(_ association: Association) -> Bool {
    let normalized = association.normalized(users: userNodes)
    for (node, upper) in normalized.parent.enumerated() {
      if let upper, link(from: node, to: upper) == nil { return false }
    }
    let counts = normalized.attachedCounts()
    for (node, count) in counts.enumerated() {
      if let capacity = model.nodes[node].capacity, count > capacity { return false }
    }
    for (node, pin) in pinned.enumerated() {
      if let pin, normalized.parent[node] != pin, isOnChain(node, normalized) { return false }
    }
    return true
  }

  /// Whether a node lies on some user's chain.
  func isOnChain(_ node: Int, _ association: Association) -> Bool {
    userNodes.contains { association.chain(from: $0).contains(node) }
  }
}
