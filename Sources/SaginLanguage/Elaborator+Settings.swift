import SaginModel

/// Top-level settings, links between nodes, actions, and whole-scenario checks.
extension Elaborator {
  mutating func elaborateSettings(_ settings: [Attribute]) {
    let kind = BlockKind.topLevel
    var seen: [String: Attribute] = [:]
    var topLevel = EntitySpans(name: nil)

    for attribute in settings {
      let name = attribute.name.text
      if topLevel.attributes[name] == nil { topLevel.attributes[name] = attribute.span }
      if let key = settingKey(attribute) {
        if let first = seen[key] {
          var diagnostic = Diagnostic.error(
            "duplicate setting '\(key)'", at: attribute.name.span,
            in: file)
          diagnostic.notes.append(.init("first given here", at: first.name.span))
          report(diagnostic)
          continue
        }
        seen[key] = attribute
      }

      switch (name, attribute.value) {
      case ("scenario", .word(let title)):
        if title.text.isEmpty {
          error("expected a name after 'scenario', found an empty string", at: title.span)
        } else {
          scenario.name = title.text
        }
      case ("noise", _):
        if let value = number(attribute, kind: kind) { scenario.thermalNoiseDensity = value }
      case ("delay-weight", _):
        if let value = number(attribute, kind: kind) { scenario.delayWeight = value }
      case ("energy-weight", _):
        if let value = number(attribute, kind: kind) { scenario.energyWeight = value }
      case ("objective", .word(let word)):
        let words = AttributeTable.objectiveWords
        if let text = self.word(word, among: words, what: "objective"),
          let objective = ObjectiveKind(rawValue: text)
        {
          scenario.objective = objective
          objectiveAttribute = attribute
        }
      case ("layer-weight", .layered(let layerName, let literal)):
        if let layer = layer(layerName),
          let value = convert(literal, to: .count, check: .nonNegative, after: "layer-weight")
        {
          scenario.layerWeights[layer.rawValue] = value
        }
      case ("channel", .channel(let kindName, let model, let environment, let loss)):
        elaborateChannel(kindName, model: model, environment: environment, loss: loss)
      case ("carrier", .layered(let kindName, let literal)):
        let words = AttributeTable.linkKindWords
        if let linkKind = word(kindName, among: words, what: "link kind"),
          let value = convert(literal, to: .frequency, check: .positive, after: "carrier")
        {
          switch linkKind {
          case "ground": scenario.groundCarrier = value
          case "air": scenario.airCarrier = value
          default: scenario.spaceCarrier = value
          }
        }
      case ("layer-skipping", .word(let word)):
        if let text = self.word(word, among: AttributeTable.switchWords, what: "switch") {
          scenario.allowsLayerSkipping = text == "on"
        }
      case ("deadline", _):
        defaultDeadline = number(attribute, kind: kind)
      case ("share", .bound(let layerName, let relation, let literal)):
        var bounds = defaultShareBounds
        applyBound(layerName, relation, literal, to: &bounds)
        defaultShareBounds = bounds
        lastDefaultShareSpan = attribute.span
      case ("solve", .solve(let method, let options)):
        elaborateSolve(method: method, options: options, span: attribute.span)
      case ("report", .sections(let sections)):
        elaborateReport(sections, span: attribute.span)
      case ("compare", .comparison(let methods, let seeds)):
        elaborateCompare(methods, seeds: seeds, span: attribute.span)
      case ("print", .message(let text)):
        actions.append(.print(text, attribute.span))
      case ("sweep", .sweep(let index)):
        actions.append(.sweep(SweepPlan(index: index), attribute.span))
      default:
        // gain, pin and forbid are read once the nodes are known.
        break
      }
    }
    if let span = lastDefaultShareSpan {
      hasInvalidDefaultShares = !checkShareBounds(
        defaultShareBounds, owner: "the scenario-wide defaults", at: span)
    }
    spans[EntitySpans.topLevelKey] = topLevel

    if scenario.delayWeight == 0, scenario.energyWeight == 0,
      let last = settings.last(where: { $0.name.text.hasSuffix("-weight") })
    {
      error(
        "delay and energy weights are both 0, so every cost would be 0", at: last.span,
        hint: "give 'delay-weight' or 'energy-weight' a positive value")
    }
  }

  /// The key under which a setting may appear only once, or nil when it repeats freely.
  private func settingKey(_ attribute: Attribute) -> String? {
    switch attribute.value {
    case .layered(let word, _): return "\(attribute.name.text) \(word.text)"
    case .channel(let kind, _, _, _): return "channel \(kind.text)"
    case .bound(let word, let relation, _):
      return "share \(word.text) \(relation.rawValue)"
    default:
      let repeatable = BlockKind.topLevel.spec(named: attribute.name.text)?.isRepeatable ?? true
      return repeatable ? nil : attribute.name.text
    }
  }

