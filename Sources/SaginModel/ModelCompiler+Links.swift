import Foundation

/// Steps 3 and 4 of the compiler: which attachments exist (model document
/// section 2) and the channel of each (section 8).
///
/// A pair (lower, upper) of nodes is a link when all of these hold:
/// - layer order: the upper node is in a higher layer, and, unless the
///   scenario allows layer skipping, in the next present layer above the
///   lower node's (users to ground servers, ground servers to UAVs, UAVs to
///   satellites; an absent layer is skipped);
/// - it is not forbidden;
/// - it is reachable: within the upper node's coverage radius (ground
///   distance; no radius means unlimited), or, for a satellite, at or above
///   its elevation mask; an explicit gain makes any pair reachable.
/// Links are listed by sender, then receiver, in node order.
extension ModelCompilerPass {
  /// Whether the layers of a pair allow an attachment.
  enum LayerVerdict: Equatable {
    case allowed
    case notUpward
    case skips([Layer])
  }

  func layerVerdict(from lower: Int, to upper: Int) -> LayerVerdict {
    let from = sites[lower].layer
    let to = sites[upper].layer
    guard to > from else { return .notUpward }
    let skipped = presentServerLayers.filter { $0 > from && $0 < to }
    return skipped.isEmpty || scenario.allowsLayerSkipping ? .allowed : .skips(skipped)
  }

  /// Why `what` (e.g. "pinned attachment") from `lower` to `upper` breaks the
  /// layer order, as a message and hint; nil when it does not.
  func layerProblem(
    _ what: String, from lower: Int, to upper: Int
  ) -> (message: String, hint: String)? {
    let pair = "\(what) from '\(sites[lower].name)' to '\(sites[upper].name)'"
    switch layerVerdict(from: lower, to: upper) {
    case .allowed:
      return nil
    case .notUpward:
      return (
        "\(pair) does not go to a higher layer",
        "attachments go upward: users to ground servers, UAVs or satellites, ground servers to UAVs or satellites, UAVs to satellites"
      )
    case .skips(let layers):
      let names = layers.map { "the \($0.title) layer" }.joined(separator: " and ")
      return (
        "\(pair) skips \(names), but layer skipping is not allowed",
        "allow layer skipping in the scenario, or attach to the next layer up"
      )
    }
  }

  /// Why `upper` cannot reach `lower` by coverage or elevation; nil when it can.
  func reachProblem(from lower: Int, to upper: Int) -> String? {
    let upperSite = sites[upper]
    guard case .server(let server) = upperSite else { return nil }
    switch (sites[lower].placement, server.placement) {
    case (.located(let position), .located(let serverPosition)):
      guard let radius = server.coverageRadius else { return nil }
      let distance = position.groundDistance(to: serverPosition)
      guard distance > radius else { return nil }
      return "'\(sites[lower].name)' is \(ModelCompilerPass.length(distance)) from "
        + "'\(server.name)', beyond its coverage radius of \(ModelCompilerPass.length(radius))"
    case (_, .orbit(_, let elevation)):
      guard elevation < server.minimumElevation else { return nil }
      let degrees = 180 / Double.pi
      return "'\(server.name)' is at \(ModelCompilerPass.rounded(elevation * degrees)) degrees "
        + "elevation, below its mask of \(ModelCompilerPass.rounded(server.minimumElevation * degrees)) degrees"
    default:
      return nil
    }
  }

  // MARK: - Rules

  /// The explicit gains (dB) by node pair; unknown names, pairs that break
  /// the layer order and repeated pairs are issues.
  mutating func resolveExplicitGains() -> [ParaModel.Attachment: Double] {
    var gains: [ParaModel.Attachment: Double] = [:]
    for (index, rule) in scenario.explicitGains.enumerated() {
      let entity = ModelIssue.rule("explicitGains", index)
      guard let pair = resolve(rule.from, rule.to, entity) else { continue }
      if let problem = layerProblem("explicit gain", from: pair.from, to: pair.to) {
        report(entity, nil, problem.message, hint: problem.hint)
      } else if gains[pair] != nil {
        report(
          entity, nil, "a second explicit gain from '\(rule.from)' to '\(rule.to)'",
          hint: "give each pair of nodes one gain")
      } else {
        gains[pair] = rule.gainDB
      }
    }
    return gains
  }

