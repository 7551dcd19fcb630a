import Foundation

/// The modelled channel of one link (model document section 8):
/// `G_dB = Gtx_dBi + Grx_dBi - PL_dB - extra`, with the sender's and the
/// receiver's antenna gains, the path loss of the link kind's model and, on
/// satellite links only, the scenario's fixed extra loss.
///
/// The link kind is set by the receiver's layer:
///
/// | receiver | model | carrier |
/// |---|---|---|
/// | ground server | `groundChannel` | `groundCarrier` |
/// | UAV | `airChannel` | `airCarrier` |
/// | satellite | free space over the slant range | `spaceCarrier` |
///
/// A server's own `carrier` overrides its kind's. Geometry per model:
/// - UMa: ground distance (at least 10 m), the receiver as base station and
///   the sender as user terminal, a height of 0 m taken as the standard's
///   25 m (base station) or 1.5 m (terminal);
/// - log-distance: 3D distance, at least 10 m;
/// - Al-Hourani: 3D distance and the elevation of the receiver seen from the
///   sender, in degrees;
/// - free space: 3D distance, or for a satellite the slant range from the
///   sender's height h0 (altitude - h0 over an Earth radius R + h0).
extension ModelCompilerPass {
  /// The modelled gain in dB from `lower` to `upper`; nil when the placements
  /// do not fit the link kind (already reported as an issue).
  func modelledGainDB(from lower: Int, to upper: Int) -> Double? {
    let sender = sites[lower]
    let receiver = sites[upper]
    guard case .located(let position) = sender.placement,
      let pathLoss = pathLossDB(from: position, to: receiver)
    else { return nil }
    return sender.resources.antennaGainDBi + receiver.resources.antennaGainDBi - pathLoss
  }

  /// The channel model and carrier of links arriving at `receiver`.
  func channel(arrivingAt receiver: NodeSite) -> (model: ChannelModel, carrier: Double) {
    var own: Double?
    if case .server(let server) = receiver { own = server.carrier }
    switch receiver.layer {
    case .user, .ground:
      return (scenario.groundChannel, own ?? scenario.groundCarrier)
    case .uav:
      return (scenario.airChannel, own ?? scenario.airCarrier)
    case .satellite:
      return (scenario.spaceChannel, own ?? scenario.spaceCarrier)
    }
  }

  /// Path loss plus extra losses, dB.
  private func pathLossDB(from position: Position, to receiver: NodeSite) -> Double? {
    let (model, frequency) = channel(arrivingAt: receiver)
    switch receiver.placement {
    case .orbit(let altitude, let elevation):
      guard model == .freeSpace else { return nil }
      let range = ChannelPhysics.slantRange(
        altitude: altitude - position.height, elevation: elevation,
        earthRadius: ChannelPhysics.earthRadius + position.height)
      return ChannelPhysics.freeSpacePathLossDB(distance: range, frequency: frequency)
        + scenario.spaceExtraLossDB
    case .located(let receiverPosition):
      return Self.terrestrialPathLossDB(
        model: model, from: position, to: receiverPosition, frequency: frequency)
    }
  }

  /// Path loss between two located nodes under one of the models, dB.
  static func terrestrialPathLossDB(
    model: ChannelModel, from sender: Position, to receiver: Position, frequency: Double
  ) -> Double {
    let groundDistance = sender.groundDistance(to: receiver)
    let distance = sender.distance(to: receiver)
    switch model {
    case .uma:
      let baseHeight =
        receiver.height > 0
        ? receiver.height : ChannelPhysics.umaDefaultBaseStationHeight
      let terminalHeight =
        sender.height > 0
        ? sender.height : ChannelPhysics.umaDefaultUserHeight
      return ChannelPhysics.umaLineOfSightPathLossDB(
        groundDistance: groundDistance, baseStationHeight: baseHeight,
        userHeight: terminalHeight, frequency: frequency)
    case .logDistance:
      return ChannelPhysics.logDistancePathLossDB(
        distance: max(distance, ChannelPhysics.minimumGroundDistance))
    case .alHourani(let environment):
      let elevation = atan2(receiver.height - sender.height, groundDistance) * 180 / Double.pi
      return ChannelPhysics.airToGroundPathLossDB(
        distance: distance, elevationDegrees: elevation, frequency: frequency,
        environment: environment)
    case .freeSpace:
      return ChannelPhysics.freeSpacePathLossDB(distance: distance, frequency: frequency)
    }
  }
}
