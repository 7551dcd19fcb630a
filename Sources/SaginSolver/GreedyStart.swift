import SaginModel

extension Topology {
  /// The starting association of section 9 step 0: pins first, then layer by
  /// layer from the users up, each node in declaration order attaching to
  /// the reachable upper node with the best `g / N0` that still has capacity.
  /// Servers attach only when they lie on some user's chain.
  func greedyAssociation() -> Association {
    var association = Association.none(nodeCount: model.nodes.count)
    var load = [Int](repeating: 0, count: model.nodes.count)
    for pin in model.pins {
      association.parent[pin.from] = pin.to
      load[pin.to] += 1
    }
    var onChain = [Bool](repeating: false, count: model.nodes.count)
    for user in userNodes { onChain[user] = true }
    for layer in Layer.allCases {
      for (node, info) in model.nodes.enumerated() where info.layer == layer && onChain[node] {
        if association.parent[node] == nil {
          let best = uplinks[node]
            .filter { hasRoom($0.upper, load) }
            .max { model.links[$0.link].gainOverNoise < model.links[$1.link].gainOverNoise }
          if let best {
            association.parent[node] = best.upper
            load[best.upper] += 1
          }
        }
        if let upper = association.parent[node] { onChain[upper] = true }
      }
    }
    return association.normalized(users: userNodes)
  }

  func hasRoom(_ node: Int, _ load: [Int]) -> Bool {
    guard let capacity = model.nodes[node].capacity else { return true }
    return load[node] < capacity
  }

  /// Users whose share bounds cannot be met on their chain: a layer with a
  /// positive lower bound is off the chain, or the chain's upper bounds sum
  /// below one.
  func shareBoundConflicts(_ association: Association) -> [InfeasibilityReason] {
    var conflicts: [InfeasibilityReason] = []
    for user in model.users {
      let layers = Set(association.chain(from: user.node).map { model.nodes[$0].layer.rawValue })
      let id = model.nodes[user.node].id
      for layer in 0..<4 where !layers.contains(layer) && user.shareBounds[layer].lower > 0 {
        let name = Layer(rawValue: layer)?.title ?? "layer \(layer)"
        conflicts.append(
          InfeasibilityReason(
            entity: id, attribute: "shareBounds",
            message:
              "the share bounds of '\(id)' need a \(name) share but no \(name) node is on its chain",
            hint:
              "check the coverage, capacity and positions of the \(name) nodes, or lower the bound")
        )
      }
      if layers.reduce(0.0, { $0 + user.shareBounds[$1].upper }) < 1 - 1e-12 {
        conflicts.append(
          InfeasibilityReason(
            entity: id, attribute: "shareBounds",
            message: "the share bounds of '\(id)' cap the layers of its chain below 100 % in all"))
      }
    }
    return conflicts
  }
}
