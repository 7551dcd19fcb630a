import SaginModel

/// Workload, user and server blocks.
extension Elaborator {
  /// Default heights above ground when `at` gives two coordinates:
  /// 1.5 m for a user terminal and 25 m for a base station (3GPP TR 38.901 UMa).
  static let defaultUserHeight = 1.5
  static let defaultServerHeight = 25.0

  // MARK: - Workloads

  mutating func elaborateWorkload(_ declaration: Declaration) {
    let kind = BlockKind.workload
    let owner = "workload '\(declaration.name.text)'"
    let attributes = collect(declaration.attributes, kind: kind, owner: owner)
    requireAttributes(attributes, kind: kind, owner: owner, at: declaration.name.span)

    var parameters: Double?
    switch (attributes["parameters"], attributes["lora"]) {
    case (let direct?, let lora?):
      var diagnostic = Diagnostic.error(
        "\(owner) gives both 'parameters' and 'lora'", at: lora.name.span, in: file,
        hint: "keep one: 'parameters' sets the count, 'lora' derives it")
      diagnostic.notes.append(.init("'parameters' is given here", at: direct.name.span))
      report(diagnostic)
    case (let direct?, nil):
      parameters = number(direct, kind: kind)
    case (nil, let lora?):
      if case .block(let children) = lora.value {
        parameters = loraParameters(children, at: lora.name.span)
      }
    case (nil, nil):
      if !isInsideBrokenBlock {
        error(
          "missing attribute 'parameters' in \(owner)", at: declaration.name.span,
          hint: "add 'parameters 0.8 M', or a 'lora' block with 'rank' and 'matrix' lines")
      }
    }

    let samples = number(attributes["samples"], kind: kind)
    let sampleSize = number(attributes["sample-size"], kind: kind)
    let cycles = number(attributes["cycles-per-sample"], kind: kind)
    let epochs = attributes["epochs"] == nil ? 1 : number(attributes["epochs"], kind: kind)
    guard let parameters, let samples, let sampleSize, let cycles, let epochs,
      workloads[declaration.name.text] == nil
    else { return }
    workloads[declaration.name.text] = Workload(
      name: declaration.name.text, parameters: parameters, samples: samples,
      bitsPerSample: sampleSize, cyclesPerSample: cycles, epochs: epochs)
  }

  /// `rank r` and `matrix d_in x d_out [count n]` lines: `r (d_in + d_out)` per matrix.
  private mutating func loraParameters(_ children: [Attribute], at span: SourceSpan) -> Double? {
    let kind = BlockKind.lora
    let attributes = collect(children, kind: kind, owner: "the lora block")
    requireAttributes(attributes, kind: kind, owner: "the lora block", at: span)
    let rank = number(attributes["rank"], kind: kind)

    var matrices: [(dIn: Int, dOut: Int, count: Int)] = []
    var isValid = true
    for child in children {
      guard case .matrix(let rows, let columns, let count) = child.value else { continue }
      let dIn = wholeNumber(rows, after: "matrix", atLeast: 1)
      let dOut = wholeNumber(columns, after: "x", atLeast: 1)
      let times = count.map { wholeNumber($0, after: "count", atLeast: 1) } ?? 1
      guard let dIn, let dOut, let times else {
        isValid = false
        continue
      }
      matrices.append((Int(dIn), Int(dOut), Int(times)))
    }
    guard let rank, isValid, !matrices.isEmpty else { return nil }
    return Workload.loraParameters(rank: Int(rank), matrices: matrices)
  }

  // MARK: - Users

