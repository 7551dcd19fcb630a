/// A scenario after elaboration: every entity of a `.sagin` file with its
/// attributes in SI units (m, s, Hz, W, J, bit, cycle), before any channel
/// physics is applied. The language front end builds it; `ModelCompiler`
/// turns it into a `ParaModel`.
public struct Scenario: Sendable {
  public var name: String = "scenario"
  /// Delay weight `w_T` in 1/s and energy weight `w_E` in 1/J.
  public var delayWeight: Double = 1
  public var energyWeight: Double = 1
  public var objective: ObjectiveKind = .perUser
  /// Per-node objective weights of layers 0...3.
  public var layerWeights: [Double] = [1, 1, 1, 1]
  /// Thermal noise density in W/Hz before a receiver's noise figure
  /// (-174 dBm/Hz unless the scenario says otherwise).
  public var thermalNoiseDensity: Double = 3.981071705534973e-21
  public var groundChannel = ChannelModel.uma
  public var airChannel = ChannelModel.alHourani(.urban)
  public var spaceChannel = ChannelModel.freeSpace
  /// Carrier frequency (Hz) of each link kind; a satellite may override its own.
  public var groundCarrier: Double = 3.5e9
  public var airCarrier: Double = 2.0e9
  public var spaceCarrier: Double = 30e9
  /// Fixed extra loss (dB) added on satellite links: atmosphere, scintillation.
  public var spaceExtraLossDB: Double = 0
  /// Whether users may attach straight to a UAV or a satellite, and ground
  /// servers straight to a satellite, skipping a present layer.
  public var allowsLayerSkipping = false
  public var users: [UserEntity] = []
  /// Ground servers, UAVs and satellites, in declaration order.
  public var servers: [ServerEntity] = []
  public var explicitGains: [ExplicitGain] = []
  public var pins: [AttachmentRule] = []
  public var forbidden: [AttachmentRule] = []

  public init() {}
}

/// A position in a local frame: east and north in metres from the scenario
/// origin, height above ground in metres.
public struct Position: Sendable, Equatable {
  public var east: Double
  public var north: Double
  public var height: Double

  public init(east: Double, north: Double, height: Double) {
    self.east = east
    self.north = north
    self.height = height
  }

  /// Straight-line distance in metres.
  public func distance(to other: Position) -> Double {
    let de = east - other.east
    let dn = north - other.north
    let dh = height - other.height
    return (de * de + dn * dn + dh * dh).squareRoot()
  }

  /// Ground (horizontal) distance in metres.
  public func groundDistance(to other: Position) -> Double {
    let de = east - other.east
    let dn = north - other.north
    return (de * de + dn * dn).squareRoot()
  }
}

/// Radio and compute attributes shared by every node kind.
public struct NodeResources: Sendable {
  /// CPU capacity `F_n`, cycles/s.
  public var cpu: Double
  /// Effective switched capacitance `kappa_n`, J s^2 / cycle^3.
  public var kappa: Double = 1e-28
  /// Transmit power budget `P_n`, W.
  public var transmitPower: Double
  /// Receive bandwidth budget `B_n`, Hz (0 for users: nothing attaches to them).
  public var bandwidth: Double = 0
  /// Antenna gain in dBi, used for both transmitting and receiving.
  public var antennaGainDBi: Double = 0
  /// Receiver noise figure in dB.
  public var noiseFigureDB: Double = 0
  /// How many lower-layer nodes may attach; nil for no limit.
  public var capacity: Int? = nil
  /// Energy budget `Ebar_n`, J; nil for none.
  public var energyBudget: Double? = nil

  public init(cpu: Double, transmitPower: Double) {
    self.cpu = cpu
    self.transmitPower = transmitPower
  }
}

/// A mobile user with its PEFT workload and constraints.
public struct UserEntity: Sendable {
  public var name: String
  public var position: Position
  public var resources: NodeResources
  public var workload: Workload
  /// Deadline `Lbar_i`, s; nil for none.
  public var deadline: Double? = nil
  /// Objective weight `lambda_i`.
  public var weight: Double = 1
  /// Bounds on the share trained at each layer 0...3, fractions in [0, 1].
  public var shareBounds: [ShareBound] = Array(repeating: ShareBound(), count: 4)

  public init(name: String, position: Position, resources: NodeResources, workload: Workload) {
    self.name = name
    self.position = position
    self.resources = resources
    self.workload = workload
  }
}

