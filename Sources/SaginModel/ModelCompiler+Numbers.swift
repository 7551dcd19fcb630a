import Foundation

/// Step 1 of the compiler: every number of the scenario is finite and in
/// range. The front end should have caught all of this; the solver must never
/// see a NaN, so the compiler checks again.
extension ModelCompilerPass {
  /// What a number must satisfy.
  enum NumberRule {
    case finite
    case nonNegative
    case positive
    /// An angle in [0, pi/2] radians.
    case elevation

    /// What the message expects, e.g. `a positive number of samples`.
    func expectation(_ noun: String) -> String {
      switch self {
      case .finite: return "a finite \(noun)"
      case .nonNegative: return "a non-negative \(noun)"
      case .positive: return "a positive \(noun)"
      case .elevation: return "an \(noun) between 0 and 90 degrees"
      }
    }

    func accepts(_ value: Double) -> Bool {
      guard value.isFinite else { return false }
      switch self {
      case .finite: return true
      case .nonNegative: return value >= 0
      case .positive: return value > 0
      case .elevation: return value >= 0 && value <= Double.pi / 2
      }
    }
  }

  mutating func checkNumbers() {
    checkScenarioSettings()
    for user in scenario.users {
      checkUser(user)
    }
    for server in scenario.servers {
      checkServer(server)
    }
    for (index, gain) in scenario.explicitGains.enumerated() {
      check(
        gain.gainDB, .finite, ModelIssue.rule("explicitGains", index), "gainDB",
        "explicit gain", unit: " dB")
    }
  }

  /// Reports `value` unless it satisfies `rule`; `noun` names it in the message.
  mutating func check(
    _ value: Double, _ rule: NumberRule, _ entity: String, _ attribute: String,
    _ noun: String, unit: String = ""
  ) {
    guard !rule.accepts(value) else { return }
    let owner = entity == "scenario" || entity.contains("[") ? "" : " for '\(entity)'"
    let found =
      rule == .elevation
      ? "\(ModelIssue.describe(value * 180 / Double.pi)) degrees"
      : ModelIssue.describe(value) + (value.isFinite ? unit : "")
    report(entity, attribute, "expected \(rule.expectation(noun))\(owner), found \(found)")
  }

  private mutating func checkScenarioSettings() {
    let settings = scenario
    check(
      settings.delayWeight, .nonNegative, "scenario", "delayWeight", "delay weight",
      unit: " 1/s")
    check(
      settings.energyWeight, .nonNegative, "scenario", "energyWeight", "energy weight",
      unit: " 1/J")
    if settings.delayWeight == 0 && settings.energyWeight == 0 {
      report(
        "scenario", "delayWeight", "the delay and energy weights are both 0",
        hint: "every cost would be 0, so no training efficiency could be computed")
    }
    if settings.layerWeights.count != 4 {
      report(
        "scenario", "layerWeights",
        "expected 4 layer weights (users, ground, UAV, satellite), found \(settings.layerWeights.count)"
      )
    }
    for weight in settings.layerWeights {
      check(weight, .nonNegative, "scenario", "layerWeights", "layer weight")
    }
    check(
      settings.thermalNoiseDensity, .positive, "scenario", "thermalNoiseDensity",
      "thermal noise density", unit: " W/Hz")
    check(
      settings.groundCarrier, .positive, "scenario", "groundCarrier", "ground carrier",
      unit: " Hz")
    check(settings.airCarrier, .positive, "scenario", "airCarrier", "air carrier", unit: " Hz")
    check(
      settings.spaceCarrier, .positive, "scenario", "spaceCarrier", "space carrier",
      unit: " Hz")
    check(
      settings.spaceExtraLossDB, .nonNegative, "scenario", "spaceExtraLossDB",
      "extra satellite loss", unit: " dB")
    if settings.users.isEmpty {
      report(
        "scenario", nil, "the scenario declares no users",
        hint: "the model optimizes the users' training; declare at least one user")
    }
  }