  mutating func elaborateUser(_ declaration: Declaration) {
    let kind = BlockKind.user
    let owner = "user '\(declaration.name.text)'"
    let attributes = collect(declaration.attributes, kind: kind, owner: owner)
    requireAttributes(attributes, kind: kind, owner: owner, at: declaration.name.span)

    let position = position(attributes["at"], defaultHeight: Elaborator.defaultUserHeight)
    let resources = resources(attributes, kind: kind)
    var workload: Workload?
    if let reference = attributes["workload"], case .word(let name) = reference.value {
      workload = workloads[name.text]
      if workload == nil, workloadSpans[name.text] == nil {
        let names = workloadSpans.keys.sorted()
        error(
          "unknown workload '\(name.text)'", at: name.span,
          hint: didYouMean(name.text, among: names)
            ?? "declare it with 'workload \(name.written) { ... }'")
      }
    }

    var bounds = defaultShareBounds
    for attribute in declaration.attributes {
      if case .bound(let layerName, let relation, let literal) = attribute.value {
        applyBound(layerName, relation, literal, to: &bounds)
      }
    }
    // Broken scenario-wide defaults are reported once, at their own line.
    if let span = attributes["share"]?.span {
      checkShareBounds(bounds, owner: owner, at: span)
    } else if !hasInvalidDefaultShares {
      checkShareBounds(bounds, owner: owner, at: declaration.name.span)
    }

    let deadline =
      attributes["deadline"] == nil
      ? defaultDeadline : number(attributes["deadline"], kind: kind)
    let weight = attributes["weight"] == nil ? 1 : number(attributes["weight"], kind: kind)

    guard let position, let resources, let workload, let weight,
      nodes[declaration.name.text]?.span == declaration.name.span
    else { return }
    var user = UserEntity(
      name: declaration.name.text, position: position, resources: resources,
      workload: workload)
    user.deadline = deadline
    user.weight = weight
    user.shareBounds = bounds
    scenario.users.append(user)
  }

  /// Each layer's lower bound at most its upper; lower bounds at most 100 % in
  /// total and upper bounds at least 100 % (shares sum to one).
  @discardableResult
  mutating func checkShareBounds(
    _ bounds: [ShareBound], owner: String, at span: SourceSpan
  ) -> Bool {
    for layer in Layer.allCases {
      let bound = bounds[layer.rawValue]
      if bound.lower > bound.upper {
        error(
          "share bounds of \(owner) contradict each other: at least \(percent(bound.lower)) but at most \(percent(bound.upper)) on layer '\(AttributeTable.layerWord(layer))'",
          at: span)
        return false
      }
    }
    let lowers = bounds.reduce(0) { $0 + $1.lower }
    let uppers = bounds.reduce(0) { $0 + $1.upper }
    if lowers > 1 + 1e-9 {
      error(
        "share lower bounds of \(owner) add up to \(percent(lowers)), above 100 %", at: span,
        hint: "the shares of all layers sum to 100 %; lower some bound")
      return false
    } else if uppers < 1 - 1e-9 {
      error(
        "share upper bounds of \(owner) add up to \(percent(uppers)), below 100 %", at: span,
        hint: "the shares of all layers sum to 100 %; raise some bound")
      return false
    }
    return true
  }

  private func percent(_ fraction: Double) -> String {
    let value = (fraction * 100 * 1e6).rounded() / 1e6
    return value == value.rounded() ? "\(Int(value)) %" : "\(value) %"
  }

  // MARK: - Servers

  mutating func elaborateServer(_ declaration: Declaration) {
    let kind = BlockKind(declaration.kind)
    let owner = "\(declaration.kind.rawValue) '\(declaration.name.text)'"
    let attributes = collect(declaration.attributes, kind: kind, owner: owner)
    requireAttributes(attributes, kind: kind, owner: owner, at: declaration.name.span)

    let placement: ServerPlacement?
    switch declaration.kind {
    case .satellite:
      let altitude = number(attributes["altitude"], kind: kind)
      let elevation = number(attributes["elevation"], kind: kind)
      placement = altitude.flatMap { altitude in
        elevation.map { ServerPlacement.orbit(altitude: altitude, elevation: $0) }
      }
    case .uav:
      placement = uavPosition(attributes, owner: owner, at: declaration.name.span)
        .map(ServerPlacement.located)
    default:
      placement = position(attributes["at"], defaultHeight: Elaborator.defaultServerHeight)
        .map(ServerPlacement.located)
    }
    let resources = resources(attributes, kind: kind)
    var isValid = true
    var optional: [String: Double] = [:]
    for name in ["bandwidth", "capacity", "coverage", "carrier", "min-elevation"]
    where attributes[name] != nil {
      if let value = number(attributes[name], kind: kind) {
        optional[name] = value
      } else {
        isValid = false
      }
    }

    guard let placement, var resources, isValid,
      nodes[declaration.name.text]?.span == declaration.name.span
    else { return }
    resources.bandwidth = optional["bandwidth"] ?? 0
    resources.capacity = optional["capacity"].map { Int($0) }
    let layer = Elaborator.layer(of: declaration.kind)
    var server = ServerEntity(
      name: declaration.name.text, layer: layer, placement: placement,
      resources: resources)
    server.coverageRadius = optional["coverage"]
    server.carrier = optional["carrier"]
    if let minimum = optional["min-elevation"] { server.minimumElevation = minimum }
    if case .orbit(_, let elevation) = placement, elevation < server.minimumElevation {
      warning(
        "satellite '\(server.name)' is seen at an elevation below its minimum elevation, so nothing can reach it",
        at: attributes["elevation"]?.span ?? declaration.name.span)
    }
    scenario.servers.append(server)
  }

