import Foundation

/// The subset of OData `$filter` BC integrations use: `field eq literal` clauses joined by `and`, optionally
/// parenthesised; string literals double their single quotes (`'O''Brien'`), GUIDs are bare.
struct ODataFilter: Equatable {
    enum Literal: Equatable {
        case string(String)
        /// A bare token: a GUID, number, date, `true`, `false` or `null`.
        case bare(String)
    }

    struct Clause: Equatable {
        var field: String
        var negated: Bool
        var literal: Literal
    }

    struct SyntaxError: Error {
        let message: String
    }

    var clauses: [Clause]

    /// Parses `text`; throws with a BC-like message on anything outside the supported subset.
    init(_ text: String) throws(SyntaxError) {
        let tokens = try Self.tokenize(text)
        var clauses: [Clause] = []
        var index = 0
        func next() -> Token? { index < tokens.count ? tokens[index] : nil }
        while index < tokens.count {
            guard case .word(let field)? = next() else { throw SyntaxError(message: "Syntax error in '\(text)'") }
            index += 1
            guard case .word(let op)? = next(), ["eq", "ne"].contains(op.lowercased()) else {
                throw SyntaxError(message: "The filter '\(text)' uses an operator the simulator does not support")
            }
            index += 1
            guard let value = next() else { throw SyntaxError(message: "Syntax error at the end of '\(text)'") }
            index += 1
            let literal: Literal
            switch value {
            case .quoted(let string): literal = .string(string)
            case .word(let word): literal = .bare(word)
            }
            clauses.append(Clause(field: field, negated: op.lowercased() == "ne", literal: literal))
            if index < tokens.count {
                guard case .word(let joiner) = tokens[index], joiner.lowercased() == "and" else {
                    throw SyntaxError(message: "The filter '\(text)' combines clauses with something other than 'and'")
                }
                index += 1
                guard index < tokens.count else { throw SyntaxError(message: "Syntax error at the end of '\(text)'") }
            }
        }
        guard !clauses.isEmpty else { throw SyntaxError(message: "The $filter expression is empty") }
        self.clauses = clauses
    }

    /// The literal of the first `field eq ...` clause (case-insensitive field name).
    func equality(_ field: String) -> Literal? {
        clauses.first { !$0.negated && $0.field.lowercased() == field.lowercased() }?.literal
    }

    private enum Token {
        case word(String)
        case quoted(String)
    }

    private static func tokenize(_ text: String) throws(SyntaxError) -> [Token] {
        var tokens: [Token] = []
        var characters = Array(text)[...]
        while let first = characters.first {
            if first == " " || first == "(" || first == ")" {
                // Parentheses only group `and` clauses here, so they carry no meaning.
                characters.removeFirst()
            } else if first == "'" {
                characters.removeFirst()
                var value = ""
                var closed = false
                while let character = characters.first {
                    characters.removeFirst()
                    if character == "'" {
                        if characters.first == "'" {
                            value.append("'")
                            characters.removeFirst()
                        } else {
                            closed = true
                            break
                        }
                    } else {
                        value.append(character)
                    }
                }
                guard closed else { throw SyntaxError(message: "Unterminated string literal in '\(text)'") }
                tokens.append(.quoted(value))
            } else {
                var word = ""
                while let character = characters.first, character != " ", character != "(", character != ")", character != "'" {
                    word.append(character)
                    characters.removeFirst()
                }
                tokens.append(.word(word))
            }
        }
        return tokens
    }
}
