/// Step 5 of the compiler: pinned attachments (model document section 2).
///
/// A pin must name two known nodes joined by a link (allowed by the layer
/// order, reachable, not forbidden); a node may be pinned to one server
/// only; and the pins into a server count towards its capacity.
extension ModelCompilerPass {
  mutating func resolvePins(
    links: [ParaModel.Link], explicitGains: [ParaModel.Attachment: Double],
    forbidden: Set<ParaModel.Attachment>
  ) -> [ParaModel.Attachment] {
    let linked = Set(links.map { ParaModel.Attachment(from: $0.from, to: $0.to) })
    var pins: [ParaModel.Attachment] = []
    var pinnedTarget: [Int: Int] = [:]

    for (index, rule) in scenario.pins.enumerated() {
      let entity = ModelIssue.rule("pins", index)
      guard let pair = resolve(rule.from, rule.to, entity) else { continue }
      guard linked.contains(pair) else {
        reportMissingLink(
          pair, entity: entity, explicitGains: explicitGains,
          forbidden: forbidden)
        continue
      }
      if let earlier = pinnedTarget[pair.from] {
        report(
          entity, nil,
          "'\(rule.from)' is pinned twice, to '\(sites[earlier].name)' and to '\(rule.to)'",
          hint: "a node attaches to at most one server")
        continue
      }
      pinnedTarget[pair.from] = pair.to
      pins.append(pair)
    }

    checkPinnedCapacity(pins)
    return pins
  }

  /// Explains why a pinned pair is not a link.
  private mutating func reportMissingLink(
    _ pair: ParaModel.Attachment, entity: String,
    explicitGains: [ParaModel.Attachment: Double], forbidden: Set<ParaModel.Attachment>
  ) {
    let from = sites[pair.from].name
    let to = sites[pair.to].name
    if let problem = layerProblem("pinned attachment", from: pair.from, to: pair.to) {
      report(entity, nil, problem.message, hint: problem.hint)
    } else if forbidden.contains(pair) {
      report(entity, nil, "the attachment from '\(from)' to '\(to)' is both pinned and forbidden")
    } else if explicitGains[pair] == nil,
      let reason = reachProblem(from: pair.from, to: pair.to)
    {
      report(
        entity, nil, "pinned attachment from '\(from)' to '\(to)' is out of reach: \(reason)",
        hint: "give the pair an explicit gain, or widen the coverage")
    }
    // Otherwise the link's channel failed and has been reported already.
  }

  private mutating func checkPinnedCapacity(_ pins: [ParaModel.Attachment]) {
    var counts: [Int: Int] = [:]
    for pin in pins {
      counts[pin.to, default: 0] += 1
    }
    for (index, site) in sites.enumerated() {
      guard let count = counts[index], let capacity = site.resources.capacity,
        count > capacity
      else { continue }
      report(
        site.name, "capacity",
        "\(count) attachments to '\(site.name)' are pinned, beyond its capacity of \(capacity)",
        hint: "pins count towards capacity, and pins beyond capacity make the scenario infeasible")
    }
  }
}
