import Foundation
import Testing

@testable import SaginModel

/// Scenarios and helpers shared by the compiler and document tests.
enum Fixtures {
  static let degree = Double.pi / 180

  static func workload() -> Workload {
    Workload(
      name: "lora", parameters: 797_184, samples: 500, bitsPerSample: 4e6,
      cyclesPerSample: 2e9, epochs: 1)
  }

  static func user(_ name: String, east: Double, north: Double) -> UserEntity {
    var resources = NodeResources(cpu: 1.5e9, transmitPower: 0.2)
    // Users lend no bandwidth: the compiler must write 0 whatever this says.
    resources.bandwidth = 1e6
    resources.noiseFigureDB = 9
    return UserEntity(
      name: name, position: Position(east: east, north: north, height: 0),
      resources: resources, workload: workload())
  }

  static func server(
    _ name: String, _ layer: Layer, _ placement: ServerPlacement, antenna: Double,
    noiseFigure: Double, coverage: Double? = nil
  ) -> ServerEntity {
    var resources = NodeResources(cpu: 10e9, transmitPower: 10)
    resources.bandwidth = 20e6
    resources.antennaGainDBi = antenna
    resources.noiseFigureDB = noiseFigure
    var server = ServerEntity(name: name, layer: layer, placement: placement, resources: resources)
    server.coverageRadius = coverage
    return server
  }

  /// Two users, one ground server, one UAV and two satellites, declared out
  /// of layer order:
  /// - u1 at the origin, u2 at (300, 400) m, both on the ground, 0 dBi;
  /// - g1 at (100, 0, 0) m, 5 dBi, NF 5 dB, coverage 300 m (u2 is 447.2 m away);
  /// - k1 at (0, 0, 100) m, 3 dBi, NF 6 dB, coverage 600 m;
  /// - s1 at 600 km and 30 degrees, 30 dBi, NF 2 dB;
  /// - s2 at 600 km and 5 degrees, below its 10 degree mask.
  /// Default channels: UMa at 3.5 GHz, Al-Hourani urban at 2 GHz, free
  /// space at 30 GHz plus 2 dB extra loss.
  static func small() -> Scenario {
    var scenario = Scenario()
    scenario.spaceExtraLossDB = 2
    scenario.users = [user("u1", east: 0, north: 0), user("u2", east: 300, north: 400)]
    scenario.servers = [
      server(
        "s1", .satellite, .orbit(altitude: 600e3, elevation: 30 * degree),
        antenna: 30, noiseFigure: 2),
      server(
        "k1", .uav, .located(Position(east: 0, north: 0, height: 100)),
        antenna: 3, noiseFigure: 6, coverage: 600),
      server(
        "g1", .ground, .located(Position(east: 100, north: 0, height: 0)),
        antenna: 5, noiseFigure: 5, coverage: 300),
      server(
        "s2", .satellite, .orbit(altitude: 600e3, elevation: 5 * degree),
        antenna: 30, noiseFigure: 2),
    ]
    return scenario
  }

  /// The model of a scenario that must compile without issues.
  static func compiled(
    _ scenario: Scenario, sourceLocation: SourceLocation = #_sourceLocation
  ) -> ParaModel? {
    let compilation = ModelCompiler.compile(scenario)
    #expect(compilation.issues.isEmpty, "\(compilation.issues)", sourceLocation: sourceLocation)
    return compilation.model
  }

  /// The issues of a scenario that must not compile, as `entity.attribute: message`.
  static func issues(
    _ scenario: Scenario, sourceLocation: SourceLocation = #_sourceLocation
  ) -> [String] {
    let compilation = ModelCompiler.compile(scenario)
    #expect(compilation.model == nil, sourceLocation: sourceLocation)
    return compilation.issues.map(\.description)
  }

  /// Links as `from>to` ids, in model order.
  static func linkNames(_ model: ParaModel) -> [String] {
    model.links.map { "\(model.nodes[$0.from].id)>\(model.nodes[$0.to].id)" }
  }

  static func link(_ model: ParaModel, _ from: String, _ to: String) -> ParaModel.Link? {
    model.links.first { model.nodes[$0.from].id == from && model.nodes[$0.to].id == to }
  }

  static func isClose(_ value: Double, _ expected: Double, relative: Double = 1e-9) -> Bool {
    abs(value - expected) <= relative * abs(expected)
  }
}
