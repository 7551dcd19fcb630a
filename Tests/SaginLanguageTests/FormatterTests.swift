import Foundation
import Testing

@testable import SaginLanguage

/// Formats `text`, recording any diagnostic as a failure.
private func format(
  _ text: String, sourceLocation: SourceLocation = #_sourceLocation
) -> String? {
  let (result, diagnostics) = SaginLanguage.Formatter.format(
    SourceFile(path: "test.sagin", text: text))
  for diagnostic in diagnostics {
    Issue.record(
      "unexpected diagnostic: \(diagnostic.rendered(colour: false))",
      sourceLocation: sourceLocation)
  }
  return result
}

/// The tree dump of a text that must parse cleanly.
private func tree(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
  let (tree, diagnostics) = dump(text)
  #expect(diagnostics.isEmpty, "\(diagnostics)", sourceLocation: sourceLocation)
  return tree
}

/// `before` formats to `after`; `after` is a fixed point; both parse to the same tree.
private func expectLayout(
  _ before: String, _ after: String, sourceLocation: SourceLocation = #_sourceLocation
) {
  guard let result = format(before, sourceLocation: sourceLocation) else {
    Issue.record("refused to format", sourceLocation: sourceLocation)
    return
  }
  #expect(result == after, sourceLocation: sourceLocation)
  #expect(format(after, sourceLocation: sourceLocation) == after, sourceLocation: sourceLocation)
  #expect(
    tree(before, sourceLocation: sourceLocation) == tree(result, sourceLocation: sourceLocation),
    sourceLocation: sourceLocation)
}

@Suite struct FormatterTests {
  // MARK: - Spacing

  @Test func spacesAroundOperatorsAndAfterCommas() {
    expectLayout(
      """
      param users=3
      let xs=[ 1 ,2,3 ]
      let t=( 1 km ,2 km )
      let y=a*b+c/d -e
      let z=x ^ 2
      let r=1 .. users
      let c=a<=b and b!=c or not(a==b)
      let d = a>b or a<b or a>=b
      sweep g1 . bandwidth over [10,20] MHz { solve }
      gain u1->g1=-95dB
      pin "phone A"->g1

      """,
      """
      param users = 3
      let xs = [1, 2, 3]
      let t = (1 km, 2 km)
      let y = a * b + c / d - e
      let z = x^2
      let r = 1..users
      let c = a <= b and b != c or not (a == b)
      let d = a > b or a < b or a >= b
      sweep g1.bandwidth over [10, 20] MHz { solve }
      gain u1 -> g1 = -95 dB
      pin "phone A" -> g1

      """)
  }

  @Test func numbersAndUnits() {
    expectLayout(
      """
      noise -174dBm/Hz
      delay-weight 1/s
      energy-weight 0.5   /J
      share local>=20%
      carrier air 2GHz
      let bw = [10,20]MHz
      let f = [1, 2]%
      let v = x in km/s
      let w = x in /s
      let n = 4_194_304
      let k = 1e-28

      """,
      """
      noise -174 dBm/Hz
      delay-weight 1 /s
      energy-weight 0.5 /J
      share local >= 20 %
      carrier air 2 GHz
      let bw = [10, 20] MHz
      let f = [1, 2] %
      let v = x in km/s
      let w = x in /s
      let n = 4_194_304
      let k = 1e-28

      """)
  }

  @Test func unaryMinusAndSubtraction() {
    expectLayout(
      """
      let a = 5 -3
      let b = x-y
      let c = x -y
      let d = -( x + 1 )
      let e = - x
      let f = - 3
      let g = x - -3
      let h = 2^-1
      let i = --x
      let j = [-1, - 2]
      if x > -3 { print -x }

      """,
      """
      let a = 5 - 3
      let b = x-y
      let c = x - y
      let d = -(x + 1)
      let e = -x
      let f = - 3
      let g = x - -3
      let h = 2^-1
      let i = - -x
      let j = [-1, - 2]
      if x > -3 { print -x }

      """)
  }