  private mutating func checkUser(_ user: UserEntity) {
    let name = user.name
    checkPosition(user.position, name, "position")
    checkResources(user.resources, name)

    let workload = user.workload
    check(
      workload.parameters, .nonNegative, name, "workload.parameters",
      "trainable parameter count")
    check(workload.samples, .positive, name, "workload.samples", "number of samples")
    check(
      workload.bitsPerSample, .nonNegative, name, "workload.bitsPerSample",
      "sample size", unit: " bit")
    check(
      workload.cyclesPerSample, .positive, name, "workload.cyclesPerSample",
      "cycles per sample")
    check(workload.epochs, .positive, name, "workload.epochs", "number of epochs")

    if let deadline = user.deadline {
      check(deadline, .positive, name, "deadline", "deadline", unit: " s")
    }
    check(user.weight, .nonNegative, name, "weight", "weight")
    checkShareBounds(user.shareBounds, name)
  }

  private mutating func checkShareBounds(_ bounds: [ShareBound], _ name: String) {
    guard bounds.count == 4 else {
      report(
        name, "shareBounds",
        "expected share bounds for 4 layers (local, ground, UAV, satellite), found \(bounds.count)")
      return
    }
    for (layer, bound) in zip(Layer.allCases, bounds) {
      let valid =
        bound.lower.isFinite && bound.upper.isFinite
        && 0 <= bound.lower && bound.lower <= bound.upper && bound.upper <= 1
      if !valid {
        report(
          name, "shareBounds",
          "expected share bounds 0 <= lower <= upper <= 1 for the \(layer.title) share of '\(name)', found \(ModelIssue.describe(bound.lower)) and \(ModelIssue.describe(bound.upper))"
        )
      }
    }
    let floors = bounds.reduce(0) { $0 + $1.lower }
    if floors > 1 + 1e-12 {
      report(
        name, "shareBounds",
        "the share floors of '\(name)' add up to \(ModelIssue.describe(floors)), more than 1",
        hint: "the shares of a user's layers add up to 1")
    }
  }

  private mutating func checkServer(_ server: ServerEntity) {
    let name = server.name
    checkResources(server.resources, name)
    switch (server.layer, server.placement) {
    case (.user, _):
      report(name, "layer", "'\(name)' is a server, so it cannot be in the user layer")
    case (.satellite, let .orbit(altitude, elevation)):
      check(altitude, .positive, name, "placement", "altitude", unit: " m")
      check(elevation, .elevation, name, "placement", "elevation angle")
      check(server.minimumElevation, .elevation, name, "minimumElevation", "elevation mask")
    case (.satellite, .located):
      report(
        name, "placement", "satellite '\(name)' needs an altitude and an elevation, not a position")
    case (_, let .located(position)):
      checkPosition(position, name, "placement")
    case (_, .orbit):
      report(
        name, "placement",
        "\(server.layer.keyword) '\(name)' needs a position, not an orbit")
    }
    if let radius = server.coverageRadius {
      check(radius, .nonNegative, name, "coverageRadius", "coverage radius", unit: " m")
    }
    if let carrier = server.carrier {
      check(carrier, .positive, name, "carrier", "carrier frequency", unit: " Hz")
    }
  }

  private mutating func checkPosition(_ position: Position, _ name: String, _ attribute: String) {
    check(position.east, .finite, name, attribute, "east coordinate", unit: " m")
    check(position.north, .finite, name, attribute, "north coordinate", unit: " m")
    check(position.height, .nonNegative, name, attribute, "height", unit: " m")
  }

  private mutating func checkResources(_ resources: NodeResources, _ name: String) {
    check(resources.cpu, .nonNegative, name, "cpu", "CPU capacity", unit: " cycles/s")
    check(resources.kappa, .nonNegative, name, "kappa", "switched capacitance")
    check(
      resources.transmitPower, .nonNegative, name, "transmitPower", "transmit power",
      unit: " W")
    check(resources.bandwidth, .nonNegative, name, "bandwidth", "bandwidth", unit: " Hz")
    check(
      resources.antennaGainDBi, .finite, name, "antennaGainDBi", "antenna gain",
      unit: " dBi")
    check(
      resources.noiseFigureDB, .nonNegative, name, "noiseFigureDB", "noise figure",
      unit: " dB")
    if let capacity = resources.capacity, capacity < 0 {
      report(name, "capacity", "expected a non-negative capacity for '\(name)', found \(capacity)")
    }
    if let budget = resources.energyBudget {
      check(budget, .nonNegative, name, "energyBudget", "energy budget", unit: " J")
    }
  }
}
