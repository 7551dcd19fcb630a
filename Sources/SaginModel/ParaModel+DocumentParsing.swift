/// Reading a `sagin-model` document back into a `ParaModel`, for
/// `sagin solve MODEL.json` and for documents written by other tools.
///
/// Everything is validated, and the first problem is reported with its JSON
/// path: the format and version; the objective; finite non-negative numbers
/// (positive samples, cycles per sample, epochs, deadlines and noise
/// densities, which the model divides by); known layer numbers; unique node
/// ids; one user entry per layer-0 node and no other; share bounds as four
/// pairs with 0 <= lower <= upper <= 1 whose floors add up to at most 1;
/// links between known nodes going to a higher layer, each pair once; pins
/// that are links, at most one per node. Keys beyond those of the spec are
/// ignored. Nodes are stably sorted by layer, so users come first as the
/// model requires; a document written by `modelDocument()` is already in
/// that order.
///
/// Limitation: pins beyond a server's capacity are accepted here (the
/// document can describe an infeasible problem); the solver reports them.
extension ParaModel {
  public static func parse(modelDocument text: String) throws(ModelDocumentError) -> ParaModel {
    let root = try ModelDocumentReader.value(of: text)
    return try ModelDocumentParser(root: root).model()
  }
}

/// The model-specific half of document parsing; `ModelDocumentReader` does
/// the typed access.
private struct ModelDocumentParser {
  typealias Failure = ModelDocumentError
  let root: JSONValue
  let reader = ModelDocumentReader()

  func model() throws(Failure) -> ParaModel {
    _ = try reader.object(root, "")
    try checkHeader()
    let objectiveName = try reader.string(try field(root, "objective", ""), "objective")
    guard let objective = ObjectiveKind(rawValue: objectiveName) else {
      throw Failure(
        path: "objective",
        message: "expected 'per-user' or 'per-node', found '\(objectiveName)'")
    }
    let weights = try field(root, "weights", "")
    let delayWeight = try reader.number(try field(weights, "delay", "weights"), "weights.delay")
    let energyWeight = try reader.number(try field(weights, "energy", "weights"), "weights.energy")
    if delayWeight == 0 && energyWeight == 0 {
      throw Failure(path: "weights", message: "the delay and energy weights are both 0")
    }
    let layerWeightValues = try field(root, "layerWeights", "")
    let layerWeights = try reader.array(layerWeightValues, "layerWeights", count: 4)
      .enumerated().map { index, value throws(Failure) in
        try reader.number(value, "layerWeights[\(index)]")
      }

    let nodes = try readNodes()
    var indexByID: [String: Int] = [:]
    for (index, node) in nodes.enumerated() {
      indexByID[node.id] = index
    }
    let users = try readUsers(nodes: nodes, indexByID: indexByID)
    let links = try readLinks(nodes: nodes, indexByID: indexByID)
    let pins = try readPins(links: links, indexByID: indexByID)
    return ParaModel(
      objective: objective, delayWeight: delayWeight, energyWeight: energyWeight,
      layerWeights: layerWeights, nodes: nodes, users: users, links: links, pins: pins)
  }

  private func field(
    _ value: JSONValue, _ key: String, _ path: String
  ) throws(Failure) -> JSONValue {
    try reader.member(value, key, path)
  }

  private func checkHeader() throws(Failure) {
    let format = try field(root, "format", "")
    guard case .string(ParaModel.documentFormat) = format else {
      throw reader.mismatch("'\(ParaModel.documentFormat)'", format, "format")
    }
    let version = try field(root, "version", "")
    guard case .number(Double(ParaModel.documentVersion)) = version else {
      throw Failure(
        path: "version",
        message:
          "expected version \(ParaModel.documentVersion), found \(ModelDocumentReader.summary(of: version))"
      )
    }
  }

  // MARK: - Sections

  private func readNodes() throws(Failure) -> [ParaModel.Node] {
    var nodes: [ParaModel.Node] = []
    var seen: Set<String> = []
    for (index, entry) in try reader.array(try field(root, "nodes", ""), "nodes").enumerated() {
      let path = "nodes[\(index)]"
      let id = try reader.string(try field(entry, "id", path), "\(path).id")
      guard !id.isEmpty else {
        throw Failure(path: "\(path).id", message: "expected a node id, found ''")
      }
      guard seen.insert(id).inserted else {
        throw Failure(path: "\(path).id", message: "duplicate node id '\(id)'")
      }
      let layerValue = try field(entry, "layer", path)
      guard case .number(let number) = layerValue, let layer = Layer(exactly: number) else {
        throw reader.mismatch("a layer 0, 1, 2 or 3", layerValue, "\(path).layer")
      }
      let capacityValue = try field(entry, "capacity", path)
      let capacity =
        capacityValue == .null
        ? nil : try reader.count(capacityValue, "\(path).capacity")
      nodes.append(
        ParaModel.Node(
          id: id, layer: layer,
          cpu: try reader.number(try field(entry, "cpu", path), "\(path).cpu"),
          kappa: try reader.number(try field(entry, "kappa", path), "\(path).kappa"),
          power: try reader.number(try field(entry, "power", path), "\(path).power"),
          bandwidth: try reader.number(try field(entry, "bandwidth", path), "\(path).bandwidth"),
          capacity: capacity,
          energyBudget: try reader.optionalNumber(
            try field(entry, "energyBudget", path), "\(path).energyBudget")))
    }
    // Stable: users first, then servers layer by layer, document order within a layer.
    return nodes.enumerated()
      .sorted { ($0.element.layer, $0.offset) < ($1.element.layer, $1.offset) }
      .map(\.element)
  }