  @Test func callsIndexesAndKeywordParentheses() {
    expectLayout(
      """
      let sites = [( 0 m,0 m ), (1 km, 1 km)]
      let p = uniform-disc( (0 m,0 m) ,2 km )
      let q = sites [2]
      let r = (sites) [1]
      let s = sqrt(x)[1]
      let e = f(1, 2,)
      user u1 { at(0 m, 0 m); cpu 1 GHz; power 1 W; workload w }
      user u2 { at sites[1]; cpu 1 GHz; power 1 W; workload w }

      """,
      """
      let sites = [(0 m, 0 m), (1 km, 1 km)]
      let p = uniform-disc((0 m, 0 m), 2 km)
      let q = sites[2]
      let r = (sites)[1]
      let s = sqrt(x)[1]
      let e = f(1, 2)
      user u1 { at (0 m, 0 m); cpu 1 GHz; power 1 W; workload w }
      user u2 { at sites[1]; cpu 1 GHz; power 1 W; workload w }

      """)
  }

  @Test func lineBreaksInsideBracketsAreKeptAsContinuationLines() {
    expectLayout(
      """
      server g1 {
        at (0 m,
            0 m,
            25 m)
        cpu 1 GHz; bandwidth 1 MHz; power 1 W
      }
      let xs = [
        1,
        2,
      ]

      """,
      """
      server g1 {
        at (0 m,
          0 m,
          25 m)
        cpu 1 GHz
        bandwidth 1 MHz
        power 1 W
      }
      let xs = [
        1,
        2
      ]

      """)
  }

  // MARK: - Blocks and indentation

  @Test func oneLineBlocksStayOnOneLine() {
    expectLayout(
      """
      workload w {parameters 1 M;samples 100 ;sample-size 1 MB; cycles-per-sample 1 Gcycles;}
      template user phone {   cpu 2GHz; power 23dBm }
      workload v { lora {rank 8; matrix 8 x 8}; samples 1; sample-size 1 B; cycles-per-sample 1 }
      for i in 1..2 { if i == 1 { print i }; else { print -i } }
      for i in 1..2 {}

      """,
      """
      workload w { parameters 1 M; samples 100; sample-size 1 MB; cycles-per-sample 1 Gcycles }
      template user phone { cpu 2 GHz; power 23 dBm }
      workload v { lora { rank 8; matrix 8 x 8 }; samples 1; sample-size 1 B; cycles-per-sample 1 }
      for i in 1..2 { if i == 1 { print i } else { print -i } }
      for i in 1..2 {}

      """)
  }

  @Test func multiLineBlocksGetOneItemPerLine() {
    expectLayout(
      """
      user u1 { at (0 m, 0 m)
      cpu 2 GHz; power 1 W
             workload w }
      workload w {
      lora { rank 8 } samples 100
        sample-size 1 MB; cycles-per-sample 1 Gcycles
          parameters 1 M }
      user u2 { at (0 m, 0 m); cpu 1 GHz; power 1 W; workload w } user u3 from u { cpu 2 GHz }
      noise -174 dBm/Hz; deadline 2 h

      """,
      """
      user u1 {
        at (0 m, 0 m)
        cpu 2 GHz
        power 1 W
        workload w
      }
      workload w {
        lora { rank 8 }
        samples 100
        sample-size 1 MB
        cycles-per-sample 1 Gcycles
        parameters 1 M
      }
      user u2 { at (0 m, 0 m); cpu 1 GHz; power 1 W; workload w }
      user u3 from u { cpu 2 GHz }
      noise -174 dBm/Hz
      deadline 2 h

      """)
  }

  @Test func nestedForIfAndLoraAreIndented() {
    expectLayout(
      """
      workload w {
      lora {
      rank 8
          matrix 4096 x 4096 count 64
      }
      samples 100
      }
      for i in 1..n {
      if i == 1 {
      user "u{i}" {
      at (i km, 0 m)
      }
      }
      else if i == 2 { print "two" }
         else {
           for j in 1..i {
      print j
           }
         }
      }
      sweep users over [1, 2], seed over 1..3 {
      solve para
        solve exhaustive
      }

      """,
      """
      workload w {
        lora {
          rank 8
          matrix 4096 x 4096 count 64
        }
        samples 100
      }
      for i in 1..n {
        if i == 1 {
          user "u{i}" {
            at (i km, 0 m)
          }
        } else if i == 2 { print "two" } else {
          for j in 1..i {
            print j
          }
        }
      }
      sweep users over [1, 2], seed over 1..3 {
        solve para
        solve exhaustive
      }

      """)
  }

