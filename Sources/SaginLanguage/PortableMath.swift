/// Elementary functions that give the same bit pattern on every machine.
///
/// The platform's `exp`, `log`, `sin` and `cos` come from its C library and may differ in
/// the last bit between platforms, which would make seeded scenarios differ too. These
/// versions use only operations that IEEE 754 specifies exactly: `+ - * /`, square root,
/// comparisons, conversions between integers and doubles, rounding to an integer, and exact
/// bit manipulation. They never use a fused multiply-add, and Swift never contracts `a * b + c`
/// into one, so every intermediate result is fixed by the standard.
///
/// Accuracy: over the whole domain, including subnormal results and huge arguments of `sin`
/// and `cos`, the results are within 0.51 ulp of the true value in tests against 300-bit
/// arithmetic (so at most 1 ulp from a correctly rounded library, and usually equal to it).
/// Intermediate values are carried as unevaluated sums of two doubles ("double-double",
/// about 106 bits) wherever a rounding error would otherwise reach the result.
public enum PortableMath {
  /// e raised to `x`.
  ///
  /// Method: x = k ln 2 + r with k = round(x / ln 2), |r| <= ln 2 / 2, where r is found in
  /// double-double with ln 2 split into three parts (the first with trailing zero bits so
  /// that k times it is exact). exp(r) is the Taylor series to degree 15, its first three
  /// terms summed in double-double. The result is scaled by 2^k exactly, with one correct
  /// rounding for subnormal results. `exp(x)` is +inf above 709.8 and 0 below -745.2.
  public static func exp(_ x: Double) -> Double {
    if x.isNaN { return x }
    if x > 709.8 { return .infinity }
    if x < -745.2 { return 0 }
    let (value, k) = expReduced(DD(x))
    return compose(value, timesPowerOfTwo: k)
  }

  /// The natural logarithm of `x`: nan for negative `x`, -inf for zero.
  ///
  /// Method: x = 2^e m with m in [sqrt(1/2), sqrt(2)], f = (m - 1) / (m + 1) in double-double,
  /// log m = 2 atanh f = 2 (f + f^3/3 + f^5/5 + ... + f^25/25), log x = e ln 2 + log m, all
  /// summed in double-double and rounded once.
  public static func log(_ x: Double) -> Double {
    if let special = logSpecial(x) { return special }
    return logDD(x).hi
  }

  /// The base-10 logarithm of `x`: log(x) times 1 / ln 10, both in double-double.
  public static func log10(_ x: Double) -> Double {
    if let special = logSpecial(x) { return special }
    return (logDD(x) * inverseLn10).hi
  }

  /// The square root of `x`, which IEEE 754 itself specifies to be correctly rounded.
  public static func sqrt(_ x: Double) -> Double {
    x.squareRoot()
  }

  /// `x` raised to `y`, with the special cases of C's `pow` (`pow(x, 0) = 1` and
  /// `pow(1, y) = 1` even for nan, `pow(-8, 1/3)` is nan, `pow(0, -1) = inf`, ...).
  ///
  /// Method: when `y` is an integer with |y| <= 64, repeated squaring of the significand of
  /// |x| in double-double (then one division for negative `y`), with the power of two
  /// applied exactly; so results that are representable, such as `pow(10, 3)` or
  /// `pow(2, -3)`, are exact. Otherwise exp(y log |x|) with y log |x| formed in double-double.
  /// A negative `x` needs an integer `y`; the result is negative when `y` is odd.
  public static func pow(_ x: Double, _ y: Double) -> Double {
    if y == 0 || x == 1 { return 1 }
    if x.isNaN || y.isNaN { return .nan }
    if y.isInfinite {
      let magnitude = Swift.abs(x)
      if magnitude == 1 { return 1 }
      return (magnitude < 1) == (y > 0) ? 0 : .infinity
    }
    let yIsInteger = y.rounded(.towardZero) == y
    let half = y * 0.5
    let yIsOdd = yIsInteger && half.rounded(.towardZero) != half
    if x == 0 {
      if y < 0 { return yIsOdd ? 1 / x : .infinity }
      return yIsOdd ? x : 0
    }
    if x.isInfinite {
      let magnitude = y < 0 ? 0 : Double.infinity
      return x < 0 && yIsOdd ? -magnitude : magnitude
    }
    if x < 0 && !yIsInteger { return .nan }
    let magnitude: Double
    if yIsInteger && Swift.abs(y) <= 64 {
      magnitude = integerPower(Swift.abs(x), Int(y))
    } else {
      magnitude = exponentialPower(Swift.abs(x), y)
    }
    return x < 0 && yIsOdd ? -magnitude : magnitude
  }