  /// A UAV's position: `at (east, north)` with `altitude`, or `at (east, north, height)`.
  private mutating func uavPosition(
    _ attributes: [String: Attribute], owner: String, at span: SourceSpan
  ) -> Position? {
    let altitude = attributes["altitude"]
    var hasHeight = false
    if let at = attributes["at"], case .position(let coordinates) = at.value {
      hasHeight = coordinates.count == 3
    }
    if hasHeight, let altitude {
      error(
        "\(owner) gives its height twice, in 'at' and in 'altitude'", at: altitude.name.span,
        hint: "keep 'altitude' and give 'at' two coordinates")
      return nil
    }
    if !hasHeight, altitude == nil, attributes["at"] != nil, !isInsideBrokenBlock {
      error(
        "missing attribute 'altitude' in \(owner)", at: span,
        hint: "add 'altitude' with a length such as 120 m")
      return nil
    }
    let height = altitude.flatMap { number($0, kind: .uav) }
    guard var position = position(attributes["at"], defaultHeight: height ?? 0) else { return nil }
    if let height { position.height = height }
    if altitude != nil, height == nil { return nil }
    return position
  }

  // MARK: - Shared attributes

  /// `at (east, north [, height])`; east and north may be negative, height may not.
  func positionLiteral(_ attribute: Attribute?) -> [QuantityLiteral]? {
    guard let attribute, case .position(let coordinates) = attribute.value else { return nil }
    return coordinates
  }

  mutating func position(_ attribute: Attribute?, defaultHeight: Double) -> Position? {
    guard let coordinates = positionLiteral(attribute), coordinates.count >= 2 else { return nil }
    let east = convert(coordinates[0], to: .length, check: .any, after: "at")
    let north = convert(coordinates[1], to: .length, check: .any, after: "at")
    var height: Double? = defaultHeight
    if coordinates.count == 3 {
      height = convert(coordinates[2], to: .length, check: .nonNegative, after: "at")
    }
    guard let east, let north, let height else { return nil }
    return Position(east: east, north: north, height: height)
  }

  /// CPU, power and the optional radio and energy attributes every node has.
  mutating func resources(_ attributes: [String: Attribute], kind: BlockKind) -> NodeResources? {
    let cpu = number(attributes["cpu"], kind: kind)
    let power = number(attributes["power"], kind: kind)
    var optional: [String: Double] = [:]
    var isValid = true
    for name in ["kappa", "antenna", "noise-figure", "energy-budget"] where attributes[name] != nil
    {
      if let value = number(attributes[name], kind: kind) {
        optional[name] = value
      } else {
        isValid = false
      }
    }
    guard let cpu, let power, isValid else { return nil }
    var resources = NodeResources(cpu: cpu, transmitPower: power)
    if let kappa = optional["kappa"] { resources.kappa = kappa }
    if let antenna = optional["antenna"] { resources.antennaGainDBi = antenna }
    if let noiseFigure = optional["noise-figure"] { resources.noiseFigureDB = noiseFigure }
    resources.energyBudget = optional["energy-budget"]
    return resources
  }
}