  @Test func emptyMultiLineBlockKeepsItsLines() {
    expectLayout("if x {\n\n}\n", "if x {\n}\n")
  }

  // MARK: - Comments

  @Test func commentsInEveryPosition() {
    expectLayout(
      """
        # file header   \t
      #no space after the hash

      scenario "s"   # trailing, three spaces
      noise -174 dBm/Hz# trailing, none
          # before a declaration
      user u1 {   # after an opening brace
        # first in the block
          at (1 km,   # east
          # own line inside parentheses
          2 km)
        cpu 2 GHz   ;   # after a semicolon
        # last in the block
      }   # after a closing brace
      if x {
        print 1
      }
        # between a closing brace and else
      else {
        print 2
      }  # after else's block
      # at the end

      """,
      """
      # file header
      #no space after the hash

      scenario "s"       # trailing, three spaces
      noise -174 dBm/Hz  # trailing, none
      # before a declaration
      user u1 {  # after an opening brace
        # first in the block
        at (1 km,  # east
          # own line inside parentheses
          2 km)
        cpu 2 GHz  # after a semicolon
        # last in the block
      }  # after a closing brace
      if x {
        print 1
      }
      # between a closing brace and else
      else {
        print 2
      }  # after else's block
      # at the end

      """)
  }

  @Test func commentsInsideBlocksTakeTheBlocksIndentation() {
    expectLayout(
      """
      for i in 1..2 {
      # a comment in a loop
        if i == 1 {
              # in the condition
          print i
      # at the end of the condition
        }
      }

      """,
      """
      for i in 1..2 {
        # a comment in a loop
        if i == 1 {
          # in the condition
          print i
          # at the end of the condition
        }
      }

      """)
  }

  // MARK: - Blank lines and the end of the file

  @Test func blankLinesAreCollapsedAndTrimmed() {
    expectLayout(
      "\n\n\nnoise -174 dBm/Hz\n\n\n\ndeadline 2 h\nworkload w {\n\n\n  samples 1\n\n\n\n"
        + "  epochs 1\n\n}\n\n\n# end\n\n\n",
      "noise -174 dBm/Hz\n\ndeadline 2 h\nworkload w {\n  samples 1\n\n  epochs 1\n}\n\n# end\n")
  }

  @Test func fileEndsWithExactlyOneLineBreak() {
    expectLayout("noise -174 dBm/Hz", "noise -174 dBm/Hz\n")
    expectLayout("noise -174 dBm/Hz\n\n\n", "noise -174 dBm/Hz\n")
    expectLayout("noise -174 dBm/Hz\r\ndeadline 2 h\r\n", "noise -174 dBm/Hz\ndeadline 2 h\n")
    expectLayout("", "")
    expectLayout("\n\n  \n", "")
  }

  // MARK: - Strings