  /// The sine of `x` (radians).
  ///
  /// Method: |x| <= pi/4 goes straight to the kernel. Otherwise the argument is reduced
  /// exactly in the Payne-Hanek way: the 53-bit integer significand of |x| is multiplied,
  /// in 64-bit integer arithmetic, by a 192-bit window of the binary expansion of 2/pi
  /// (1,280 bits are stored), which gives x (2/pi) modulo 4 with an absolute error below
  /// 2^-137. That is far below the closest any double comes to a multiple of pi/2 (about
  /// 2^-61), so the reduced argument keeps more than 70 correct bits, and the stated accuracy
  /// holds for every finite `x`, however large, not only for small ones. The kernel is the
  /// Taylor series in double-double for its first two terms. Infinite `x` gives nan.
  public static func sin(_ x: Double) -> Double {
    if !x.isFinite { return .nan }
    let magnitude = Swift.abs(x)
    if magnitude < 0x1p-27 { return x }
    if magnitude <= quarterPi { return sinKernel(DD(x)) }
    let (quadrant, r) = reduceQuadrants(magnitude)
    let value = sinOf(quadrant: quadrant, r)
    return x < 0 ? -value : value
  }

  /// The cosine of `x` (radians), reduced as described for `sin(_:)`, with the same accuracy
  /// for every finite `x`. Infinite `x` gives nan.
  public static func cos(_ x: Double) -> Double {
    if !x.isFinite { return .nan }
    let magnitude = Swift.abs(x)
    if magnitude < 0x1p-27 { return 1 }
    if magnitude <= quarterPi { return cosKernel(DD(x)) }
    let (quadrant, r) = reduceQuadrants(magnitude)
    return cosOf(quadrant: quadrant, r)
  }

  /// The sine and cosine of the angle 2 pi `turns`, reduced exactly from `turns` itself rather
  /// than from a rounded angle: t = 4 turns (exact), q = t rounded to the nearest integer,
  /// f = t - q (exact, in [-1/2, 1/2]), r = f pi/2 in double-double; the quadrant q mod 4
  /// picks the signs. So a quarter turn gives exactly (1, 0), and any |turns| >= 2^52 (a whole
  /// number of turns) gives (0, 1). Non-finite `turns` gives nans.
  public static func sinCos(turns: Double) -> (sin: Double, cos: Double) {
    if !turns.isFinite { return (.nan, .nan) }
    if Swift.abs(turns) >= 0x1p52 { return (0, 1) }
    let t = turns * 4
    let q = t.rounded(.toNearestOrEven)
    let f = t - q
    var quadrant = Int(q.truncatingRemainder(dividingBy: 4))
    if quadrant < 0 { quadrant += 4 }
    let r = DD(f) * halfPi
    return (sinOf(quadrant: quadrant, r), cosOf(quadrant: quadrant, r))
  }
}

// MARK: - Double-double arithmetic

/// An unevaluated sum `hi + lo` with |lo| <= ulp(hi) / 2, about 106 significant bits.
private struct DD {
  var hi: Double
  var lo: Double

  init(_ hi: Double, _ lo: Double = 0) {
    self.hi = hi
    self.lo = lo
  }

  init(_ pair: (Double, Double)) {
    hi = pair.0
    lo = pair.1
  }

  static prefix func - (a: DD) -> DD {
    DD(-a.hi, -a.lo)
  }

  static func + (a: DD, b: DD) -> DD {
    let (s, e) = twoSum(a.hi, b.hi)
    let (t, f) = twoSum(a.lo, b.lo)
    let (s1, e1) = quickTwoSum(s, e + t)
    return DD(quickTwoSum(s1, e1 + f))
  }

  static func - (a: DD, b: DD) -> DD {
    a + -b
  }

