import Foundation
import SaginModel

// MARK: - Evaluation callbacks

extension ContinuousProblem {
  /// Recomputes every hop and computation jet when the point changed.
  private func refresh(_ v: UnsafeBufferPointer<Double>) {
    if cache.point.count == v.count, cache.point.elementsEqual(v) { return }
    cache.point = Array(v)
    cache.hops = []
    cache.computes = []
    for (k, block) in blocks.enumerated() {
      let user = model.users[k]
      var hops: [HopDerivatives] = []
      for h in 0..<block.hopCount {
        let sender = block.chain[h]
        let receiver = block.chain[h + 1]
        let link = evaluator.topology.link(from: sender, to: receiver)
        var carried = 0.0
        for j in (h + 1)..<block.chain.count { carried += v[block.share(j)] }
        hops.append(
          HopDerivatives(
            bits: user.dataBits * carried, scaledBandwidth: v[block.bandwidth(h)],
            scaledPower: v[block.power(h)], bandwidthBudget: model.nodes[receiver].bandwidth,
            powerBudget: model.nodes[sender].power, gainOverNoise: link?.gainOverNoise ?? 0))
      }
      var computes: [ComputeDerivatives] = []
      for (j, node) in block.chain.enumerated() {
        computes.append(
          ComputeDerivatives(
            share: v[block.share(j)], scaledFrequency: v[block.frequency(j)],
            cycles: user.totalCycles,
            cpu: model.nodes[node].cpu, kappa: model.nodes[node].kappa))
      }
      cache.hops.append(hops)
      cache.computes.append(computes)
    }
  }

  /// A dense local accumulator over one user's block.
  struct LocalJet {
    var value = 0.0
    var gradient: [Double]
    /// Full symmetric, row-major.
    var hessian: [Double]
    let size: Int

    init(size: Int) {
      self.size = size
      gradient = Array(repeating: 0, count: size)
      hessian = Array(repeating: 0, count: size * size)
    }

    mutating func addSymmetric(_ a: Int, _ b: Int, _ value: Double) {
      hessian[a * size + b] += value
      if a != b { hessian[b * size + a] += value }
    }
  }

  /// Adds `weight *` (time or energy of hop h) of user k to a local jet.
  func addHop(
    _ k: Int, _ h: Int, energy: Bool, weight: Double, to jet: inout LocalJet, second: Bool
  ) {
    let block = blocks[k]
    let hop = energy ? cache.hops[k][h].energy : cache.hops[k][h].time
    let bitsPerShare = model.users[k].dataBits
    let b = block.bandwidth(h) - block.base
    let p = block.power(h) - block.base
    jet.value += weight * hop.value
    jet.gradient[b] += weight * hop.gradient[1]
    jet.gradient[p] += weight * hop.gradient[2]
    for j in (h + 1)..<block.chain.count {
      jet.gradient[block.share(j) - block.base] += weight * bitsPerShare * hop.gradient[0]
    }
    guard second else { return }
    jet.addSymmetric(b, b, weight * hop.hessian[4])
    jet.addSymmetric(p, p, weight * hop.hessian[8])
    jet.addSymmetric(b, p, weight * hop.hessian[5])
    for j in (h + 1)..<block.chain.count {
      let x = block.share(j) - block.base
      jet.addSymmetric(x, b, weight * bitsPerShare * hop.hessian[1])
      jet.addSymmetric(x, p, weight * bitsPerShare * hop.hessian[2])
    }
  }

  /// Adds `weight *` (time or energy of the computation at chain position j) of user k.
  func addCompute(
    _ k: Int, _ j: Int, energy: Bool, weight: Double, to jet: inout LocalJet, second: Bool
  ) {
    let block = blocks[k]
    let term = energy ? cache.computes[k][j].energy : cache.computes[k][j].time
    let x = block.share(j) - block.base
    let f = block.frequency(j) - block.base
    jet.value += weight * term.value
    jet.gradient[x] += weight * term.dx
    jet.gradient[f] += weight * term.df
    guard second else { return }
    jet.addSymmetric(x, f, weight * term.dxf)
    jet.addSymmetric(f, f, weight * term.dff)
  }

