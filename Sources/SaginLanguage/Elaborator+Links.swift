import SaginModel

/// Explicit gains, pinned and forbidden attachments, and the checks that need
/// the whole scenario.
extension Elaborator {
  mutating func elaborateLinks(_ settings: [Attribute]) {
    var seen: [String: (kind: String, span: SourceSpan)] = [:]
    var pinnedFrom: [String: SourceSpan] = [:]

    for attribute in settings {
      guard case .link(let fromName, let toName, let gain) = attribute.value else { continue }
      let kind = attribute.name.text
      guard let (from, to) = resolveLink(fromName, toName, statement: kind) else { continue }
      let key = "\(fromName.text) -> \(toName.text)"
      let family = kind == "gain" ? "gain" : "attachment"

      if let first = seen[family + " " + key] {
        let message =
          first.kind == kind
          ? "duplicate '\(kind) \(key)'" : "'\(key)' is both pinned and forbidden"
        var diagnostic = Diagnostic.error(message, at: attribute.span, in: file)
        diagnostic.notes.append(.init("first given here", at: first.span))
        report(diagnostic)
        continue
      }
      seen[family + " " + key] = (kind, attribute.span)

      switch kind {
      case "gain":
        guard let gain,
          let value = convert(gain, to: .gain, check: .any, after: "=")
        else { continue }
        // The model compiler names rules by family and index ("pins[2]").
        spans["explicitGains[\(scenario.explicitGains.count)]"] = EntitySpans(name: attribute.span)
        scenario.explicitGains.append(ExplicitGain(from: from, to: to, gainDB: value))
      case "pin":
        if let first = pinnedFrom[from] {
          var diagnostic = Diagnostic.error(
            "'\(from)' is pinned twice; a node attaches to at most one node above it",
            at: attribute.span, in: file)
          diagnostic.notes.append(.init("first pinned here", at: first))
          report(diagnostic)
          continue
        }
        pinnedFrom[from] = attribute.span
        spans["pins[\(scenario.pins.count)]"] = EntitySpans(name: attribute.span)
        scenario.pins.append(AttachmentRule(from: from, to: to))
      default:
        spans["forbidden[\(scenario.forbidden.count)]"] = EntitySpans(name: attribute.span)
        scenario.forbidden.append(AttachmentRule(from: from, to: to))
      }
    }
  }

  /// Both ends must be declared nodes, and the link must climb from a lower to
  /// a higher layer. A pin or gain that skips a present layer needs `layer-skipping on`.
  private mutating func resolveLink(_ fromName: Name, _ toName: Name, statement: String)
    -> (String, String)?
  {
    var isValid = true
    for name in [fromName, toName] where nodes[name.text] == nil {
      error(
        "unknown node '\(name.text)' in '\(statement)'", at: name.span,
        hint: didYouMean(name.text, among: nodes.keys.sorted())
          ?? "declare it with 'user', 'server', 'uav' or 'satellite'")
      isValid = false
    }
    guard isValid, let from = nodes[fromName.text], let to = nodes[toName.text] else { return nil }
    guard from.layer < to.layer else {
      let reversed = "\(toName.written) -> \(fromName.written)"
      error(
        "expected a link from a lower to a higher layer in '\(statement)', found '\(fromName.text)' (\(Elaborator.noun(from.layer))) -> '\(toName.text)' (\(Elaborator.noun(to.layer)))",
        at: fromName.span.union(toName.span),
        hint: from.layer == to.layer
          ? "links join layers: user, ground server, UAV, satellite"
          : "write '\(statement) \(reversed)'")
      return nil
    }
    if statement != "forbid", !scenario.allowsLayerSkipping {
      let present = Set(nodes.values.map(\.layer))
      let skipped = Layer.allCases.filter {
        $0 > from.layer && $0 < to.layer && present.contains($0)
      }
      if let layer = skipped.first {
        error(
          "'\(statement) \(fromName.text) -> \(toName.text)' skips the '\(AttributeTable.layerWord(layer))' layer",
          at: fromName.span.union(toName.span), hint: "add 'layer-skipping on' to allow it")
        return nil
      }
    }
    return (fromName.text, toName.text)
  }

  static func noun(_ layer: Layer) -> String {
    switch layer {
    case .user: return "a user"
    case .ground: return "a ground server"
    case .uav: return "a UAV"
    case .satellite: return "a satellite"
    }
  }

  // MARK: - Whole scenario

  mutating func checkScenario(isEmpty: Bool) {
    let start = SourceSpan(start: 0, end: 0)
    if allowsNoUsers { return checkPerNodeObjective() }
    if isEmpty {
      error(
        "expected at least one 'user' declaration, found an empty file", at: start,
        hint: "see grammar.md or examples/tiny.sagin for a complete scenario")
      return
    }
    if !nodes.values.contains(where: { $0.layer == .user }) {
      error(
        "the scenario declares no users", at: start,
        hint: "add a 'user NAME { ... }' block")
    }
    checkPerNodeObjective()
  }

  /// The per-node objective has no maximum unless every user has a share
  /// floor on every present server layer (model document section 6).
  private mutating func checkPerNodeObjective() {
    guard scenario.objective == .perNode, let attribute = objectiveAttribute else { return }
    let present = Set(scenario.servers.map(\.layer))
    for user in scenario.users {
      for layer in Layer.allCases
      where layer != .user && present.contains(layer)
        && user.shareBounds[layer.rawValue].lower <= 0
      {
        let word = AttributeTable.layerWord(layer)
        var diagnostic = Diagnostic.error(
          "objective 'per-node' needs a share lower bound above 0 on every server layer, but user '\(user.name)' has none on layer '\(word)'",
          at: attribute.span, in: file,
          hint:
            "add for example 'share \(word) >= 10 %' at the top level, or use 'objective per-user'")
        diagnostic.notes.append(
          .init(
            "a node's efficiency does not change when all its shares are scaled together, so without a floor the per-node objective grows without limit as the offloaded shares shrink to nothing",
            at: nil))
        if let span = spans[user.name]?.name {
          diagnostic.notes.append(.init("user '\(user.name)' is declared here", at: span))
        }
        report(diagnostic)
        return
      }
    }
  }
}