/// Lower and upper bound on one layer's share of a user's data.
public struct ShareBound: Sendable, Equatable {
  public var lower: Double
  public var upper: Double

  public init(lower: Double = 0, upper: Double = 1) {
    self.lower = lower
    self.upper = upper
  }
}

/// A PEFT training workload (model document section 3).
public struct Workload: Sendable {
  public var name: String
  /// Trainable parameters `P_i`.
  public var parameters: Double
  /// Training samples `D_i`.
  public var samples: Double
  /// Bits per sample `s_i`.
  public var bitsPerSample: Double
  /// CPU cycles per sample per epoch `c_i`.
  public var cyclesPerSample: Double
  /// Epochs `e_i`.
  public var epochs: Double

  public init(
    name: String, parameters: Double, samples: Double, bitsPerSample: Double,
    cyclesPerSample: Double, epochs: Double
  ) {
    self.name = name
    self.parameters = parameters
    self.samples = samples
    self.bitsPerSample = bitsPerSample
    self.cyclesPerSample = cyclesPerSample
    self.epochs = epochs
  }

  /// LoRA adds `rank * (d_in + d_out)` trainable parameters per adapted matrix.
  public static func loraParameters(rank: Int, matrices: [(dIn: Int, dOut: Int, count: Int)])
    -> Double
  {
    matrices.reduce(0.0) { sum, m in sum + Double(rank) * Double(m.dIn + m.dOut) * Double(m.count) }
  }
}

/// Where a server sits: a ground server or UAV at a position, or a satellite
/// seen from the scenario area at an elevation angle.
public enum ServerPlacement: Sendable {
  case located(Position)
  /// Altitude above the Earth's surface (m) and elevation angle seen from the
  /// scenario area (radians).
  case orbit(altitude: Double, elevation: Double)
}

/// A ground server, UAV or satellite.
public struct ServerEntity: Sendable {
  public var name: String
  public var layer: Layer
  public var placement: ServerPlacement
  public var resources: NodeResources
  /// Coverage radius (m, ground distance) for ground servers and UAVs; nil for unlimited.
  public var coverageRadius: Double? = nil
  /// Minimum elevation angle (radians) at which a satellite can be reached.
  public var minimumElevation: Double = 10 * Double.pi / 180
  /// Carrier frequency (Hz) of links arriving at this server, overriding the link kind's.
  public var carrier: Double? = nil

  public init(name: String, layer: Layer, placement: ServerPlacement, resources: NodeResources) {
    self.name = name
    self.layer = layer
    self.placement = placement
    self.resources = resources
  }
}

/// The channel model of one link kind (model document section 8).
public enum ChannelModel: Sendable, Equatable {
  /// 3GPP TR 38.901 urban macro, line of sight.
  case uma
  /// `128.1 + 37.6 log10(d / 1 km)` dB.
  case logDistance
  /// Al-Hourani air-to-ground model in one of four environments.
  case alHourani(AirEnvironment)
  /// Free-space path loss over the straight (or slant) range.
  case freeSpace
}

/// Environments of the Al-Hourani air-to-ground model with their
/// parameters (a, b, eta_LoS dB, eta_NLoS dB).
public enum AirEnvironment: String, CaseIterable, Sendable {
  case suburban
  case urban
  case denseUrban = "dense-urban"
  case highRise = "high-rise"

  public var parameters: (a: Double, b: Double, etaLoS: Double, etaNLoS: Double) {
    switch self {
    case .suburban: return (4.88, 0.43, 0.1, 21)
    case .urban: return (9.61, 0.16, 1, 20)
    case .denseUrban: return (12.08, 0.11, 1.6, 23)
    case .highRise: return (27.23, 0.08, 2.3, 34)
    }
  }
}

/// A channel gain given explicitly between two named nodes, in dB
/// (antenna gains included), replacing the channel model for that link.
public struct ExplicitGain: Sendable {
  public var from: String
  public var to: String
  public var gainDB: Double

  public init(from: String, to: String, gainDB: Double) {
    self.from = from
    self.to = to
    self.gainDB = gainDB
  }
}

/// A pinned or forbidden attachment from a node to a node of a higher layer.
public struct AttachmentRule: Sendable, Equatable {
  public var from: String
  public var to: String

  public init(from: String, to: String) {
    self.from = from
    self.to = to
  }
}
