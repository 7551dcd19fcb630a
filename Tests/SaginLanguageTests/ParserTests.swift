import Testing

@testable import SaginLanguage

@Suite struct ParserTests {
  @Test func declarationsAndSettingsDump() {
    let (tree, diagnostics) = dump(
      """
      scenario "demo"   # a comment
      noise -174 dBm/Hz
      delay-weight 1 /s
      channel air al-hourani dense-urban
      channel space free-space loss 2 dB
      carrier ground 3.5 GHz
      share local >= 20 %
      user "phone A" {
        at (1.2 km, -300 m)
        cpu 2 GHz; power 23 dBm
        workload w
      }
      workload w {
        lora {
          rank 8
          matrix 4096 x 4096 count 64
        }
        samples 2 k
      }
      gain "phone A" -> g1 = -95 dB
      pin u3 -> g2
      solve exhaustive seed 7 tolerance 1e-4 iterations 50
      report users, summary
      report
      """)
    #expect(diagnostics == [])
    #expect(
      tree == """
        scenario "demo"
        noise -174 dBm/Hz
        delay-weight 1 /s
        channel air al-hourani dense-urban
        channel space free-space loss 2 dB
        carrier ground 3.5 GHz
        share local >= 20 %
        user "phone A"
          at (1.2 km, -300 m)
          cpu 2 GHz
          power 23 dBm
          workload w
        workload w
          lora
            rank 8
            matrix 4096 x 4096 count 64
          samples 2 k
        gain "phone A" -> g1 = -95 dB
        pin u3 -> g2
        solve exhaustive seed 7 tolerance 1e-4 iterations 50
        report users, summary
        report\u{20}
        """)
  }

  @Test func lexerTokens() {
    let (tokens, diagnostics) = Lexer.tokenize(
      SourceFile(
        path: "t",
        text: """
          u1->g1 dense-urban -3.5e2 1_000 "a \\"b\\"" >= <= % / ;
          """))
    #expect(diagnostics.isEmpty)
    let kinds = tokens.map(\.kind)
    #expect(
      kinds == [
        .identifier, .arrow, .identifier, .identifier, .number, .number, .string,
        .greaterEqual, .lessEqual, .percent, .slash, .newline, .endOfFile,
      ])
    #expect(tokens[3].text == "dense-urban")
    #expect(tokens[4].number == -350)
    #expect(tokens[5].number == 1000)
    #expect(tokens[6].text == "a \"b\"")
  }

  @Test func positionsAreUTF8OffsetsAndColumnsAreScalars() {
    let file = SourceFile(path: "t", text: "# é\nuser \"ü\" {\n")
    let offset = Array(file.text.utf8).firstIndex(of: UInt8(ascii: "{")) ?? 0
    #expect(file.location(of: offset) == (2, 10))
    #expect(file.location(of: 0) == (1, 1))
    #expect(file.location(of: 10_000) == (3, 1))
  }

  @Test func renderedDiagnosticHasSourceLineCaretAndHint() {
    let (_, diagnostics) = parse(
      "\(W)\nuser u1 {\n  at (0 m, 0 m)\n\tcpu 2 Mhz\n  power 1 W\n  workload w\n}\n")
    let text = diagnostics.first?.rendered(colour: false)
    #expect(
      text == """
        test.sagin:9:8: error: unknown unit 'Mhz'
        \tcpu 2 Mhz
        \t      ^~~
          hint: did you mean 'MHz'?
        """)
    let coloured = diagnostics.first?.rendered(colour: true) ?? ""
    #expect(coloured.contains("\u{1B}[1;31merror:"))
  }

  @Test func severalErrorsInOnePass() {
    let (program, diagnostics) = parse(
      """
      \(W)
      user u1 {
        at (0 m, 0 m)
        cpu 2 Mhz
        powr 0.1 W
        workload v
      }
      server g1 {
        at (0 m, 0 m)
        cpu 10 GHz
        bandwidth -1 MHz
        power 1 W
      }
      pin g1 -> u1
      solve paro
      """)
    #expect(program == nil)
    #expect(
      summaries(diagnostics) == [
        "9:9: unknown unit 'Mhz'",
        "10:3: unknown attribute 'powr' in user 'u1'",
        "11:12: unknown workload 'v'",
        "16:13: expected a positive value after 'bandwidth', found '-1 MHz'",
        "19:5: expected a link from a lower to a higher layer in 'pin', found 'g1' (a ground server) -> 'u1' (a user)",
        "20:7: unknown solve method 'paro'",
      ])
  }
}