  @Test func stringsAreWrittenVerbatim() {
    expectLayout(
      #"""
      scenario   "a  \"b\"   \{c\}"
      for i in 1..2 { user "u{ i+1 }"   from   phone   {cpu 1 GHz} }
      print   "n = {users*2}, {sites[ 1 ]}"

      """#,
      #"""
      scenario "a  \"b\"   \{c\}"
      for i in 1..2 { user "u{ i+1 }" from phone { cpu 1 GHz } }
      print "n = {users*2}, {sites[ 1 ]}"

      """#)
  }

  // MARK: - Refusal

  @Test func fileWithASyntaxErrorIsRefused() {
    let source = "user u1 {\n  cpu 2 GHz\n  power 23 dBm\n"
    let (text, diagnostics) = SaginLanguage.Formatter.format(
      SourceFile(path: "broken.sagin", text: source))
    #expect(text == nil)
    #expect(
      summaries(diagnostics) == ["1:9: expected '}' to close user 'u1', found the end of the file"])
  }

  @Test func fileWithALexerErrorIsRefused() {
    let (text, diagnostics) = SaginLanguage.Formatter.format(
      SourceFile(path: "broken.sagin", text: "noise -174 dBm/Hz // thermal\n"))
    #expect(text == nil)
    #expect(summaries(diagnostics).first == "1:19: unexpected '//'")
  }

  @Test func statementErrorsAreRefusedToo() {
    let (text, diagnostics) = SaginLanguage.Formatter.format(
      SourceFile(path: "broken.sagin", text: "let x = 1 +\nprint x\n"))
    #expect(text == nil)
    #expect(!diagnostics.isEmpty)
  }

  // MARK: - The syntax tree dump covers scripting

  @Test func dumpShowsTheShapeOfScripts() {
    #expect(tree("let x = 1 + 2 * 3") == "let x = (+ 1 (* 2 3))")
    #expect(tree("let x = (1 + 2) * 3") == "let x = (* (+ 1 2) 3)")
    #expect(tree("let x = 5 -3") == tree("let x = 5 - 3"))
    #expect(tree("let x = - 3") != tree("let x = -3"))
    #expect(
      tree("for i in 1..n { if i > 2 { print \"u{i}\" } else { let y = 3 } }")
        == """
        for i in (.. 1 n)
          if (> i 2)
            print "u{i}"
          else
            let y = 3
        """)
    #expect(
      tree("user u1 from phone { at uniform-disc((0 m, 0 m), r km); cpu 2 * f GHz }")
        == """
        user u1 from phone
          at <position> (call uniform-disc (tuple 0 m 0 m) (* r 1 km))
          cpu (* 2 (* f 1 GHz))
        """)
    #expect(
      tree("sweep g1.bandwidth over [10, 20] MHz { solve para }")
        == "sweep g1.bandwidth over [10, 20] MHz\n  solve para")
  }

  // MARK: - Every example and grammar block

  static func exampleFiles() -> [String] {
    let folder = repositoryRoot.appendingPathComponent("examples")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".sagin") }.sorted()
  }

  @Test func thereAreExamplesToFormat() {
    #expect(Self.exampleFiles().count >= 3)
    #expect(GrammarTests.sourceBlocks().count >= 9)
  }

  @Test(arguments: exampleFiles())
  func exampleFormatsIdempotentlyToTheSameTree(name: String) throws {
    let path = repositoryRoot.appendingPathComponent("examples/\(name)").path
    let text = try String(contentsOfFile: path, encoding: .utf8)
    try expectStable(text)
  }

  @Test(arguments: Array(GrammarTests.sourceBlocks().enumerated()).map { $0 })
  func grammarBlockFormatsIdempotentlyToTheSameTree(index: Int, text: String) throws {
    try expectStable(text)
  }

  @Test func scriptFormatsIdempotentlyToTheSameTree() throws {
    try expectStable(
      """
      # a script with every statement
      param users=3
      let bw=[10,20 , 40]MHz
      let sites = ( (0 m,0 m) , (1 km , 2km) )
      seed 42;print "n = {users * 2}"
      include "common.sagin"
      template user phone {cpu 2GHz;power 23dBm;workload w}
      for i in 1..users {
          user "u{i}" from phone { at uniform-disc(sites[1 + i - 1], 2 km) }   # trailing
          if i==2 { print "even" }
          else if i > 2 and not (i == 3) {
            print "odd {i}"
          }
          # before else
          else {
              let x = -(i + 1) * 2^-1
              let y = x -3
              print x in km/s
          }
      }
      sweep users over [1,2], g1.bandwidth over [10, 20] MHz { solve para seed 3 }
      solve para seed 3 ; report users,summary
      """)
  }

  /// Formatting `text` succeeds, gives the same tree, and is a fixed point.
  private func expectStable(
    _ text: String, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let once = try #require(format(text, sourceLocation: sourceLocation))
    #expect(
      tree(text, sourceLocation: sourceLocation) == tree(once, sourceLocation: sourceLocation),
      sourceLocation: sourceLocation)
    #expect(format(once, sourceLocation: sourceLocation) == once, sourceLocation: sourceLocation)
    #expect(once.hasSuffix("\n") && !once.hasSuffix("\n\n"), sourceLocation: sourceLocation)
  }
}