  /// The total energy `E_i` of user k.
  func userEnergy(_ k: Int, weight: Double, to jet: inout LocalJet, second: Bool) {
    for h in 0..<blocks[k].hopCount {
      addHop(k, h, energy: true, weight: weight, to: &jet, second: second)
    }
    for j in blocks[k].chain.indices {
      addCompute(k, j, energy: true, weight: weight, to: &jet, second: second)
    }
  }

  /// The objective contribution of user k (surrogate mode), unscaled weights applied.
  func userObjective(_ k: Int, weight: Double, v: UnsafeBufferPointer<Double>, second: Bool)
    -> LocalJet
  {
    var jet = LocalJet(size: blocks[k].size)
    let completion = blocks[k].completion - blocks[k].base
    jet.value += weight * model.delayWeight * timeScales[k] * v[blocks[k].completion]
    jet.gradient[completion] += weight * model.delayWeight * timeScales[k]
    userEnergy(k, weight: weight * model.energyWeight, to: &jet, second: second)
    return jet
  }

  /// `(sum of hop times up to position j + tau_j) / scale - T^` of user k.
  func epigraph(_ k: Int, _ j: Int, v: UnsafeBufferPointer<Double>, second: Bool) -> LocalJet {
    var jet = LocalJet(size: blocks[k].size)
    let scale = 1 / timeScales[k]
    for h in 0..<j { addHop(k, h, energy: false, weight: scale, to: &jet, second: second) }
    addCompute(k, j, energy: false, weight: scale, to: &jet, second: second)
    jet.value -= v[blocks[k].completion]
    jet.gradient[blocks[k].completion - blocks[k].base] -= 1
    return jet
  }

  /// Energy node n spends on user k at chain position j, over the node's budget.
  func nodeEnergy(_ k: Int, _ j: Int, budget: Double, second: Bool) -> LocalJet {
    var jet = LocalJet(size: blocks[k].size)
    addCompute(k, j, energy: true, weight: 1 / budget, to: &jet, second: second)
    if j < blocks[k].hopCount {
      addHop(k, j, energy: true, weight: 1 / budget, to: &jet, second: second)
    }
    return jet
  }

  /// `(tau + time of the hop sent) / delayScale` of user k at chain position j.
  func nodeDelay(_ k: Int, _ j: Int, scale: Double, second: Bool) -> LocalJet {
    var jet = LocalJet(size: blocks[k].size)
    addCompute(k, j, energy: false, weight: 1 / scale, to: &jet, second: second)
    if j < blocks[k].hopCount {
      addHop(k, j, energy: false, weight: 1 / scale, to: &jet, second: second)
    }
    return jet
  }

  /// Node-surrogate objective: per node term, the weighted energy jets of its
  /// members (by user) and the terms in its own two variables.
  func nodeObjectiveValue(_ o: NodeObjective, v: UnsafeBufferPointer<Double>) -> Double {
    var total = 0.0
    for term in nodeTerms {
      let n = term.node
      total += o.squaredWeights[n] * model.delayWeight * o.delayScales[n] * v[term.delay]
      total -= o.rootWeights[n] * (o.thetaScales[n] * v[term.theta]).squareRoot()
      for member in term.members {
        total +=
          o.squaredWeights[n] * model.energyWeight
          * nodeEnergy(member.user, member.position, budget: 1, second: false).value
      }
    }
    return total / o.scale
  }

  // MARK: NonlinearProgram

  func objective(_ v: UnsafeBufferPointer<Double>) -> Double? {
    refresh(v)
    switch mode {
    case .feasibility:
      return slacks.reduce(0) { $0 + v[$1.variable] }
    case .nodeSurrogate(let o):
      return nodeObjectiveValue(o, v: v)
    case .surrogate(let weights, let scale):
      var total = 0.0
      for k in blocks.indices {
        total += userObjective(k, weight: weights[k] / scale, v: v, second: false).value
      }
      return total
    }
  }