  static func * (a: DD, b: DD) -> DD {
    let (p, e) = twoProduct(a.hi, b.hi)
    return DD(quickTwoSum(p, e + (a.hi * b.lo + a.lo * b.hi)))
  }

  /// Long division: three quotient digits, each corrected against the exact remainder.
  static func / (a: DD, b: DD) -> DD {
    let q1 = a.hi / b.hi
    let r1 = a - b * DD(q1)
    let q2 = r1.hi / b.hi
    let r2 = r1 - b * DD(q2)
    let q3 = r2.hi / b.hi
    return DD(quickTwoSum(q1, q2)) + DD(q3)
  }
}

/// `a + b` as the rounded sum and its exact error (Knuth).
@inline(__always) private func twoSum(_ a: Double, _ b: Double) -> (Double, Double) {
  let s = a + b
  let bVirtual = s - a
  let aVirtual = s - bVirtual
  return (s, (a - aVirtual) + (b - bVirtual))
}

/// `a + b` as the rounded sum and its exact error, when |a| >= |b| or a is zero (Dekker).
@inline(__always) private func quickTwoSum(_ a: Double, _ b: Double) -> (Double, Double) {
  let s = a + b
  return (s, b - (s - a))
}

/// `a` as two halves of at most 26 significant bits each (Veltkamp), for |a| < 2^995.
@inline(__always) private func split(_ a: Double) -> (Double, Double) {
  let c = 134_217_729 * a  // 2^27 + 1
  let hi = c - (c - a)
  return (hi, a - hi)
}

/// `a * b` as the rounded product and its exact error, without a fused multiply-add (Dekker).
@inline(__always) private func twoProduct(_ a: Double, _ b: Double) -> (Double, Double) {
  let p = a * b
  let (aHi, aLo) = split(a)
  let (bHi, bLo) = split(b)
  let error = ((aHi * bHi - p) + aHi * bLo + aLo * bHi) + aLo * bLo
  return (p, error)
}

// MARK: - Constants

extension PortableMath {
  /// ln 2 in three parts; the first has 42 significant bits, so `k * part` is exact for
  /// |k| < 2^11.
  fileprivate static let ln2Parts = (
    0x1.62e42fefa3800p-1, 0x1.ef35793c76730p-45, 0x1.f97b57a079a19p-103
  )
  fileprivate static let inverseLn2 = 0x1.71547652b82fep+0
  fileprivate static let inverseLn10 = DD(0x1.bcb7b1526e50ep-2, 0x1.95355baaafad3p-57)
  fileprivate static let halfPi = DD(0x1.921fb54442d18p+0, 0x1.1a62633145c07p-54)
  /// pi/4 rounded down to a double.
  fileprivate static let quarterPi = 0x1.921fb54442d18p-1
  fileprivate static let oneThird = DD(0x1.5555555555555p-2, 0x1.5555555555555p-56)
  fileprivate static let oneFifth = DD(0x1.999999999999ap-3, -0x1.999999999999ap-57)
  fileprivate static let oneSixth = DD(0x1.5555555555555p-3, 0x1.5555555555555p-57)
  fileprivate static let oneTwentyFourth = DD(0x1.5555555555555p-5, 0x1.5555555555555p-59)
  fileprivate static let sqrt2 = 0x1.6a09e667f3bcdp+0

  /// The fractional binary digits of 2/pi, 64 to a word, most significant first.
  fileprivate static let twoOverPiBits: [UInt64] = [
    0xA2F9_836E_4E44_1529, 0xFC27_57D1_F534_DDC0, 0xDB62_9599_3C43_9041, 0xFE51_63AB_DEBB_C561,
    0xB724_6E3A_424D_D2E0, 0x0649_2EEA_09D1_921C, 0xFE1D_EB1C_B129_A73E, 0xE882_35F5_2EBB_4484,
    0xE99C_7026_B45F_7E41, 0x3991_D639_8353_39F4, 0x9C84_5F8B_BDF9_283B, 0x1FF8_97FF_DE05_980F,
    0xEF2F_118B_5A0A_6D1F, 0x6D36_7ECF_27CB_09B7, 0x4F46_3F66_9E5F_EA2D, 0x7527_BAC7_EBE5_F17B,
    0x3D07_39F7_8A52_92EA, 0x6BFB_5FB1_1F8D_5D08, 0x5603_3046_FC7B_6BAB, 0xF0CF_BC20_9AF4_361D,
  ]
}

