import Foundation
import Testing

@testable import SaginModel

/// Hand-computed values of the formulas in model document section 8.
struct ChannelPhysicsTests {
  @Test func slantRangeOfLEO600AtThirtyDegrees() {
    // R sin e = 6371 km * 0.5 = 3185.5 km;
    // sqrt(3185.5^2 + 600^2 + 2 * 600 * 6371) = sqrt(18152610.25) = 4260.588 km;
    // d = 4260.588 - 3185.5 = 1075.088 km.
    let range = ChannelPhysics.slantRange(altitude: 600e3, elevation: 30 * .pi / 180)
    #expect(abs(range - 1_075_088.0169) < 1e-3)
    #expect(abs(range / 1000 - 1075) < 1)
  }

  @Test func slantRangeAtZenithIsTheAltitude() {
    let range = ChannelPhysics.slantRange(altitude: 600e3, elevation: .pi / 2)
    #expect(abs(range - 600e3) < 1e-6)
  }

  @Test func freeSpaceLossOfLEO600AtTwentyGigahertz() {
    // 20 log10(1075088.02) = 120.6289; 20 log10(2e10) = 206.0206;
    // 120.6289 + 206.0206 - 147.55 = 179.0995 dB.
    let range = ChannelPhysics.slantRange(altitude: 600e3, elevation: 30 * .pi / 180)
    let loss = ChannelPhysics.freeSpacePathLossDB(distance: range, frequency: 20e9)
    #expect(abs(loss - 179.1) < 0.05)
    #expect(abs(loss - 179.09948) < 1e-4)
  }

  @Test func freeSpaceLossMatchesTheGigahertzForm() {
    // 32.45 + 20 log10(2) + 20 log10(1000) = 32.45 + 6.0206 + 60 = 98.4706 dB.
    let loss = ChannelPhysics.freeSpacePathLossDB(distance: 1000, frequency: 2e9)
    #expect(abs(loss - 98.4706) < 1e-3)
  }

  @Test func alHouraniUrbanLineOfSightAtFortyFiveDegrees() {
    // Urban a = 9.61, b = 0.16: theta - a = 35.39; b (theta - a) = 5.6624;
    // exp(-5.6624) = 0.0034742; a * 0.0034742 = 0.0333868;
    // P = 1 / 1.0333868 = 0.967692.
    let probability = ChannelPhysics.lineOfSightProbability(
      elevationDegrees: 45, environment: .urban)
    #expect(abs(probability - 0.967692) < 1e-6)
  }

  @Test func alHouraniSuburbanIsAlmostAlwaysLineOfSightAtThirtyDegrees() {
    // a = 4.88, b = 0.43: exp(-0.43 * 25.12) = 2.03669e-5; * 4.88 = 9.9390e-5;
    // P = 1 / 1.000099390 = 0.99990062.
    let probability = ChannelPhysics.lineOfSightProbability(
      elevationDegrees: 30, environment: .suburban)
    #expect(abs(probability - 0.99990062) < 1e-8)
  }

  @Test func alHouraniPathLossAddsTheMeanExcessLoss() {
    // FSPL(150 m, 2 GHz) = 43.5218 + 186.0206 - 147.55 = 81.99243 dB;
    // urban at 45 degrees: + 1 * 0.967692 + 20 * 0.032308 = + 1.613848 dB;
    // PL = 83.60628 dB.
    let loss = ChannelPhysics.airToGroundPathLossDB(
      distance: 150, elevationDegrees: 45, frequency: 2e9, environment: .urban)
    #expect(abs(loss - 83.60628) < 1e-4)
  }

  @Test func umaBreakpointAtThreePointFiveGigahertz() {
    // 4 * (25 - 1) * (1.5 - 1) * 3.5e9 / 299792458 = 1.68e11 / 299792458 = 560.3877 m.
    let breakpoint = ChannelPhysics.umaBreakpointDistance(
      baseStationHeight: 25, userHeight: 1.5, frequency: 3.5e9)
    #expect(abs(breakpoint - 560.3877) < 1e-3)
  }

