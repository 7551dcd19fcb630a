/// Compiles a `Scenario` into the PARA model (`ParaModel`, model document
/// sections 1-8).
///
/// Design: one pass that collects every issue instead of stopping at the
/// first, in five steps:
/// 1. check every number (the last gate before the solver: non-finite or
///    out-of-range values become issues here, whatever the front end did);
/// 2. order the nodes: users in declaration order, then servers by layer
///    (ground, UAV, satellite), declaration order within a layer;
/// 3. resolve the named rules (explicit gains, forbidden attachments) to
///    node indices;
/// 4. list every allowed attachment with its channel gain and noise density
///    (see `ModelCompilerPass.buildLinks`);
/// 5. check pins against those links and capacities, and the objective.
///
/// Invariants of a returned model: `nodes` are sorted by layer with users
/// first, so `users[k].node == k`; every link goes to a higher layer and has
/// a finite non-negative gain; every pin is a link; every number is finite.
/// The model is nil whenever there is any issue.
public enum ModelCompiler {
  public static func compile(_ scenario: Scenario) -> ModelCompilation {
    var pass = ModelCompilerPass(scenario: scenario)
    return pass.run()
  }
}

/// A node of the scenario in model order, with what the compiler needs of it.
enum NodeSite {
  case user(UserEntity)
  case server(ServerEntity)

  var name: String {
    switch self {
    case .user(let user): return user.name
    case .server(let server): return server.name
    }
  }

  var layer: Layer {
    switch self {
    case .user: return .user
    case .server(let server): return server.layer
    }
  }

  var resources: NodeResources {
    switch self {
    case .user(let user): return user.resources
    case .server(let server): return server.resources
    }
  }

  var placement: ServerPlacement {
    switch self {
    case .user(let user): return .located(user.position)
    case .server(let server): return server.placement
    }
  }
}

/// The state of one compilation: the scenario, its nodes in model order and
/// the issues found so far. Its steps live in `ModelCompiler+*.swift`.
struct ModelCompilerPass {
  let scenario: Scenario
  /// Users, then servers sorted by layer (stable).
  let sites: [NodeSite]
  /// The first node of each name; duplicates are issues.
  let indexByName: [String: Int]
  /// Server layers with at least one server, in ascending order.
  let presentServerLayers: [Layer]
  var issues: [ModelIssue] = []

  init(scenario: Scenario) {
    self.scenario = scenario
    let servers = scenario.servers.enumerated()
      .sorted { ($0.element.layer, $0.offset) < ($1.element.layer, $1.offset) }
      .map { NodeSite.server($0.element) }
    sites = scenario.users.map { NodeSite.user($0) } + servers

    var indexByName: [String: Int] = [:]
    for (index, site) in sites.enumerated() where indexByName[site.name] == nil {
      indexByName[site.name] = index
    }
    self.indexByName = indexByName
    presentServerLayers = Layer.allCases.filter { layer in
      layer != .user && scenario.servers.contains { $0.layer == layer }
    }
  }

  mutating func run() -> ModelCompilation {
    checkNumbers()
    checkNodeNames()
    let explicitGains = resolveExplicitGains()
    let forbidden = resolveForbidden()
    let links = buildLinks(explicitGains: explicitGains, forbidden: forbidden)
    let pins = resolvePins(links: links, explicitGains: explicitGains, forbidden: forbidden)
    checkObjective()

    guard issues.isEmpty else { return ModelCompilation(model: nil, issues: issues) }
    let model = ParaModel(
      objective: scenario.objective, delayWeight: scenario.delayWeight,
      energyWeight: scenario.energyWeight, layerWeights: scenario.layerWeights,
      nodes: sites.map(modelNode), users: modelUsers(), links: links, pins: pins)
    return ModelCompilation(model: model, issues: [])
  }

  mutating func report(
    _ entity: String, _ attribute: String? = nil, _ message: String, hint: String? = nil
  ) {
    issues.append(ModelIssue(entity: entity, attribute: attribute, message: message, hint: hint))
  }

  // MARK: - Nodes and users

  private mutating func checkNodeNames() {
    var seen: Set<String> = []
    for site in sites {
      if site.name.isEmpty {
        report(site.name, nil, "a \(site.layer.keyword) has an empty name")
      } else if !seen.insert(site.name).inserted {
        report(
          site.name, nil, "duplicate node id '\(site.name)'",
          hint: "every user, server, UAV and satellite needs its own name")
      }
    }
  }

  private func modelNode(_ site: NodeSite) -> ParaModel.Node {
    let resources = site.resources
    // Nothing attaches to a user, so a user lends no bandwidth.
    let bandwidth = site.layer == .user ? 0 : resources.bandwidth
    return ParaModel.Node(
      id: site.name, layer: site.layer, cpu: resources.cpu, kappa: resources.kappa,
      power: resources.transmitPower, bandwidth: bandwidth, capacity: resources.capacity,
      energyBudget: resources.energyBudget)
  }

  private func modelUsers() -> [ParaModel.UserWorkload] {
    scenario.users.enumerated().map { index, user in
      let workload = user.workload
      return ParaModel.UserWorkload(
        node: index, parameters: workload.parameters, samples: workload.samples,
        bitsPerSample: workload.bitsPerSample, cyclesPerSample: workload.cyclesPerSample,
        epochs: workload.epochs, deadline: user.deadline, weight: user.weight,
        shareBounds: user.shareBounds)
    }
  }

  // MARK: - Objective

  /// Section 6: the per-node objective has no maximum unless every present
  /// server layer's share is bounded from below, for every user.
  private mutating func checkObjective() {
    guard scenario.objective == .perNode else { return }
    var missing: [String] = []
    for user in scenario.users {
      let layers = presentServerLayers.filter { layer in
        user.shareBounds.indices.contains(layer.rawValue)
          && !(user.shareBounds[layer.rawValue].lower > 0)
      }
      if !layers.isEmpty {
        missing.append("'\(user.name)' (\(layers.map(\.title).joined(separator: ", ")))")
      }
    }
    guard !missing.isEmpty else { return }

    let shown = missing.prefix(3).joined(separator: ", ")
    let more = missing.count > 3 ? " and \(missing.count - 3) more" : ""
    report(
      "scenario", "objective",
      "the per-node objective needs a share floor on every server layer, missing for \(shown)\(more)",
      hint: "a node's efficiency is unchanged when all its shares are scaled together, so "
        + "without lower bounds on the offloaded shares it has no maximum (it grows as they "
        + "shrink to nothing); bound the share of every server layer from below, or use the "
        + "per-user objective")
  }
}