  private func readUsers(
    nodes: [ParaModel.Node], indexByID: [String: Int]
  ) throws(Failure) -> [ParaModel.UserWorkload] {
    var users: [ParaModel.UserWorkload] = []
    var covered: Set<Int> = []
    for (index, entry) in try reader.array(try field(root, "users", ""), "users").enumerated() {
      let path = "users[\(index)]"
      let id = try reader.string(try field(entry, "id", path), "\(path).id")
      guard let node = indexByID[id] else {
        throw Failure(path: "\(path).id", message: "unknown node '\(id)'")
      }
      guard nodes[node].layer == .user else {
        throw Failure(
          path: "\(path).id",
          message:
            "'\(id)' is a layer-\(nodes[node].layer.rawValue) node, expected a user (layer 0)")
      }
      guard covered.insert(node).inserted else {
        throw Failure(path: "\(path).id", message: "a second entry for user '\(id)'")
      }
      func number(_ key: String, positive: Bool = false) throws(Failure) -> Double {
        try reader.number(try field(entry, key, path), "\(path).\(key)", positive: positive)
      }
      users.append(
        ParaModel.UserWorkload(
          node: node, parameters: try number("params"),
          samples: try number("samples", positive: true),
          bitsPerSample: try number("bitsPerSample"),
          cyclesPerSample: try number("cyclesPerSample", positive: true),
          epochs: try number("epochs", positive: true),
          deadline: try reader.optionalNumber(
            try field(entry, "deadline", path), "\(path).deadline", positive: true),
          weight: try number("weight"),
          shareBounds: try readShareBounds(
            try field(entry, "shareBounds", path), "\(path).shareBounds")))
    }
    let uncovered = nodes.indices.first { nodes[$0].layer == .user && !covered.contains($0) }
    if let missing = uncovered {
      throw Failure(path: "users", message: "no entry for user node '\(nodes[missing].id)'")
    }
    return users
  }

  private func readShareBounds(_ value: JSONValue, _ path: String) throws(Failure) -> [ShareBound] {
    var bounds: [ShareBound] = []
    for (index, pair) in try reader.array(value, path, count: 4).enumerated() {
      let pairPath = "\(path)[\(index)]"
      let ends = try reader.array(pair, pairPath, count: 2)
      let lower = try reader.number(ends[0], "\(pairPath)[0]")
      let upper = try reader.number(ends[1], "\(pairPath)[1]")
      guard lower <= upper, upper <= 1 else {
        throw Failure(
          path: pairPath,
          message:
            "expected 0 <= lower <= upper <= 1, found [\(ModelIssue.describe(lower)), \(ModelIssue.describe(upper))]"
        )
      }
      bounds.append(ShareBound(lower: lower, upper: upper))
    }
    let floors = bounds.reduce(0) { $0 + $1.lower }
    if floors > 1 + 1e-12 {
      throw Failure(
        path: path,
        message: "the share floors add up to \(ModelIssue.describe(floors)), more than 1")
    }
    return bounds
  }

  private func readLinks(
    nodes: [ParaModel.Node], indexByID: [String: Int]
  ) throws(Failure) -> [ParaModel.Link] {
    var links: [ParaModel.Link] = []
    var seen: Set<ParaModel.Attachment> = []
    for (index, entry) in try reader.array(try field(root, "links", ""), "links").enumerated() {
      let path = "links[\(index)]"
      let pair = try readPair(entry, path, indexByID: indexByID)
      guard nodes[pair.to].layer > nodes[pair.from].layer else {
        throw Failure(
          path: path,
          message:
            "link from '\(nodes[pair.from].id)' to '\(nodes[pair.to].id)' does not go to a higher layer"
        )
      }
      guard seen.insert(pair).inserted else {
        throw Failure(
          path: path,
          message: "a second link from '\(nodes[pair.from].id)' to '\(nodes[pair.to].id)'")
      }
      links.append(
        ParaModel.Link(
          from: pair.from, to: pair.to,
          gain: try reader.number(try field(entry, "gain", path), "\(path).gain", positive: true),
          noiseDensity: try reader.number(
            try field(entry, "noiseDensity", path), "\(path).noiseDensity", positive: true)))
    }
    return links
  }

  private func readPins(
    links: [ParaModel.Link], indexByID: [String: Int]
  ) throws(Failure) -> [ParaModel.Attachment] {
    let linked = Set(links.map { ParaModel.Attachment(from: $0.from, to: $0.to) })
    var pins: [ParaModel.Attachment] = []
    var pinnedFrom: Set<Int> = []
    for (index, entry) in try reader.array(try field(root, "pinned", ""), "pinned").enumerated() {
      let path = "pinned[\(index)]"
      let pair = try readPair(entry, path, indexByID: indexByID)
      guard linked.contains(pair) else {
        throw Failure(path: path, message: "the pinned attachment is not among the links")
      }
      guard pinnedFrom.insert(pair.from).inserted else {
        throw Failure(path: "\(path).from", message: "a node may be pinned once only")
      }
      pins.append(pair)
    }
    return pins
  }

  private func readPair(
    _ entry: JSONValue, _ path: String, indexByID: [String: Int]
  ) throws(Failure) -> ParaModel.Attachment {
    var ends: [Int] = []
    for key in ["from", "to"] {
      let id = try reader.string(try field(entry, key, path), "\(path).\(key)")
      guard let index = indexByID[id] else {
        throw Failure(path: "\(path).\(key)", message: "unknown node '\(id)'")
      }
      ends.append(index)
    }
    return ParaModel.Attachment(from: ends[0], to: ends[1])
  }
}

extension Layer {
  /// The layer numbered `number`, if it is one of 0...3.
  init?(exactly number: Double) {
    guard number == number.rounded(), let layer = Layer(rawValue: Int(exactly: number) ?? -1) else {
      return nil
    }
    self = layer
  }
}