// MARK: - Kernels

extension PortableMath {
  /// 2^n for -1022 <= n <= 1023, built from its bits.
  fileprivate static func powerOfTwo(_ n: Int) -> Double {
    Double(sign: .plus, exponentBitPattern: UInt(n + 1023), significandBitPattern: 0)
  }

  /// `value` (positive, normalized) times 2^k, rounded once: exact scaling for normal results,
  /// +inf on overflow, and rounding to nearest-even on the subnormal grid otherwise.
  fileprivate static func compose(_ value: DD, timesPowerOfTwo k: Int) -> Double {
    let e = value.hi.exponent
    let hi = value.hi * powerOfTwo(-Int(e))
    let lo = value.lo * powerOfTwo(-Int(e))
    let total = k + Int(e)
    if total > 1023 { return .infinity }
    if total >= -1022 { return hi * powerOfTwo(total) }
    if total < -1076 { return 0 }
    // Count in units of the smallest subnormal, 2^-1074.
    let units = hi * powerOfTwo(total + 1074)
    let unitsLow = lo * powerOfTwo(total + 1074)
    var n = units.rounded(.toNearestOrEven)
    let remainder = (units - n) + unitsLow
    let nIsOdd = n.truncatingRemainder(dividingBy: 2) != 0
    if remainder > 0.5 || (remainder == 0.5 && nIsOdd) {
      n += 1
    } else if remainder < -0.5 || (remainder == -0.5 && nIsOdd) {
      n -= 1
    }
    return n * Double.leastNonzeroMagnitude
  }

  /// exp(x) as a double-double in [0.7, 1.5) and a power of two, for |x.hi| <= 746.
  fileprivate static func expReduced(_ x: DD) -> (DD, Int) {
    let k = (x.hi * inverseLn2).rounded(.toNearestOrEven)
    var (s, t) = twoSum(x.hi, -(k * ln2Parts.0))
    let (p, pError) = twoProduct(k, ln2Parts.1)
    let (s2, t2) = twoSum(s, -p)
    s = s2
    t = ((t + t2) - pError) - k * ln2Parts.2 + x.lo
    let (rh, rl) = quickTwoSum(s, t)
    // exp(rh + rl) = 1 + rh + rh^2/2 + rh^3 P(rh) + rl exp(rh), P the rest of the series.
    var tail = 1 / 1_307_674_368_000.0
    tail = 1 / 87_178_291_200 + rh * tail
    tail = 1 / 6_227_020_800 + rh * tail
    tail = 1 / 479_001_600 + rh * tail
    tail = 1 / 39_916_800 + rh * tail
    tail = 1 / 3_628_800 + rh * tail
    tail = 1 / 362_880 + rh * tail
    tail = 1 / 40_320 + rh * tail
    tail = 1 / 5_040 + rh * tail
    tail = 1 / 720 + rh * tail
    tail = 1 / 120 + rh * tail
    tail = 1 / 24 + rh * tail
    tail = 1 / 6 + rh * tail
    let (square, squareError) = twoProduct(rh, rh)
    let halfSquare = 0.5 * square
    let small = 0.5 * squareError + square * rh * tail + rl * ((1 + rh) + halfSquare)
    let (a, aError) = quickTwoSum(1, rh)
    let (b, bError) = twoSum(a, halfSquare)
    let value = DD(quickTwoSum(b, (aError + bError) + small))
    return (value, Int(k))
  }

  /// The answer for nan, negative, zero and infinite arguments of a logarithm, else nil.
  fileprivate static func logSpecial(_ x: Double) -> Double? {
    if x.isNaN || x < 0 { return .nan }
    if x == 0 { return -.infinity }
    if x == .infinity { return x }
    return nil
  }