  func objectiveGradient(
    _ v: UnsafeBufferPointer<Double>, into gradient: UnsafeMutableBufferPointer<Double>
  ) -> Bool {
    refresh(v)
    for i in gradient.indices { gradient[i] = 0 }
    switch mode {
    case .feasibility:
      for slack in slacks { gradient[slack.variable] = 1 }
    case .nodeSurrogate(let o):
      for term in nodeTerms {
        let n = term.node
        gradient[term.delay] += o.squaredWeights[n] * model.delayWeight * o.delayScales[n] / o.scale
        gradient[term.theta] -=
          o.rootWeights[n] * o.thetaScales[n].squareRoot()
          * 0.5 / v[term.theta].squareRoot() / o.scale
        let weight = o.squaredWeights[n] * model.energyWeight / o.scale
        for member in term.members {
          let jet = nodeEnergy(member.user, member.position, budget: 1, second: false)
          let base = blocks[member.user].base
          for a in 0..<jet.size { gradient[base + a] += weight * jet.gradient[a] }
        }
      }
    case .surrogate(let weights, let scale):
      for k in blocks.indices {
        let jet = userObjective(k, weight: weights[k] / scale, v: v, second: false)
        for a in 0..<jet.size { gradient[blocks[k].base + a] += jet.gradient[a] }
      }
    }
    return gradient.allSatisfy { $0.isFinite }
  }

  func constraints(_ v: UnsafeBufferPointer<Double>, into g: UnsafeMutableBufferPointer<Double>)
    -> Bool
  {
    refresh(v)
    for (r, row) in rows.enumerated() {
      switch row {
      case .simplex(let k):
        g[r] = blocks[k].chain.indices.reduce(0) { $0 + v[blocks[k].share($1)] }
      case .epigraph(let k, let j):
        g[r] = epigraph(k, j, v: v, second: false).value
      case .deadline(let k, let slack):
        g[r] = v[blocks[k].completion] - v[slack]
      case .theta(let t):
        g[r] = thetaRowValue(t, v: v)
      case .nodeLatency(let t, let k, let j):
        let scale = nodeDelayScale(nodeTerms[t].node)
        g[r] = nodeDelay(k, j, scale: scale, second: false).value - v[nodeTerms[t].delay]
      case .budget(let columns):
        g[r] = columns.reduce(0) { $0 + v[$1] }
      case .energy(let n, let terms, let slack):
        let budget = model.nodes[n].energyBudget ?? 1
        g[r] = terms.reduce(0) {
          $0 + nodeEnergy($1.user, $1.position, budget: budget, second: false).value
        }
        if let slack { g[r] -= v[slack] }
      }
    }
    return g.allSatisfy { $0.isFinite }
  }

  func jacobian(_ v: UnsafeBufferPointer<Double>, into values: UnsafeMutableBufferPointer<Double>)
    -> Bool
  {
    refresh(v)
    var next = 0
    for row in rows {
      switch row {
      case .simplex(let k):
        for _ in blocks[k].chain.indices {
          values[next] = 1
          next += 1
        }
      case .epigraph(let k, let j):
        let jet = epigraph(k, j, v: v, second: false)
        for a in 0..<jet.size {
          values[next] = jet.gradient[a]
          next += 1
        }
      case .deadline:
        values[next] = 1
        values[next + 1] = -1
        next += 2
      case .theta(let t):
        let scale = nodeThetaScale(nodeTerms[t].node)
        for member in nodeTerms[t].members {
          values[next] = model.users[member.user].parameterVolume / scale
          next += 1
        }
        values[next] = -1
        next += 1
      case .nodeLatency(let t, let k, let j):
        let jet = nodeDelay(k, j, scale: nodeDelayScale(nodeTerms[t].node), second: false)
        for a in 0..<jet.size {
          values[next] = jet.gradient[a]
          next += 1
        }
        values[next] = -1
        next += 1
      case .budget(let columns):
        for _ in columns {
          values[next] = 1
          next += 1
        }
      case .energy(let n, let terms, let slack):
        let budget = model.nodes[n].energyBudget ?? 1
        var seen: [Int: LocalJet] = [:]
        var order: [Int] = []
        for term in terms {
          let jet = nodeEnergy(term.user, term.position, budget: budget, second: false)
          if var existing = seen[term.user] {
            for a in 0..<jet.size { existing.gradient[a] += jet.gradient[a] }
            seen[term.user] = existing
          } else {
            seen[term.user] = jet
            order.append(term.user)
          }
        }
        for user in order {
          for value in seen[user]?.gradient ?? [] {
            values[next] = value
            next += 1
          }
        }
        if slack != nil {
          values[next] = -1
          next += 1
        }
      }
    }
    return values.allSatisfy { $0.isFinite }
  }