  /// `channel ground uma`, `channel air al-hourani urban`, `channel space free-space loss 2 dB`.
  private mutating func elaborateChannel(
    _ kindName: Name, model: Name, environment: Name?, loss: QuantityLiteral?
  ) {
    guard let linkKind = word(kindName, among: AttributeTable.linkKindWords, what: "link kind")
    else { return }
    let allowed: [String]
    switch linkKind {
    case "ground": allowed = ["uma", "log-distance", "free-space"]
    case "air": allowed = ["al-hourani", "free-space"]
    default: allowed = ["free-space"]
    }
    let models = AttributeTable.channelModelWords
    guard let modelWord = word(model, among: models, what: "channel model") else { return }
    guard allowed.contains(modelWord) else {
      error(
        "channel model '\(modelWord)' does not apply to \(linkKind) links", at: model.span,
        hint: "\(linkKind) links take \(Parser.choice(allowed))")
      return
    }

    var channel: ChannelModel
    switch modelWord {
    case "uma": channel = .uma
    case "log-distance": channel = .logDistance
    case "free-space": channel = .freeSpace
    default:
      guard let environment else {
        let choices = Parser.choice(AttributeTable.environmentWords)
        error(
          "expected an environment (\(choices)) after 'channel air al-hourani', found the end of the line",
          at: model.span)
        return
      }
      let words = AttributeTable.environmentWords
      guard let text = word(environment, among: words, what: "environment"),
        let airEnvironment = AirEnvironment(rawValue: text)
      else { return }
      channel = .alHourani(airEnvironment)
    }
    if modelWord != "al-hourani", let environment {
      error(
        "unexpected '\(environment.text)' after 'channel \(linkKind) \(modelWord)'",
        at: environment.span, hint: "only 'al-hourani' takes an environment")
      return
    }
    if let loss {
      guard linkKind == "space" else {
        error("'loss' applies only to 'channel space'", at: loss.span)
        return
      }
      guard let value = convert(loss, to: .gain, check: .nonNegative, after: "loss") else { return }
      scenario.spaceExtraLossDB = value
    }
    switch linkKind {
    case "ground": scenario.groundChannel = channel
    case "air": scenario.airChannel = channel
    default: scenario.spaceChannel = channel
    }
  }

  /// Applies one `share layer op value` to a set of bounds.
  mutating func applyBound(
    _ layerName: Name, _ relation: Relation, _ literal: QuantityLiteral,
    to bounds: inout [ShareBound]
  ) {
    guard let layer = layer(layerName),
      let value = convert(
        literal, to: .fraction, check: .nonNegative,
        after: "share \(layerName.text) \(relation.rawValue)")
    else { return }
    switch relation {
    case .atLeast: bounds[layer.rawValue].lower = value
    case .atMost: bounds[layer.rawValue].upper = value
    case .exactly:
      bounds[layer.rawValue].lower = value
      bounds[layer.rawValue].upper = value
    }
  }

  // MARK: - Actions

  private mutating func elaborateSolve(method: Name?, options: [SolveOption], span: SourceSpan) {
    if let request = solveRequest(method: method, options: options) {
      actions.append(.solve(request, span))
    }
  }

  /// The request a `solve` statement makes; nil after an error (reported).
  mutating func solveRequest(method: Name?, options: [SolveOption]) -> SolveRequest? {
    var request = SolveRequest()
    if let method {
      guard let text = word(method, among: SolveRequest.knownMethods, what: "solve method") else {
        return nil
      }
      request.method = text
    }
    var seen: [String: SourceSpan] = [:]
    for option in options {
      let name = option.name.text
      if seen[name] != nil {
        error("duplicate solve option '\(name)'", at: option.name.span)
        continue
      }
      seen[name] = option.name.span
      switch name {
      case "seed":
        // Seeds above 2^53 would lose digits in a Double literal.
        guard let value = wholeNumber(option.value, after: "seed", atLeast: 0) else { return nil }
        request.seed = UInt64(value)
      case "iterations":
        guard let value = wholeNumber(option.value, after: "iterations", atLeast: 1) else {
          return nil
        }
        request.maxIterations = Int(value)
      default:
        guard let value = option.value.value else { return nil }
        guard value > 0, value < 1 else {
          error(
            "expected a tolerance between 0 and 1 such as 1e-4 after 'tolerance', found '\(option.value.written)'",
            at: option.value.span)
          return nil
        }
        request.tolerance = value
      }
    }
    return request
  }

  private mutating func elaborateCompare(_ methods: [Name], seeds: [UInt64], span: SourceSpan) {
    var request = CompareRequest(seeds: seeds)
    for method in methods {
      guard let text = word(method, among: SolveRequest.knownMethods, what: "solve method") else {
        return
      }
      if request.methods.contains(text) {
        error("'\(text)' is compared twice", at: method.span)
        return
      }
      request.methods.append(text)
    }
    if request.methods.isEmpty { request.methods = CompareRequest.defaultMethods }
    actions.append(.compare(request, span))
  }

  private mutating func elaborateReport(_ sections: [Name], span: SourceSpan) {
    var request = ReportRequest()
    for section in sections {
      guard let text = word(section, among: ReportRequest.knownSections, what: "report section")
      else { return }
      if request.sections.contains(text) {
        error("duplicate report section '\(text)'", at: section.span)
        return
      }
      request.sections.append(text)
    }
    actions.append(.report(request, span))
  }
}