  /// log(x) in double-double for finite positive `x`.
  fileprivate static func logDD(_ x: Double) -> DD {
    var m = x
    var e = 0
    if m < Double.leastNormalMagnitude {
      m *= 0x1p54
      e = -54
    }
    e += Int(m.exponent)
    m = m.significand
    if m > sqrt2 {
      m *= 0.5
      e += 1
    }
    let f = DD(m - 1) / DD(twoSum(m, 1))  // m - 1 is exact for m in [1/2, 2]
    let f2 = f * f
    let h = f2.hi
    // log m = 2 (f + f^3 S), S = 1/3 + f^2/5 + f^4/7 + ...; the first two terms in double-double.
    var rest = 1.0 / 25
    rest = 1 / 23 + h * rest
    rest = 1 / 21 + h * rest
    rest = 1 / 19 + h * rest
    rest = 1 / 17 + h * rest
    rest = 1 / 15 + h * rest
    rest = 1 / 13 + h * rest
    rest = 1 / 11 + h * rest
    rest = 1 / 9 + h * rest
    rest = 1 / 7 + h * rest
    let series = oneThird + f2 * (oneFifth + DD(twoProduct(h, rest)))
    let logM = f + f * f2 * series
    let k = Double(e)
    let (p, pError) = twoProduct(k, ln2Parts.1)
    let eLn2 = DD(k * ln2Parts.0) + DD(p, pError + k * ln2Parts.2)
    return eLn2 + DD(2 * logM.hi, 2 * logM.lo)
  }

  /// `x`^n for finite positive `x` and |n| <= 64.
  fileprivate static func integerPower(_ x: Double, _ n: Int) -> Double {
    var m = x
    var e = 0
    if m < Double.leastNormalMagnitude {
      m *= 0x1p54
      e = -54
    }
    e += Int(m.exponent)
    var base = DD(m.significand)
    var result = DD(1)
    var remaining = Swift.abs(n)
    while remaining > 0 {
      if remaining & 1 == 1 { result = result * base }
      remaining >>= 1
      if remaining > 0 { base = base * base }
    }
    if n < 0 { result = DD(1) / result }
    return compose(result, timesPowerOfTwo: e * n)
  }

  /// exp(y log x) for finite positive `x` other than 1 and finite `y`.
  fileprivate static func exponentialPower(_ x: Double, _ y: Double) -> Double {
    let logX = logDD(x)
    let estimate = y * logX.hi
    if estimate > 709.8 { return .infinity }
    if estimate < -745.2 { return 0 }
    let (p, pError) = twoProduct(y, logX.hi)
    let product = DD(quickTwoSum(p, pError + y * logX.lo))
    let (value, k) = expReduced(product)
    return compose(value, timesPowerOfTwo: k)
  }

  /// sin(r) for |r| <= pi/4 + a little: r - r^3/6 in double-double plus the rest of the
  /// Taylor series to degree 21 in double.
  fileprivate static func sinKernel(_ r: DD) -> Double {
    let r2 = r * r
    let r3 = r2 * r
    let h = r2.hi
    var tail = 1 / 51_090_942_171_709_440_000.0
    tail = 1 / 121_645_100_408_832_000 - h * tail
    tail = 1 / 355_687_428_096_000 - h * tail
    tail = 1 / 1_307_674_368_000 - h * tail
    tail = 1 / 6_227_020_800 - h * tail
    tail = 1 / 39_916_800 - h * tail
    tail = 1 / 362_880 - h * tail
    tail = 1 / 5_040 - h * tail
    tail = 1 / 120 - h * tail
    let rest = r3.hi * h * tail
    return (r - r3 * oneSixth + DD(rest)).hi
  }

  /// cos(r) for |r| <= pi/4 + a little: 1 - r^2/2 + r^4/24 in double-double plus the rest of
  /// the Taylor series to degree 22 in double.
  fileprivate static func cosKernel(_ r: DD) -> Double {
    let r2 = r * r
    let r4 = r2 * r2
    let h = r2.hi
    var tail = 1 / 1_124_000_727_777_607_680_000.0
    tail = 1 / 2_432_902_008_176_640_000 - h * tail
    tail = 1 / 6_402_373_705_728_000 - h * tail
    tail = 1 / 20_922_789_888_000 - h * tail
    tail = 1 / 87_178_291_200 - h * tail
    tail = 1 / 479_001_600 - h * tail
    tail = 1 / 3_628_800 - h * tail
    tail = 1 / 40_320 - h * tail
    tail = 1 / 720 - h * tail
    let rest = -(r4.hi * h * tail)
    let halfR2 = DD(0.5 * r2.hi, 0.5 * r2.lo)
    return (DD(1) - halfR2 + r4 * oneTwentyFourth + DD(rest)).hi
  }