  /// The forbidden pairs; unknown names and downward pairs are issues.
  mutating func resolveForbidden() -> Set<ParaModel.Attachment> {
    var forbidden: Set<ParaModel.Attachment> = []
    for (index, rule) in scenario.forbidden.enumerated() {
      let entity = ModelIssue.rule("forbidden", index)
      guard let pair = resolve(rule.from, rule.to, entity) else { continue }
      if layerVerdict(from: pair.from, to: pair.to) == .notUpward,
        let problem = layerProblem("forbidden attachment", from: pair.from, to: pair.to)
      {
        report(entity, nil, problem.message, hint: problem.hint)
      }
      forbidden.insert(pair)
    }
    return forbidden
  }

  /// Node indices of a rule's two names, reporting each unknown one.
  mutating func resolve(_ from: String, _ to: String, _ entity: String) -> ParaModel.Attachment? {
    let lower = indexByName[from]
    let upper = indexByName[to]
    if lower == nil { report(entity, "from", "unknown node '\(from)'") }
    if upper == nil { report(entity, "to", "unknown node '\(to)'") }
    guard let lower, let upper else { return nil }
    return ParaModel.Attachment(from: lower, to: upper)
  }

  // MARK: - Links

  mutating func buildLinks(
    explicitGains: [ParaModel.Attachment: Double], forbidden: Set<ParaModel.Attachment>
  ) -> [ParaModel.Link] {
    // Physics on numbers already reported as broken would only repeat them.
    let numbersAreSound = issues.isEmpty
    checkSpaceChannel()
    var links: [ParaModel.Link] = []
    // Only servers receive links; scanning them alone keeps this linear in
    // the number of users.
    let receivers = sites.indices.filter { sites[$0].layer != .user }
    for lower in sites.indices {
      for upper in receivers where sites[upper].layer > sites[lower].layer {
        let pair = ParaModel.Attachment(from: lower, to: upper)
        guard layerVerdict(from: lower, to: upper) == .allowed, !forbidden.contains(pair) else {
          continue
        }
        let explicit = explicitGains[pair]
        guard explicit != nil || reachProblem(from: lower, to: upper) == nil,
          let gainDB = explicit ?? modelledGainDB(from: lower, to: upper)
        else { continue }

        let gain = ChannelPhysics.linear(fromDB: gainDB)
        guard gain.isFinite else {
          if numbersAreSound {
            report(
              sites[upper].name, "placement",
              "the channel gain from '\(sites[lower].name)' to '\(sites[upper].name)' is not finite",
              hint:
                "the two nodes are probably at the same position; move one or give an explicit gain"
            )
          }
          continue
        }
        let noise = ChannelPhysics.noiseDensity(
          thermal: scenario.thermalNoiseDensity,
          noiseFigureDB: sites[upper].resources.noiseFigureDB)
        links.append(ParaModel.Link(from: lower, to: upper, gain: gain, noiseDensity: noise))
      }
    }
    return links
  }

  private mutating func checkSpaceChannel() {
    let hasSatellites = presentServerLayers.contains(.satellite)
    if hasSatellites && scenario.spaceChannel != .freeSpace {
      report(
        "scenario", "spaceChannel",
        "satellite links support only the free-space model over the slant range")
    }
  }

  /// A length or angle for a message, to 0.1.
  static func rounded(_ value: Double) -> String {
    ModelIssue.describe((value * 10).rounded() / 10)
  }

  /// A distance in m below 10 km, in km (to 0.01 km) above.
  static func length(_ metres: Double) -> String {
    metres < 10_000
      ? "\(rounded(metres)) m" : "\(ModelIssue.describe((metres / 10).rounded() / 100)) km"
  }
}
