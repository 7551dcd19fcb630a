import Foundation
import SaginModel

@testable import SaginSolver

/// Hand-built models for solver tests, independent of the language front end.
enum Fixtures {
  static let noise = 3.981071705534973e-21

  static func user(_ id: String, cpu: Double = 1.5e9, power: Double = 0.2) -> ParaModel.Node {
    ParaModel.Node(id: id, layer: .user, cpu: cpu, kappa: 1e-28, power: power, bandwidth: 0)
  }

  static func server(
    _ id: String, _ layer: Layer, cpu: Double, power: Double, bandwidth: Double,
    capacity: Int? = nil
  ) -> ParaModel.Node {
    ParaModel.Node(
      id: id, layer: layer, cpu: cpu, kappa: 1e-28, power: power, bandwidth: bandwidth,
      capacity: capacity)
  }

  static func workload(node: Int, deadline: Double? = nil) -> ParaModel.UserWorkload {
    ParaModel.UserWorkload(
      node: node, parameters: 8e5, samples: 100, bitsPerSample: 1e6, cyclesPerSample: 1e9,
      epochs: 1, deadline: deadline)
  }

  /// Two users and one ground server with the same gain to both:
  /// 1 MHz, 0.1 W users, gain 1e-10.
  static func twoUsersOneServer() -> ParaModel {
    let nodes = [
      user("u1"), user("u2"), server("g1", .ground, cpu: 10e9, power: 10, bandwidth: 1e6),
    ]
    return ParaModel(
      objective: .perUser, delayWeight: 1, energyWeight: 1, layerWeights: [1, 1, 1, 1],
      nodes: nodes, users: [workload(node: 0), workload(node: 1)],
      links: [
        .init(from: 0, to: 2, gain: 1e-10, noiseDensity: noise),
        .init(from: 1, to: 2, gain: 1e-10, noiseDensity: noise),
      ], pins: [])
  }

  /// A seeded small instance with ground, UAV and satellite layers present.
  static func layered(seed: UInt64, users userCount: Int, grounds: Int) -> ParaModel {
    var rng = SplitMix64(seed: seed)
    var nodes: [ParaModel.Node] = []
    for k in 0..<userCount {
      nodes.append(user("u\(k + 1)", cpu: rng.uniform(1e9, 2.5e9), power: rng.uniform(0.1, 0.3)))
    }
    for g in 0..<grounds {
      nodes.append(
        server(
          "g\(g + 1)", .ground, cpu: rng.uniform(5e9, 20e9), power: 5,
          bandwidth: rng.uniform(5e6, 20e6), capacity: 2))
    }
    nodes.append(server("k1", .uav, cpu: 8e9, power: 2, bandwidth: 10e6))
    nodes.append(server("s1", .satellite, cpu: 30e9, power: 10, bandwidth: 100e6))
    let uav = userCount + grounds
    let sat = uav + 1
    var links: [ParaModel.Link] = []
    for k in 0..<userCount {
      for g in 0..<grounds where rng.uniform(0, 1) < 0.8 || g == k % grounds {
        links.append(
          .init(from: k, to: userCount + g, gain: pow10(rng.uniform(-11, -9)), noiseDensity: noise))
      }
      if rng.uniform(0, 1) < 0.5 {
        links.append(
          .init(from: k, to: uav, gain: pow10(rng.uniform(-11.5, -10)), noiseDensity: noise))
      }
    }
    for g in 0..<grounds {
      links.append(
        .init(from: userCount + g, to: uav, gain: pow10(rng.uniform(-10, -8)), noiseDensity: noise))
      links.append(
        .init(from: userCount + g, to: sat, gain: pow10(rng.uniform(-13, -12)), noiseDensity: noise)
      )
    }
    links.append(.init(from: uav, to: sat, gain: 1e-12, noiseDensity: noise))
    let users = (0..<userCount).map { workload(node: $0) }
    return ParaModel(
      objective: .perUser, delayWeight: 1, energyWeight: 0.5, layerWeights: [1, 1, 1, 1],
      nodes: nodes, users: users, links: links, pins: [])
  }

  static func pow10(_ x: Double) -> Double { Foundation.pow(10, x) }
}
