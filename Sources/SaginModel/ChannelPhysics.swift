import Foundation

/// Path loss, geometry and noise formulas of the channel models in model
/// document section 8. Every function is pure: distances in metres,
/// frequencies in hertz, losses and gains in dB unless a name says otherwise.
///
/// Apart from the UMa limits documented there, no function clamps or
/// validates its input: `ModelCompiler` checks the scenario first. A zero
/// distance gives a loss of minus infinity, and NaN propagates as NaN.
public enum ChannelPhysics {
  /// Speed of light in vacuum, m/s.
  public static let speedOfLight = 299_792_458.0
  /// Mean Earth radius used for slant ranges, m.
  public static let earthRadius = 6_371_000.0
  /// 3GPP TR 38.901 UMa base station height used when a ground server sits at 0 m.
  public static let umaDefaultBaseStationHeight = 25.0
  /// 3GPP TR 38.901 UMa user terminal height used when a user sits at 0 m.
  public static let umaDefaultUserHeight = 1.5
  /// The shortest ground distance the UMa and log-distance models accept, m;
  /// TR 38.901 defines UMa from 10 m on.
  public static let minimumGroundDistance = 10.0

  // MARK: - Conversions

  /// `10^(dB / 10)`: a power ratio in dB as a linear ratio.
  public static func linear(fromDB decibels: Double) -> Double {
    pow(10, decibels / 10)
  }

  /// `10 log10(x)`: a linear power ratio in dB (minus infinity at 0).
  public static func decibels(fromLinear ratio: Double) -> Double {
    10 * log10(ratio)
  }

  /// A noise density given in dBm/Hz in W/Hz: `10^((N - 30) / 10)`.
  /// -174 dBm/Hz is 3.98e-21 W/Hz.
  public static func wattsPerHertz(fromDBmPerHertz density: Double) -> Double {
    linear(fromDB: density - 30)
  }

  /// Noise power spectral density of a receiver, W/Hz:
  /// `N0 = thermal * 10^(NF / 10)` with the thermal density in W/Hz
  /// (kT, -174 dBm/Hz at 290 K) and the receiver's noise figure NF in dB.
  public static func noiseDensity(thermal: Double, noiseFigureDB: Double) -> Double {
    thermal * linear(fromDB: noiseFigureDB)
  }

  // MARK: - Free space and satellites

  /// Free-space path loss (Friis), dB:
  /// `FSPL = 20 log10(d) + 20 log10(f) - 147.55`, d in m, f in Hz, where
  /// -147.55 dB is `20 log10(4 pi / c)`. Equivalent to
  /// `32.45 + 20 log10(f_GHz) + 20 log10(d_m)`.
  public static func freeSpacePathLossDB(distance: Double, frequency: Double) -> Double {
    20 * log10(distance) + 20 * log10(frequency) - 147.55
  }

  /// Slant range from a point on a sphere of radius R to a satellite at
  /// altitude h above it, seen at elevation e (radians), m:
  /// `d = sqrt(R^2 sin^2 e + h^2 + 2 h R) - R sin e`
  /// (law of cosines in the Earth-centre triangle, as in ITU-R S.1257).
  /// At e = 90 degrees d = h. For an observer at height h0 above the
  /// surface, pass `altitude: h - h0, earthRadius: R + h0`.
  public static func slantRange(
    altitude: Double, elevation: Double, earthRadius: Double = earthRadius
  ) -> Double {
    let radiusSine = earthRadius * sin(elevation)
    let square = radiusSine * radiusSine + altitude * altitude + 2 * altitude * earthRadius
    return square.squareRoot() - radiusSine
  }

  // MARK: - Air to ground (Al-Hourani)

  /// Line-of-sight probability of the Al-Hourani air-to-ground model:
  /// `P_LoS = 1 / (1 + a exp(-b (theta - a)))`, theta the elevation angle in
  /// degrees, (a, b) from the environment (A. Al-Hourani, S. Kandeepan,
  /// S. Lardner, "Optimal LAP altitude for maximum coverage", IEEE Wireless
  /// Communications Letters 3(6), 2014). The result lies in (0, 1).
  public static func lineOfSightProbability(
    elevationDegrees theta: Double, environment: AirEnvironment
  ) -> Double {
    let (a, b, _, _) = environment.parameters
    return 1 / (1 + a * exp(-b * (theta - a)))
  }