  /// sin((quadrant + r / (pi/2)) pi/2); never gives -0 for a zero result.
  fileprivate static func sinOf(quadrant: Int, _ r: DD) -> Double {
    switch quadrant & 3 {
    case 0: return sinKernel(r)
    case 1: return cosKernel(r)
    case 2: return 0 - sinKernel(r)
    default: return 0 - cosKernel(r)
    }
  }

  /// cos((quadrant + r / (pi/2)) pi/2); never gives -0 for a zero result.
  fileprivate static func cosOf(quadrant: Int, _ r: DD) -> Double {
    switch quadrant & 3 {
    case 0: return cosKernel(r)
    case 1: return 0 - sinKernel(r)
    case 2: return 0 - cosKernel(r)
    default: return sinKernel(r)
    }
  }

  /// 64 consecutive bits of 2/pi starting `index` bits after the binary point (bits before
  /// the point, at negative indices, are zero).
  fileprivate static func twoOverPiWord(at index: Int) -> UInt64 {
    if index <= -64 { return 0 }
    if index < 0 { return twoOverPiBits[0] >> UInt64(-index) }
    let word = index / 64
    let shift = index % 64
    let first = word < twoOverPiBits.count ? twoOverPiBits[word] : 0
    if shift == 0 { return first }
    let second = word + 1 < twoOverPiBits.count ? twoOverPiBits[word + 1] : 0
    return (first << UInt64(shift)) | (second >> UInt64(64 - shift))
  }

  /// Reduces `x` > pi/4 (finite) to quadrant + r / (pi/2) with |r| <= pi/4 (Payne-Hanek).
  fileprivate static func reduceQuadrants(_ x: Double) -> (Int, DD) {
    // x = m 2^e with m a 53-bit integer. Bits of 2/pi more than e - 2 places after the point
    // multiply m 2^e into a multiple of 4, which does not change the angle, so the window
    // starts there: x (2/pi) mod 4 = (m * window mod 2^192) / 2^190, plus less than 2^-137.
    let m = x.significandBitPattern | (1 << 52)
    let e = Int(x.exponent) - 52
    let start = e - 2
    let (h2, l2) = m.multipliedFullWidth(by: twoOverPiWord(at: start + 128))
    let (h1, l1) = m.multipliedFullWidth(by: twoOverPiWord(at: start + 64))
    let l0 = m &* twoOverPiWord(at: start)
    let (w2, carry) = h2.addingReportingOverflow(l1)
    let w1 = l0 &+ h1 &+ (carry ? 1 : 0)
    let w3 = l2
    var quadrant = Int(w1 >> 62)
    // The fraction, 192 bits after the point.
    var a = (w1 << 2) | (w2 >> 62)
    var b = (w2 << 2) | (w3 >> 62)
    var c = w3 << 2
    var negative = false
    if a >> 63 == 1 {  // fraction >= 1/2: take the next quadrant and a negative fraction
      quadrant += 1
      negative = true
      a = ~a
      b = ~b
      c = ~c
      var overflow: Bool
      (c, overflow) = c.addingReportingOverflow(1)
      if overflow {
        (b, overflow) = b.addingReportingOverflow(1)
        if overflow { a &+= 1 }
      }
    }
    var shift = 0
    while a == 0 && shift < 192 {
      (a, b, c) = (b, c, 0)
      shift += 64
    }
    if a == 0 { return (quadrant, DD(0)) }
    let zeros = a.leadingZeroBitCount
    if zeros > 0 {
      a = (a << UInt64(zeros)) | (b >> UInt64(64 - zeros))
      b = (b << UInt64(zeros)) | (c >> UInt64(64 - zeros))
      shift += zeros
    }
    // a has its top bit set; the fraction is (a + b 2^-64) 2^-64-shift.
    let hi = Double(a >> 11) * 0x1p-53
    let lo = Double(((a & 0x7FF) << 53) | (b >> 11)) * 0x1p-117
    let scale = powerOfTwo(-shift)
    let fraction = DD(quickTwoSum(hi * scale, lo * scale))
    let r = fraction * halfPi
    return (quadrant, negative ? -r : r)
  }
}
