/// Maximum-weight assignment with capacities, by successive shortest paths
/// on a min-cost flow network (source -> item -> slot -> sink).
///
/// Every item takes exactly one of its options; an option names a slot (a
/// server, with a capacity) or no slot (`slot == nil`, e.g. "do not attach",
/// unlimited). Weights may be any finite numbers. This is the Hungarian
/// method's problem with servers duplicated by capacity, solved without the
/// duplication; the result is optimal for the same reason (shortest
/// augmenting paths with reduced costs keep the flow cost-minimal).
struct CapacitatedAssignment {
  struct Option {
    var slot: Int?
    var weight: Double
  }

  /// Chosen option index of each item, or nil when the items cannot all be
  /// placed (possible only if some item has no option without a slot).
  static func solve(items: [[Option]], capacities: [Int]) -> [Int]? {
    let itemCount = items.count
    let slotCount = capacities.count
    // Nodes: 0 source, 1...items, then slots, then a free sink, then sink.
    let source = 0
    let firstSlot = 1 + itemCount
    let free = firstSlot + slotCount
    let sink = free + 1
    var graph = FlowGraph(nodeCount: sink + 1)
    var optionEdges: [[Int]] = []
    for (i, options) in items.enumerated() {
      graph.addEdge(source, 1 + i, capacity: 1, cost: 0)
      optionEdges.append(
        options.map { option in
          let target = option.slot.map { firstSlot + $0 } ?? free
          return graph.addEdge(1 + i, target, capacity: 1, cost: -option.weight)
        })
    }
    for (s, capacity) in capacities.enumerated() {
      graph.addEdge(firstSlot + s, sink, capacity: capacity, cost: 0)
    }
    graph.addEdge(free, sink, capacity: itemCount, cost: 0)
    guard graph.minimumCostFlow(from: source, to: sink, amount: itemCount) == itemCount else {
      return nil
    }
    return optionEdges.map { edges in edges.firstIndex { graph.edges[$0].flow > 0 } ?? 0 }
  }
}

/// A residual graph for min-cost flow. Shortest augmenting paths use
/// Dijkstra's method on reduced costs `c(u, v) + h(u) - h(v)` with node
/// potentials h (Johnson's technique): one Bellman-Ford pass sets h on the
/// initial graph, whose negative costs come from a maximization, and after
/// each Dijkstra pass `h += distance` keeps every residual reduced cost
/// non-negative.
struct FlowGraph {
  struct Edge {
    var to: Int
    var capacity: Int
    var cost: Double
    var flow = 0
  }

  private(set) var edges: [Edge] = []
  private var adjacency: [[Int]]

  init(nodeCount: Int) {
    adjacency = Array(repeating: [], count: nodeCount)
  }

  @discardableResult
  mutating func addEdge(_ from: Int, _ to: Int, capacity: Int, cost: Double) -> Int {
    adjacency[from].append(edges.count)
    edges.append(Edge(to: to, capacity: capacity, cost: cost))
    adjacency[to].append(edges.count)
    edges.append(Edge(to: from, capacity: 0, cost: -cost))
    return edges.count - 2
  }

  private func residual(_ e: Int) -> Int { edges[e].capacity - edges[e].flow }

  /// Bellman-Ford distances from `source` over edges with residual capacity.
  private func initialPotentials(from source: Int) -> [Double] {
    var distance = [Double](repeating: .infinity, count: adjacency.count)
    distance[source] = 0
    for _ in 0..<adjacency.count {
      var changed = false
      for node in adjacency.indices where distance[node].isFinite {
        for e in adjacency[node] where residual(e) > 0 {
          let candidate = distance[node] + edges[e].cost
          if candidate < distance[edges[e].to] {
            distance[edges[e].to] = candidate
            changed = true
          }
        }
      }
      if !changed { break }
    }
    return distance.map { $0.isFinite ? $0 : 0 }
  }

  /// Sends up to `amount` units along successive cheapest paths; returns the amount sent.
  mutating func minimumCostFlow(from source: Int, to sink: Int, amount: Int) -> Int {
    var potential = initialPotentials(from: source)
    var sent = 0
    let count = adjacency.count
    while sent < amount {
      var distance = [Double](repeating: .infinity, count: count)
      var via = [Int](repeating: -1, count: count)
      var done = [Bool](repeating: false, count: count)
      var heap = MinHeap()
      distance[source] = 0
      heap.push(0, source)
      while let (d, node) = heap.pop() {
        if done[node] || d > distance[node] { continue }
        done[node] = true
        for e in adjacency[node] where residual(e) > 0 {
          let next = edges[e].to
          let reduced = max(edges[e].cost + potential[node] - potential[next], 0)
          let candidate = d + reduced
          if candidate < distance[next] {
            distance[next] = candidate
            via[next] = e
            heap.push(candidate, next)
          }
        }
      }
      guard distance[sink].isFinite else { break }
      for node in 0..<count where distance[node].isFinite { potential[node] += distance[node] }
      var node = sink
      while node != source {
        let e = via[node]
        edges[e].flow += 1
        edges[e ^ 1].flow -= 1
        node = edges[e ^ 1].to
      }
      sent += 1
    }
    return sent
  }
}

/// A binary min-heap of (key, node) pairs.
private struct MinHeap {
  private var items: [(key: Double, node: Int)] = []

  mutating func push(_ key: Double, _ node: Int) {
    items.append((key, node))
    var child = items.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard items[child].key < items[parent].key else { break }
      items.swapAt(child, parent)
      child = parent
    }
  }

  mutating func pop() -> (Double, Int)? {
    guard let first = items.first else { return nil }
    let last = items.removeLast()
    if !items.isEmpty {
      items[0] = last
      var parent = 0
      while true {
        let left = 2 * parent + 1
        let right = left + 1
        var smallest = parent
        if left < items.count, items[left].key < items[smallest].key { smallest = left }
        if right < items.count, items[right].key < items[smallest].key { smallest = right }
        if smallest == parent { break }
        items.swapAt(parent, smallest)
        parent = smallest
      }
    }
    return (first.key, first.node)
  }
}