  func hessian(
    _ v: UnsafeBufferPointer<Double>, objectiveFactor: Double,
    multipliers: UnsafeBufferPointer<Double>, into values: UnsafeMutableBufferPointer<Double>
  ) -> Bool {
    refresh(v)
    var perUser = blocks.map { LocalJet(size: $0.size) }
    func merge(_ k: Int, _ jet: LocalJet, _ factor: Double) {
      guard factor != 0 else { return }
      for a in 0..<(jet.size * jet.size) { perUser[k].hessian[a] += factor * jet.hessian[a] }
    }
    if case .surrogate(let weights, let scale) = mode, objectiveFactor != 0 {
      for k in blocks.indices {
        merge(k, userObjective(k, weight: weights[k] / scale, v: v, second: true), objectiveFactor)
      }
    }
    var nodeDiagonal = [Double](repeating: 0, count: nodeTerms.count)
    if case .nodeSurrogate(let o) = mode, objectiveFactor != 0 {
      for (t, term) in nodeTerms.enumerated() {
        let n = term.node
        nodeDiagonal[t] =
          objectiveFactor * o.rootWeights[n] * o.thetaScales[n].squareRoot()
          * 0.25 * pow(v[term.theta], -1.5) / o.scale
        let weight = o.squaredWeights[n] * model.energyWeight / o.scale
        for member in term.members {
          merge(
            member.user, nodeEnergy(member.user, member.position, budget: 1, second: true),
            objectiveFactor * weight)
        }
      }
    }
    for (r, row) in rows.enumerated() where multipliers[r] != 0 {
      switch row {
      case .nodeLatency(let t, let k, let j):
        let scale = nodeDelayScale(nodeTerms[t].node)
        merge(k, nodeDelay(k, j, scale: scale, second: true), multipliers[r])
      case .epigraph(let k, let j):
        merge(k, epigraph(k, j, v: v, second: true), multipliers[r])
      case .energy(let n, let terms, _):
        let budget = model.nodes[n].energyBudget ?? 1
        for term in terms {
          merge(
            term.user, nodeEnergy(term.user, term.position, budget: budget, second: true),
            multipliers[r])
        }
      case .simplex, .deadline, .budget, .theta:
        break
      }
    }
    for (k, block) in blocks.enumerated() {
      var next = hessianOffsets[k]
      for a in 0..<block.size {
        for b in 0...a {
          values[next] = perUser[k].hessian[a * block.size + b]
          next += 1
        }
      }
    }
    for (t, value) in nodeDiagonal.enumerated() { values[hessianOffsetOfNodes + t] = value }
    return values.allSatisfy { $0.isFinite }
  }

  /// Where the node diagonal entries start in the Hessian values.
  var hessianOffsetOfNodes: Int { hessianStructure.count - nodeTerms.count }

  func nodeThetaScale(_ node: Int) -> Double {
    if case .nodeSurrogate(let o) = mode { return o.thetaScales[node] }
    return 1
  }

  func nodeDelayScale(_ node: Int) -> Double {
    if case .nodeSurrogate(let o) = mode { return o.delayScales[node] }
    return 1
  }

  private func thetaRowValue(_ t: Int, v: UnsafeBufferPointer<Double>) -> Double {
    let term = nodeTerms[t]
    let sum = term.members.reduce(0.0) {
      $0 + model.users[$1.user].parameterVolume * v[blocks[$1.user].share($1.position)]
    }
    return sum / nodeThetaScale(term.node) - v[term.theta]
  }
}
