// The chevrotain parser of SPEC §2.2. It builds chevrotain's concrete syntax tree,
// which keeps partial nodes when recovery kicks in; `syntax-builder.ts` turns that into
// our syntax tree, a statement at a time (see statementSink). Every `ERR_MSG` here is the
// message a user sees for that mistake.

import { CstParser, EOF, type CstNode, type IOrAlt, type IToken, type OrMethodOpts, type TokenType } from 'chevrotain';
import * as t from './lexer';
import { AFTER_LIST_VALUE, AFTER_PAIR, LIST_OPEN, PAIRS_OPEN, syntaxErrorMessages } from './error-messages';

const STRING_AFTER = (what: string) => `expected a string in double quotes after ${what}`;

export class ChannelsParser extends CstParser {
  /** `validate`: run chevrotain's grammar checks (ambiguities, left recursion); the tests do, once. */
  constructor({ validate = false } = {}) {
    super(t.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 2,
      nodeLocationTracking: 'onlyOffset',
      errorMessageProvider: syntaxErrorMessages,
      skipValidations: !validate,
    });
    this.performSelfAnalysis();
  }

  /**
   * Recovery resynchronises only at a statement keyword (or the end of the file), never
   * at a `)` or `,` further on: one broken rule is skipped up to the next `when`,
   * `channel`, `list`, `expect` or `otherwise`, and everything after it parses normally.
   * (This replaces chevrotain's own method of that name, which its typings do not declare.)
   */
  findReSyncTokenType(): TokenType {
    for (let k = 1; ; k++) {
      const token = this.LA(k);
      if (token.tokenType === EOF) return EOF;
      if (t.statementKeywordTokens.includes(token.tokenType)) return token.tokenType;
    }
  }

  /**
   * Receives each top-level statement's CST (complete or left by recovery) as its rule
   * finishes, in place of the file's CST keeping them all. Built into the syntax tree at
   * once, a statement's CST dies young: kept for the whole file, the CSTs of a few
   * thousand channels survived every scavenge of the parse and made its cost grow
   * faster than the file (docs/dev/benchmarks.md, seventeenth round). One object with a
   * method, not a function made per parse: a new closure at this call site every parse
   * made parsing a 30-rule file 0.42 → 0.62 ms.
   */
  statementSink: StatementSink | undefined = undefined;

  /**
   * chevrotain's hook that adds a finished rule's CST to its parent's (its typings do not
   * declare it). The parent is the file's CST when it is the only one on the stack.
   */
  cstPostNonTerminal(ruleCstResult: CstNode, ruleName: string): void {
    if (this.statementSink !== undefined && (this as unknown as ChevrotainInternals).CST_STACK.length === 1) {
      this.statementSink.statement(ruleName, ruleCstResult);
      return;
    }
    (CstParser.prototype as unknown as ChevrotainInternals).cstPostNonTerminal.call(this, ruleCstResult, ruleName);
  }

  /**
   * Each OR's alternatives, made on its first call and reused (chevrotain's advice on
   * performance): written inline, every call made the array and a closure per
   * alternative again (7 of the 46 MB that parsing 4,000 one-rule channels allocated).
   */
  private readonly alternatives: Record<string, IOrAlt<unknown>[] | OrMethodOpts<unknown>> = {};

  file = this.RULE('file', () => {
    this.MANY(() => {
      this.OR((this.alternatives.statement ??= [
        { ALT: () => this.SUBRULE(this.caseInsensitive) },
        { ALT: () => this.SUBRULE(this.listDeclaration) },
        { ALT: () => this.SUBRULE(this.channelBlock) },
        { ALT: () => this.SUBRULE(this.expectation) },
        { ALT: () => this.SUBRULE(this.otherwise) },
        // A `when` outside a channel block: parsed (so its own errors show) and reported.
        { ALT: () => this.SUBRULE(this.whenClause) },
      ]));
    });
  });

  caseInsensitive = this.RULE('caseInsensitive', () => {
    this.CONSUME(t.Case);
    this.CONSUME(t.Insensitive, { ERR_MSG: 'expected `insensitive` after `case`' });
  });

  listDeclaration = this.RULE('listDeclaration', () => {
    this.CONSUME(t.List);
    this.CONSUME(t.Identifier, { ERR_MSG: 'expected a list name after `list`' });
    this.CONSUME(t.Equals, { ERR_MSG: 'expected `=` after the list name' });
    this.SUBRULE(this.listLiteral);
  });

  listLiteral = this.RULE('listLiteral', () => {
    this.CONSUME(t.LBracket, { ERR_MSG: LIST_OPEN });
    this.OPTION(() => {
      this.CONSUME(t.StringLiteral);
      this.MANY(() => {
        this.CONSUME(t.Comma);
        this.CONSUME2(t.StringLiteral, { ERR_MSG: 'expected a string in double quotes in the list' });
      });
      this.OPTION2(() => this.CONSUME2(t.Comma));
    });
    this.CONSUME(t.RBracket, { ERR_MSG: AFTER_LIST_VALUE });
  });

  channelBlock = this.RULE('channelBlock', () => {
    this.CONSUME(t.Channel);
    this.CONSUME(t.StringLiteral, { ERR_MSG: 'expected a channel name (a string in double quotes) after `channel`' });
    this.MANY(() => this.SUBRULE(this.whenClause));
  });

  whenClause = this.RULE('whenClause', () => {
    this.CONSUME(t.When);
    this.SUBRULE(this.orExpression);
  });

  otherwise = this.RULE('otherwise', () => {
    this.CONSUME(t.Otherwise);
    this.CONSUME(t.StringLiteral, { ERR_MSG: 'expected a channel name (a string in double quotes) after `otherwise`' });
  });

  expectation = this.RULE('expectation', () => {
    this.CONSUME(t.Expect);
    this.OR((this.alternatives.expected ??= {
      DEF: [{ ALT: () => this.CONSUME(t.StringLiteral) }, { ALT: () => this.CONSUME(t.Unclassified) }],
      ERR_MSG: 'expected a channel name (a string in double quotes) or `unclassified` after `expect`',
    }));
    this.CONSUME(t.For, { ERR_MSG: 'expected `for` after the expected channel' });
    this.CONSUME(t.LBrace, { ERR_MSG: PAIRS_OPEN });
    this.OPTION(() => {
      this.SUBRULE(this.expectationPair);
      this.MANY(() => {
        this.CONSUME(t.Comma);
        this.SUBRULE2(this.expectationPair);
      });
      this.OPTION2(() => this.CONSUME2(t.Comma));
    });
    this.CONSUME(t.RBrace, { ERR_MSG: AFTER_PAIR });
  });

  expectationPair = this.RULE('expectationPair', () => {
    this.SUBRULE(this.field);
    this.CONSUME(t.Colon, { ERR_MSG: 'expected `:` after the field name' });
    this.OR((this.alternatives.pairValue ??= {
      DEF: [{ ALT: () => this.CONSUME(t.StringLiteral) }, { ALT: () => this.CONSUME(t.Null) }],
      ERR_MSG: 'expected a string in double quotes or `null` after `:`',
    }));
  });

  orExpression = this.RULE('orExpression', () => {
    this.SUBRULE(this.andExpression);
    this.MANY(() => {
      this.CONSUME(t.Or);
      this.SUBRULE2(this.andExpression);
    });
  });

  andExpression = this.RULE('andExpression', () => {
    this.SUBRULE(this.unaryExpression);
    this.MANY(() => {
      this.CONSUME(t.And);
      this.SUBRULE2(this.unaryExpression);
    });
  });

  unaryExpression = this.RULE('unaryExpression', () => {
    this.OR((this.alternatives.unary ??= {
      DEF: [
        {
          ALT: () => {
            this.CONSUME(t.Not);
            this.SUBRULE(this.unaryExpression);
          },
        },
        { ALT: () => this.SUBRULE(this.parenExpression) },
        { ALT: () => this.SUBRULE(this.condition) },
      ],
      ERR_MSG: 'a condition',
    }));
  });

  parenExpression = this.RULE('parenExpression', () => {
    this.CONSUME(t.LParen);
    this.SUBRULE(this.orExpression);
    this.CONSUME(t.RParen, { ERR_MSG: 'expected `)` to close the `(`' });
  });

  condition = this.RULE('condition', () => {
    this.SUBRULE(this.field);
    this.OR((this.alternatives.operator ??= {
      DEF: [
        {
          ALT: () => {
            this.CONSUME(t.Equals);
            this.CONSUME(t.StringLiteral, { ERR_MSG: STRING_AFTER('`=`') });
            this.MANY(() => this.SUBRULE(this.caseModifier));
          },
        },
        {
          ALT: () => {
            this.CONSUME(t.NotEquals);
            this.CONSUME2(t.StringLiteral, { ERR_MSG: STRING_AFTER('`!=`') });
            this.MANY2(() => this.SUBRULE2(this.caseModifier));
          },
        },
        {
          ALT: () => {
            this.OPTION3(() => this.CONSUME(t.Not));
            this.SUBRULE(this.negatableComparison);
            this.MANY3(() => this.SUBRULE3(this.caseModifier));
          },
        },
        {
          ALT: () => {
            this.CONSUME(t.Exists);
            // Not allowed here; parsed so the builder can say so precisely.
            this.MANY4(() => this.SUBRULE4(this.caseModifier));
          },
        },
        {
          ALT: () => {
            this.CONSUME(t.Is);
            this.OR2((this.alternatives.isWhat ??= {
              DEF: [
                { ALT: () => this.CONSUME(t.Missing) },
                { ALT: () => this.CONSUME(t.Null) },
                { ALT: () => this.CONSUME(t.Empty) },
                { ALT: () => this.CONSUME(t.Set) },
                {
                  ALT: () => {
                    this.CONSUME2(t.Not);
                    this.CONSUME2(t.Set, { ERR_MSG: 'expected `set` after `is not`' });
                  },
                },
              ],
              ERR_MSG: 'expected `missing`, `null`, `empty`, `set` or `not set` after `is`',
            }));
            this.MANY5(() => this.SUBRULE5(this.caseModifier));
          },
        },
      ],
      ERR_MSG: 'an operator',
    }));
  });

  negatableComparison = this.RULE('negatableComparison', () => {
    this.OR((this.alternatives.negatable ??= {
      DEF: [
        {
          ALT: () => {
            this.CONSUME(t.In);
            this.OR2((this.alternatives.inWhat ??= {
              DEF: [{ ALT: () => this.CONSUME(t.Identifier) }, { ALT: () => this.SUBRULE(this.listLiteral) }],
              ERR_MSG: 'expected a list name or a list of strings in `[ ]` after `in`',
            }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(t.Contains);
            this.CONSUME(t.StringLiteral, { ERR_MSG: STRING_AFTER('`contains`') });
          },
        },
        {
          ALT: () => {
            this.CONSUME(t.Starts);
            this.CONSUME(t.With, { ERR_MSG: 'expected `with` after `starts`' });
            this.CONSUME2(t.StringLiteral, { ERR_MSG: STRING_AFTER('`starts with`') });
          },
        },
        {
          ALT: () => {
            this.CONSUME(t.Ends);
            this.CONSUME2(t.With, { ERR_MSG: 'expected `with` after `ends`' });
            this.CONSUME3(t.StringLiteral, { ERR_MSG: STRING_AFTER('`ends with`') });
          },
        },
        {
          ALT: () => {
            this.CONSUME(t.Matches);
            this.CONSUME(t.RegexLiteral, { ERR_MSG: 'expected a regex like /pattern/ after `matches`' });
          },
        },
      ],
      ERR_MSG: 'expected `in`, `contains`, `starts with`, `ends with` or `matches` after `not`',
    }));
  });

  caseModifier = this.RULE('caseModifier', () => {
    this.OR((this.alternatives.caseModifier ??= [{ ALT: () => this.CONSUME(t.Ignoring) }, { ALT: () => this.CONSUME(t.Matching) }]));
    this.CONSUME(t.Case);
  });

  field = this.RULE('field', () => {
    this.SUBRULE(this.fieldName);
    this.MANY(() => {
      this.CONSUME(t.Dot);
      this.SUBRULE2(this.fieldName);
    });
  });

  fieldName = this.RULE('fieldName', () => {
    this.OR((this.alternatives.fieldName ??= {
      DEF: [{ ALT: () => this.CONSUME(t.Identifier) }, { ALT: () => this.CONSUME(t.QuotedName) }],
      ERR_MSG: 'a field name',
    }));
  });
}

/** What takes each top-level statement's CST as the parser finishes it (the syntax builder). */
export interface StatementSink {
  statement(ruleName: string, cst: CstNode): void;
}

/** The parts of chevrotain's parser that cstPostNonTerminal above relies on. */
interface ChevrotainInternals {
  CST_STACK: CstNode[];
  cstPostNonTerminal(ruleCstResult: CstNode, ruleName: string): void;
}

export type { CstNode, IToken };
