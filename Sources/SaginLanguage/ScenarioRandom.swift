import SaginModel

/// The seeded random draws of the scenario language, identical bit for bit on every machine.
///
/// Every value comes from `SplitMix64` (`next()` gives the next 64-bit output) through the
/// recipes documented on each method, using only IEEE 754 basic arithmetic and
/// `PortableMath`, never the platform's libm. Notation used in the recipes:
///
/// - `next()`: the next SplitMix64 output, a `UInt64`.
/// - `unit()`: `Double(next() >> 11) / 2^53`, uniform in [0, 1) on a grid of 2^-53.
/// - Arithmetic is IEEE 754 double precision, rounded to nearest-even after each operation,
///   evaluated left to right as written; `log`, `sqrt`, `cos`, `sinCos(turns:)` are the
///   functions of `PortableMath`.
///
/// Draws are consumed in the order the recipe lists them. The methods never trap: arguments
/// the language rejects (empty ranges, negative weights, ...) give some defined answer, but
/// the caller is expected to have validated them.
public struct ScenarioRandom: Sendable {
  private var generator: SplitMix64

  /// Draws from `SplitMix64(seed: seed)`.
  public init(seed: UInt64) {
    generator = SplitMix64(seed: seed)
  }

  /// Continues the sequence of `generator`.
  public init(generator: SplitMix64) {
    self.generator = generator
  }

  /// Uniform in [0, 1): one draw, `Double(next() >> 11) / 2^53`.
  public mutating func unit() -> Double {
    generator.unit()
  }

  /// Uniform in [low, high): one draw, `low + (high - low) * unit()`.
  public mutating func uniform(_ low: Double, _ high: Double) -> Double {
    low + (high - low) * unit()
  }

  /// Uniform over the integers `low...high`, without bias.
  ///
  /// Recipe: if `low > high` the two are swapped. If `low == high` the answer is `low` and no
  /// draw is consumed. Otherwise let n = high - low + 1 (as an unsigned 64-bit count; if that
  /// is 2^64, the answer is `low + next()` with wrap-around). Draw x = `next()` until
  /// x < 2^64 - (2^64 mod n); the answer is `low + (x mod n)`.
  public mutating func integer(_ low: Int, _ high: Int) -> Int {
    let (low, high) = low <= high ? (low, high) : (high, low)
    if low == high { return low }
    let span = UInt64(bitPattern: Int64(high &- low))
    if span == UInt64.max { return low &+ Int(truncatingIfNeeded: generator.next()) }
    let n = span + 1
    let rejected = (0 &- n) % n  // 2^64 mod n
    var x = generator.next()
    while x > UInt64.max - rejected {
      x = generator.next()
    }
    return low &+ Int(truncatingIfNeeded: x % n)
  }

  /// Normal with the given mean and standard deviation (Box–Muller, cosine branch).
  ///
  /// Recipe: first draw u1 = `1 - unit()`, in (0, 1], so the logarithm is finite; second draw
  /// u2 = `unit()`. z = `sqrt(-2 * log(u1)) * cos(2 pi u2)` where cos(2 pi u2) is
  /// `sinCos(turns: u2).cos` (reduced exactly from u2). The answer is `mean + deviation * z`.
  /// Each call consumes exactly two draws; the sine branch is not kept for the next call.
  public mutating func normal(mean: Double, deviation: Double) -> Double {
    let u1 = 1 - unit()
    let u2 = unit()
    let radius = PortableMath.sqrt(-2 * PortableMath.log(u1))
    let z = radius * PortableMath.sinCos(turns: u2).cos
    return mean + deviation * z
  }

  /// Uniform in the box [lower.0, upper.0) x [lower.1, upper.1), coordinates (east, north).
  ///
  /// Recipe: east = `uniform(lower.0, upper.0)` (first draw), then
  /// north = `uniform(lower.1, upper.1)` (second draw).
  public mutating func pointInBox(
    lower: (Double, Double), upper: (Double, Double)
  ) -> (Double, Double) {
    let east = uniform(lower.0, upper.0)
    let north = uniform(lower.1, upper.1)
    return (east, north)
  }