  /// Mean Al-Hourani air-to-ground path loss, dB:
  /// `PL = FSPL(d, f) + eta_LoS P_LoS + eta_NLoS (1 - P_LoS)`, d the 3D
  /// distance in m, theta the elevation in degrees, eta the excess losses
  /// (dB) of the environment.
  public static func airToGroundPathLossDB(
    distance: Double, elevationDegrees theta: Double, frequency: Double,
    environment: AirEnvironment
  ) -> Double {
    let (_, _, etaLoS, etaNLoS) = environment.parameters
    let lineOfSight = lineOfSightProbability(elevationDegrees: theta, environment: environment)
    let freeSpace = freeSpacePathLossDB(distance: distance, frequency: frequency)
    return freeSpace + etaLoS * lineOfSight + etaNLoS * (1 - lineOfSight)
  }

  // MARK: - Terrestrial

  /// 3GPP TR 38.901 (V17, table 7.4.1-1) urban macro line-of-sight path loss, dB:
  ///
  ///     PL1 = 28.0 + 22 log10(d3D) + 20 log10(fc)                 10 m <= d2D <= d'BP
  ///     PL2 = 28.0 + 40 log10(d3D) + 20 log10(fc)
  ///           - 9 log10(d'BP^2 + (hBS - hUT)^2)                   d'BP <= d2D <= 5 km
  ///
  /// with fc in GHz, distances in m, `d3D = sqrt(d2D^2 + (hBS - hUT)^2)` and
  /// the breakpoint `d'BP = 4 h'BS h'UT fc / c` (fc in Hz) over effective
  /// heights `h' = h - 1 m`. The standard's shadow fading is left out: this is
  /// the mean loss.
  ///
  /// Limitation: the standard defines the model for 10 m <= d2D <= 5 km,
  /// 1.5 m <= hUT <= 22.5 m and hBS = 25 m. Below 10 m this function uses
  /// 10 m; beyond 5 km it extrapolates PL2; effective heights below 0 are
  /// taken as 0 (so the breakpoint is 0 and PL2 applies).
  public static func umaLineOfSightPathLossDB(
    groundDistance: Double, baseStationHeight: Double, userHeight: Double, frequency: Double
  ) -> Double {
    let groundDistance = max(groundDistance, minimumGroundDistance)
    let heightDifference = baseStationHeight - userHeight
    let distance = (groundDistance * groundDistance + heightDifference * heightDifference)
      .squareRoot()
    let frequencyGHz = frequency / 1e9
    let breakpoint = umaBreakpointDistance(
      baseStationHeight: baseStationHeight, userHeight: userHeight, frequency: frequency)

    if groundDistance <= breakpoint {
      return 28.0 + 22 * log10(distance) + 20 * log10(frequencyGHz)
    }
    let breakpointTerm = breakpoint * breakpoint + heightDifference * heightDifference
    return 28.0 + 40 * log10(distance) + 20 * log10(frequencyGHz) - 9 * log10(breakpointTerm)
  }

  /// The UMa breakpoint distance `d'BP = 4 h'BS h'UT fc / c`, m, with
  /// effective heights `h' = max(h - 1 m, 0)` and fc in Hz.
  public static func umaBreakpointDistance(
    baseStationHeight: Double, userHeight: Double, frequency: Double
  ) -> Double {
    let effectiveBase = max(baseStationHeight - 1, 0)
    let effectiveUser = max(userHeight - 1, 0)
    return 4 * effectiveBase * effectiveUser * frequency / speedOfLight
  }

  /// Log-distance macro-cell path loss, dB: `PL = 128.1 + 37.6 log10(d / 1 km)`,
  /// d in m (3GPP TR 36.814, table A.2.1.1.2-3, calibrated at 2 GHz, so it
  /// does not depend on the carrier).
  public static func logDistancePathLossDB(distance: Double) -> Double {
    128.1 + 37.6 * log10(distance / 1000)
  }
}
