import Foundation
import SaginModel

/// Draws from the normal distribution `N(mean, covariance)` that an SDP
/// relaxation defines (`mean = z`, `covariance = Z - z z^T`, the Schur
/// complement of `Y = [1 z^T; z Z]`, which is PSD whenever Y is): Gaussian
/// randomization for rounding.
struct GaussianSampler {
  let mean: [Double]
  /// Lower-triangular factor L with `L L^T ~ covariance`, row-major.
  private let factor: [Double]
  private var spare: Double?

  /// `covariance` is row-major d x d. A Cholesky factorization that treats
  /// pivots below a small threshold as zero (the relaxation's Y is often
  /// rank-deficient, and round-off makes its Schur complement slightly
  /// indefinite): directions without variance are not sampled.
  init(mean: [Double], covariance: [Double]) {
    let d = mean.count
    let trace = (0..<d).reduce(0.0) { $0 + max(covariance[$1 * d + $1], 0) }
    let threshold = 1e-12 * max(trace, 1)
    var l = [Double](repeating: 0, count: d * d)
    for j in 0..<d {
      var pivot = covariance[j * d + j]
      for k in 0..<j { pivot -= l[j * d + k] * l[j * d + k] }
      guard pivot > threshold else { continue }
      let root = pivot.squareRoot()
      l[j * d + j] = root
      for i in (j + 1)..<d {
        var sum = covariance[i * d + j]
        for k in 0..<j { sum -= l[i * d + k] * l[j * d + k] }
        l[i * d + j] = sum / root
      }
    }
    self.mean = mean
    self.factor = l
  }

  /// A standard normal deviate (Box-Muller, both values used).
  private mutating func normal(_ random: inout SplitMix64) -> Double {
    if let value = spare {
      spare = nil
      return value
    }
    let u = max(random.unit(), 1e-300)
    let v = random.unit()
    let radius = (-2 * log(u)).squareRoot()
    spare = radius * sin(2 * Double.pi * v)
    return radius * cos(2 * Double.pi * v)
  }

  mutating func sample(_ random: inout SplitMix64) -> [Double] {
    let d = mean.count
    var g = [Double](repeating: 0, count: d)
    for i in 0..<d { g[i] = normal(&random) }
    var x = mean
    for i in 0..<d {
      for k in 0...i where factor[i * d + k] != 0 { x[i] += factor[i * d + k] * g[k] }
    }
    return x
  }
}