  @Test func umaBeforeTheBreakpointUsesPL1() {
    // d3D = sqrt(100^2 + 23.5^2) = 102.72415; 22 log10(102.72415) = 44.25680;
    // 20 log10(3.5) = 10.88136; PL1 = 28 + 44.25680 + 10.88136 = 83.13816 dB.
    let loss = ChannelPhysics.umaLineOfSightPathLossDB(
      groundDistance: 100, baseStationHeight: 25, userHeight: 1.5, frequency: 3.5e9)
    #expect(abs(loss - 83.138157) < 1e-5)
  }

  @Test func umaBeyondTheBreakpointUsesPL2() {
    // d3D = sqrt(1000^2 + 23.5^2) = 1000.27609; 40 log10(d3D) = 120.00479;
    // 9 log10(560.3877^2 + 23.5^2) = 9 log10(314586.6) = 49.47966;
    // PL2 = 28 + 120.00480 + 10.88136 - 49.47966 = 109.40649 dB.
    let loss = ChannelPhysics.umaLineOfSightPathLossDB(
      groundDistance: 1000, baseStationHeight: 25, userHeight: 1.5, frequency: 3.5e9)
    #expect(abs(loss - 109.406494) < 1e-5)
  }

  @Test func umaClampsTheGroundDistanceToTenMetres() {
    // d2D = 5 m is taken as 10 m: d3D = sqrt(100 + 552.25) = 25.53919;
    // PL1 = 28 + 22 log10(25.53919) + 10.88136 = 28 + 30.95855 + 10.88136 = 69.83991 dB.
    let near = ChannelPhysics.umaLineOfSightPathLossDB(
      groundDistance: 5, baseStationHeight: 25, userHeight: 1.5, frequency: 3.5e9)
    let atTen = ChannelPhysics.umaLineOfSightPathLossDB(
      groundDistance: 10, baseStationHeight: 25, userHeight: 1.5, frequency: 3.5e9)
    #expect(near == atTen)
    #expect(abs(near - 69.839916) < 1e-5)
  }

  @Test func logDistanceAtHalfAKilometre() {
    // 128.1 + 37.6 log10(0.5) = 128.1 - 37.6 * 0.30103 = 128.1 - 11.31873 = 116.78127 dB.
    let loss = ChannelPhysics.logDistancePathLossDB(distance: 500)
    #expect(abs(loss - 116.781272) < 1e-5)
    #expect(abs(ChannelPhysics.logDistancePathLossDB(distance: 1000) - 128.1) < 1e-12)
  }

  @Test func noiseDensityOfAReceiver() {
    // -174 dBm/Hz = 10^(-17.4) mW/Hz = 3.981e-18 mW/Hz = 3.981e-21 W/Hz;
    // a 7 dB noise figure multiplies it by 10^0.7 = 5.0119: 1.9953e-20 W/Hz.
    let thermal = ChannelPhysics.wattsPerHertz(fromDBmPerHertz: -174)
    #expect(abs(thermal / 3.98107e-21 - 1) < 1e-5)
    let plain = ChannelPhysics.noiseDensity(thermal: thermal, noiseFigureDB: 0)
    #expect(plain == thermal)
    let noisy = ChannelPhysics.noiseDensity(thermal: thermal, noiseFigureDB: 7)
    #expect(abs(noisy / 1.99526e-20 - 1) < 1e-5)
  }

  @Test func zeroDistanceIsAnInfiniteGainNotACrash() {
    let loss = ChannelPhysics.freeSpacePathLossDB(distance: 0, frequency: 2e9)
    #expect(loss == -.infinity)
    #expect(ChannelPhysics.freeSpacePathLossDB(distance: .nan, frequency: 2e9).isNaN)
  }
}
