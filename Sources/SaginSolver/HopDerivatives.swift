import Foundation

/// Value, gradient and Hessian of a function of three inner variables.
struct ThreeVariableJet {
  var value = 0.0
  var gradient = [0.0, 0.0, 0.0]
  /// Symmetric 3 x 3, row-major.
  var hessian = [Double](repeating: 0, count: 9)
}

/// Time and energy of one hop as functions of (S, b^, p^): the bits it
/// carries, and bandwidth and power scaled by the receiver's bandwidth budget
/// B and the sender's power budget P (b = B b^, p = P p^).
///
/// With `z = gamma p / b`, `gamma = g / N0`, the rate `r = b log2(1 + z)` has
///   r_b = (ln(1+z) - z/(1+z)) / ln 2,        r_p = gamma / ((1+z) ln 2),
///   r_bb = -z^2 / (b (1+z)^2 ln 2),          r_pp = -gamma^2 / (b (1+z)^2 ln 2),
///   r_bp = gamma z / (b (1+z)^2 ln 2),
/// a rank-one negative semidefinite Hessian (r is jointly concave).
/// Time `t = S / r` and energy `e = p t` follow by the quotient and product
/// rules. Requires b > 0 and p > 0 (the solver keeps both above a floor).
struct HopDerivatives {
  var time = ThreeVariableJet()
  var energy = ThreeVariableJet()

  init(
    bits S: Double, scaledBandwidth bh: Double, scaledPower ph: Double,
    bandwidthBudget B: Double, powerBudget P: Double, gainOverNoise gamma: Double
  ) {
    let b = B * bh
    let p = P * ph
    let z = gamma * p / b
    let ln2 = M_LN2
    let logTerm = log1p(z)
    let r = b * logTerm / ln2
    let denominator = b * (1 + z) * (1 + z) * ln2
    // Derivatives of r with respect to the scaled variables.
    let rb = B * (logTerm - z / (1 + z)) / ln2
    let rp = P * gamma / ((1 + z) * ln2)
    let rbb = B * B * (-z * z / denominator)
    let rpp = P * P * (-gamma * gamma / denominator)
    let rbp = B * P * (gamma * z / denominator)

    let r2 = r * r
    let r3 = r2 * r
    let t = S / r
    let tS = 1 / r
    let tb = -S * rb / r2
    let tp = -S * rp / r2
    let tSb = -rb / r2
    let tSp = -rp / r2
    let tbb = S * (2 * rb * rb / r3 - rbb / r2)
    let tpp = S * (2 * rp * rp / r3 - rpp / r2)
    let tbp = S * (2 * rb * rp / r3 - rbp / r2)
    time.value = t
    time.gradient = [tS, tb, tp]
    time.hessian = [0, tSb, tSp, tSb, tbb, tbp, tSp, tbp, tpp]

    // e = P p^ t.
    let pp = P * ph
    energy.value = pp * t
    energy.gradient = [pp * tS, pp * tb, P * t + pp * tp]
    let eSb = pp * tSb
    let eSp = P * tS + pp * tSp
    let ebb = pp * tbb
    let ebp = P * tb + pp * tbp
    let epp = 2 * P * tp + pp * tpp
    energy.hessian = [0, eSb, eSp, eSb, ebb, ebp, eSp, ebp, epp]
  }
}

/// Time and energy of computing one share, as functions of (x, f^):
/// `tau = x W / (F f^)` and `E = kappa (F f^)^2 x W`.
struct ComputeDerivatives {
  var time = (value: 0.0, dx: 0.0, df: 0.0, dxf: 0.0, dff: 0.0)
  var energy = (value: 0.0, dx: 0.0, df: 0.0, dxf: 0.0, dff: 0.0)

  init(share x: Double, scaledFrequency fh: Double, cycles W: Double, cpu F: Double, kappa: Double)
  {
    let f = F * fh
    time = (
      x * W / f, W / f, -x * W * F / (f * f), -W * F / (f * f), 2 * x * W * F * F / (f * f * f)
    )
    energy = (
      kappa * f * f * x * W, kappa * f * f * W, 2 * kappa * F * f * x * W,
      2 * kappa * F * f * W, 2 * kappa * F * F * x * W
    )
  }
}
