/// The compiled PARA optimization problem (model document sections 1-7 and
/// the `sagin-model` interchange document of section 12). Everything is SI
/// and every gain is linear: the solver needs nothing else, and another tool
/// can rebuild the same problem from its JSON form.
public struct ParaModel: Sendable {
  public var objective: ObjectiveKind
  /// `w_T` (1/s) and `w_E` (1/J).
  public var delayWeight: Double
  public var energyWeight: Double
  /// Per-node objective weights of layers 0...3.
  public var layerWeights: [Double]
  /// Users first, then servers; `users[k].node` indexes this array.
  public var nodes: [Node]
  public var users: [UserWorkload]
  /// Every allowed attachment (reachable, not forbidden) from a node to a
  /// node of a higher layer.
  public var links: [Link]
  public var pins: [Attachment]

  public init(
    objective: ObjectiveKind, delayWeight: Double, energyWeight: Double,
    layerWeights: [Double], nodes: [Node], users: [UserWorkload], links: [Link],
    pins: [Attachment]
  ) {
    self.objective = objective
    self.delayWeight = delayWeight
    self.energyWeight = energyWeight
    self.layerWeights = layerWeights
    self.nodes = nodes
    self.users = users
    self.links = links
    self.pins = pins
  }

  /// A node of any layer with its budgets.
  public struct Node: Sendable, Equatable {
    public var id: String
    public var layer: Layer
    /// CPU capacity, cycles/s.
    public var cpu: Double
    /// Effective switched capacitance, J s^2 / cycle^3.
    public var kappa: Double
    /// Transmit power budget, W.
    public var power: Double
    /// Receive bandwidth budget, Hz.
    public var bandwidth: Double
    public var capacity: Int?
    /// Energy budget, J.
    public var energyBudget: Double?

    public init(
      id: String, layer: Layer, cpu: Double, kappa: Double, power: Double, bandwidth: Double,
      capacity: Int? = nil, energyBudget: Double? = nil
    ) {
      self.id = id
      self.layer = layer
      self.cpu = cpu
      self.kappa = kappa
      self.power = power
      self.bandwidth = bandwidth
      self.capacity = capacity
      self.energyBudget = energyBudget
    }
  }

  /// A user's workload and constraints.
  public struct UserWorkload: Sendable, Equatable {
    /// Index into `nodes`.
    public var node: Int
    public var parameters: Double
    public var samples: Double
    public var bitsPerSample: Double
    public var cyclesPerSample: Double
    public var epochs: Double
    /// Deadline, s.
    public var deadline: Double?
    public var weight: Double
    /// Lower and upper share bound per layer 0...3.
    public var shareBounds: [ShareBound]

    public init(
      node: Int, parameters: Double, samples: Double, bitsPerSample: Double,
      cyclesPerSample: Double, epochs: Double, deadline: Double? = nil, weight: Double = 1,
      shareBounds: [ShareBound] = Array(repeating: ShareBound(), count: 4)
    ) {
      self.node = node
      self.parameters = parameters
      self.samples = samples
      self.bitsPerSample = bitsPerSample
      self.cyclesPerSample = cyclesPerSample
      self.epochs = epochs
      self.deadline = deadline
      self.weight = weight
      self.shareBounds = shareBounds
    }

    /// `W_i = D_i c_i e_i`, total training cycles.
    public var totalCycles: Double { samples * cyclesPerSample * epochs }
    /// `V_i = D_i s_i`, data volume in bits.
    public var dataBits: Double { samples * bitsPerSample }
    /// `Q_i = P_i D_i e_i`, parameter updates.
    public var parameterVolume: Double { parameters * samples * epochs }
  }

  /// An allowed attachment with its channel.
  public struct Link: Sendable, Equatable {
    public var from: Int
    public var to: Int
    /// Linear channel power gain, antenna gains included.
    public var gain: Double
    /// Receiver noise power spectral density, W/Hz.
    public var noiseDensity: Double

    public init(from: Int, to: Int, gain: Double, noiseDensity: Double) {
      self.from = from
      self.to = to
      self.gain = gain
      self.noiseDensity = noiseDensity
    }

    /// Gain over noise density `g / N0`, 1/(W/Hz): the figure the greedy start ranks by.
    public var gainOverNoise: Double { gain / noiseDensity }
  }

  /// An attachment between two node indices.
  public struct Attachment: Sendable, Equatable, Hashable {
    public var from: Int
    public var to: Int

    public init(from: Int, to: Int) {
      self.from = from
      self.to = to
    }
  }
}

extension ParaModel {
  /// Index of the node with this id, if any.
  public func nodeIndex(of id: String) -> Int? {
    nodes.firstIndex { $0.id == id }
  }
}