  /// Uniform in the disc of `radius` about `center`, coordinates (east, north).
  ///
  /// Recipe: first draw u1 = `unit()`, r = `radius * sqrt(u1)`; second draw u2 = `unit()`,
  /// (s, c) = `sinCos(turns: u2)` (the sine and cosine of 2 pi u2, reduced exactly from u2).
  /// The answer is (`center.0 + r * c`, `center.1 + r * s`).
  public mutating func pointInDisc(center: (Double, Double), radius: Double) -> (Double, Double) {
    let r = radius * PortableMath.sqrt(unit())
    let (s, c) = PortableMath.sinCos(turns: unit())
    return (center.0 + r * c, center.1 + r * s)
  }

  /// A point whose coordinates are independent normals about `center`.
  ///
  /// Recipe: east = `normal(mean: center.0, deviation: deviation)` (draws 1 and 2), then
  /// north = `normal(mean: center.1, deviation: deviation)` (draws 3 and 4).
  public mutating func gaussianPoint(
    center: (Double, Double), deviation: Double
  ) -> (Double, Double) {
    let east = normal(mean: center.0, deviation: deviation)
    let north = normal(mean: center.1, deviation: deviation)
    return (east, north)
  }

  /// A Poisson-distributed count with the given mean, by counting the arrivals of a unit-rate
  /// Poisson process in [0, mean]. The work is proportional to the mean.
  ///
  /// Recipe: if mean is not a finite number greater than 0 the answer is 0 and no draw is
  /// consumed. Otherwise start with sum = 0 and count = 0 and repeat: draw u = `1 - unit()`,
  /// in (0, 1]; sum = `sum + (-log(u))`; if sum > mean, answer count; else count = count + 1.
  /// This consumes count + 1 draws.
  public mutating func poissonCount(mean: Double) -> Int {
    guard mean > 0 && mean.isFinite else { return 0 }
    var sum = 0.0
    var count = 0
    while true {
      let u = 1 - unit()
      sum = sum + -PortableMath.log(u)
      if sum > mean { return count }
      count += 1
    }
  }

  /// A Poisson point process of `density` points per square metre over the box
  /// [lower.0, upper.0) x [lower.1, upper.1) (metres).
  ///
  /// Recipe: area = `abs((upper.0 - lower.0) * (upper.1 - lower.1))`;
  /// n = `poissonCount(mean: density * area)`; then n points, each `pointInBox(lower:upper:)`,
  /// in order.
  public mutating func poissonPointsInBox(
    lower: (Double, Double), upper: (Double, Double), density: Double
  ) -> [(Double, Double)] {
    let area = abs((upper.0 - lower.0) * (upper.1 - lower.1))
    let count = poissonCount(mean: density * area)
    var points: [(Double, Double)] = []
    points.reserveCapacity(count)
    for _ in 0..<count {
      points.append(pointInBox(lower: lower, upper: upper))
    }
    return points
  }

  /// A Poisson point process of `density` points per square metre over the disc of `radius`
  /// metres about `center`.
  ///
  /// Recipe: area = `pi * radius * radius` with pi the double 0x1.921fb54442d18p+1
  /// (`Double.pi`); n = `poissonCount(mean: density * area)`; then n points, each
  /// `pointInDisc(center:radius:)`, in order.
  public mutating func poissonPointsInDisc(
    center: (Double, Double), radius: Double, density: Double
  ) -> [(Double, Double)] {
    let area = Double.pi * radius * radius
    let count = poissonCount(mean: density * area)
    var points: [(Double, Double)] = []
    points.reserveCapacity(count)
    for _ in 0..<count {
      points.append(pointInDisc(center: center, radius: radius))
    }
    return points
  }

  /// Uniform over 0..<count: `integer(0, count - 1)`. A count below 2 gives 0 without a draw.
  public mutating func index(count: Int) -> Int {
    count < 2 ? 0 : integer(0, count - 1)
  }

  /// An index chosen with probability proportional to its weight.
  ///
  /// Recipe: total = weights summed in order from 0; one draw, target = `unit() * total`;
  /// walking the weights in order with a running sum (also from 0, same order), the answer
  /// is the first index whose running sum exceeds target. If none does (which valid weights,
  /// non-negative with a positive sum, never allow), the answer is the last index. An empty
  /// list gives 0 without a draw.
  public mutating func weightedIndex(weights: [Double]) -> Int {
    if weights.isEmpty { return 0 }
    var total = 0.0
    for weight in weights {
      total += weight
    }
    let target = unit() * total
    var running = 0.0
    for (index, weight) in weights.enumerated() {
      running += weight
      if target < running { return index }
    }
    return weights.count - 1
  }
}
