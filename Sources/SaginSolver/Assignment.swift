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
    let itemCount = items.count, slotCount = capacities.count
    // Nodes: 0 source, 1...items, then slots, then a free sink, then sink.
    let source = 0, firstSlot = 1 + itemCount, free = firstSlot + slotCount, sink = free + 1
    var graph = FlowGraph(nodeCount: sink + 1)
    var optionEdges: [[Int]] = []
    for (i, options) in items.enumerated() {
      graph.addEdge(source, 1 + i, capacity: 1, cost: 0)
      optionEdges.append(options.map { option in
        let target = option.slot.map { firstSlot + $0 } ?? free
        return graph.addEdge(1 + i, target, capacity: 1, cost: -option.weight)
      })
    }
    for (s, capacity) in capacities.enumerated() {
      graph.addEdge(firstSlot + s, sink, capacity: capacity, cost: 0)
    }
    graph.addEdge(free, sink, capacity: itemCount, cost: 0)
    guard graph.minimumCostFlow(from: source, to: sink, amount: itemCount) == itemCount else { return nil }
    return optionEdges.map { edges in edges.firstIndex { graph.edges[$0].flow > 0 } ?? 0 }
  }
}

/// A residual graph for min-cost flow with Bellman-Ford (SPFA) shortest paths,
/// which tolerate the negative costs of a maximization.
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

  /// Sends up to `amount` units along successive cheapest paths; returns the amount sent.
  mutating func minimumCostFlow(from source: Int, to sink: Int, amount: Int) -> Int {
    var sent = 0
    let count = adjacency.count
    while sent < amount {
      var distance = [Double](repeating: .infinity, count: count)
      var via = [Int](repeating: -1, count: count)
      var queued = [Bool](repeating: false, count: count)
      var queue = [source]
      var head = 0
      distance[source] = 0
      queued[source] = true
      while head < queue.count {
        let node = queue[head]
        head += 1
        queued[node] = false
        for e in adjacency[node] where edges[e].capacity - edges[e].flow > 0 {
          let next = edges[e].to
          let candidate = distance[node] + edges[e].cost
          if candidate < distance[next] - 1e-12 {
            distance[next] = candidate
            via[next] = e
            if !queued[next] {
              queued[next] = true
              queue.append(next)
            }
          }
        }
        // Compact the queue now and then so it does not grow without bound.
        if head > 4096 && head * 2 > queue.count {
          queue.removeFirst(head)
          head = 0
        }
      }
      guard distance[sink].isFinite else { break }
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
