/// The `sagin-model` interchange document (model document section 12): the
/// compiled problem as JSON, so another tool can rebuild and check the same
/// problem. Keys are written in the order of the spec; numbers are SI, gains
/// linear, and absent limits `null`. `layerWeights` is always written, though
/// only the per-node objective uses it.
extension ParaModel {
  /// The format name and version written and accepted.
  public static let documentFormat = "sagin-model"
  public static let documentVersion = 1

  public func modelDocument() -> JSONValue {
    .object([
      ("format", .string(Self.documentFormat)),
      ("version", .number(Double(Self.documentVersion))),
      ("objective", .string(objective.rawValue)),
      ("weights", .object([("delay", .number(delayWeight)), ("energy", .number(energyWeight))])),
      ("layerWeights", .array(layerWeights.map { .number($0) })),
      ("nodes", .array(nodes.map(document(of:)))),
      ("users", .array(users.map(document(of:)))),
      ("links", .array(links.map(document(of:)))),
      (
        "pinned",
        .array(
          pins.map { pin in
            .object([("from", .string(nodes[pin.from].id)), ("to", .string(nodes[pin.to].id))])
          })
      ),
    ])
  }

  private func document(of node: Node) -> JSONValue {
    .object([
      ("id", .string(node.id)),
      ("layer", .number(Double(node.layer.rawValue))),
      ("cpu", .number(node.cpu)),
      ("kappa", .number(node.kappa)),
      ("power", .number(node.power)),
      ("bandwidth", .number(node.bandwidth)),
      ("capacity", .number(node.capacity.map(Double.init))),
      ("energyBudget", .number(node.energyBudget)),
    ])
  }

  private func document(of user: UserWorkload) -> JSONValue {
    .object([
      ("id", .string(nodes[user.node].id)),
      ("params", .number(user.parameters)),
      ("samples", .number(user.samples)),
      ("bitsPerSample", .number(user.bitsPerSample)),
      ("cyclesPerSample", .number(user.cyclesPerSample)),
      ("epochs", .number(user.epochs)),
      ("deadline", .number(user.deadline)),
      ("weight", .number(user.weight)),
      (
        "shareBounds",
        .array(
          user.shareBounds.map { bound in
            .array([.number(bound.lower), .number(bound.upper)])
          })
      ),
    ])
  }

  private func document(of link: Link) -> JSONValue {
    .object([
      ("from", .string(nodes[link.from].id)),
      ("to", .string(nodes[link.to].id)),
      ("gain", .number(link.gain)),
      ("noiseDensity", .number(link.noiseDensity)),
    ])
  }
}

// Field-wise equality, so a model read back from its document can be
// compared with the one that wrote it. (Synthesis is not available outside
// the file that declares the type.)
extension ParaModel: Equatable {
  public static func == (lhs: ParaModel, rhs: ParaModel) -> Bool {
    lhs.objective == rhs.objective
      && lhs.delayWeight == rhs.delayWeight
      && lhs.energyWeight == rhs.energyWeight
      && lhs.layerWeights == rhs.layerWeights
      && lhs.nodes == rhs.nodes
      && lhs.users == rhs.users
      && lhs.links == rhs.links
      && lhs.pins == rhs.pins
  }
}
