// The words of syntax errors. Most messages are written where the mistake is detected
// (`ERR_MSG` in parser.ts); this provider covers the rest and turns the short
// descriptions of an `OR` ("a condition") into a sentence naming what came before.

import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import { KEYWORDS } from './lexer';

export const LIST_OPEN = 'expected a list of strings in `[ ]`';
export const PAIRS_OPEN = 'expected `{` and the event’s fields after `for`';
export const AFTER_LIST_VALUE = 'expected `,` or `]` after a list value';
export const AFTER_PAIR = 'expected `,` or `}` after a field value';

/** Marks an error of the top-level recovery (text where no statement can start); parse.ts words it. */
export const STRAY_TEXT = '\u0000stray-text';

const PUNCTUATION: Record<string, string> = {
  NotEquals: '!=', Equals: '=', LBracket: '[', RBracket: ']', LParen: '(', RParen: ')',
  LBrace: '{', RBrace: '}', Comma: ',', Colon: ':', Dot: '.',
};

/** How a token type is named in a message: `when`, `]`, a string, … */
export function describeTokenType(type: TokenType): string {
  if (type === EOF) return 'the end of the file';
  if (PUNCTUATION[type.name]) return `\`${PUNCTUATION[type.name]}\``;
  if (typeof type.PATTERN === 'string') return `\`${type.PATTERN}\``;
  switch (type.name) {
    case 'StringLiteral': return 'a string in double quotes';
    case 'RegexLiteral': return 'a regex';
    case 'QuotedName': return 'a field name in backticks';
    case 'Identifier': return 'a name';
    case 'NumberLiteral': return 'a number';
    default: return type.name;
  }
}

/** A token as written, shortened for a message. */
export function quoteToken(token: IToken): string {
  const image = token.image.length > 40 ? `${token.image.slice(0, 37)}…` : token.image;
  return `\`${image}\``;
}

function isKeyword(token: IToken): boolean {
  return (KEYWORDS as readonly string[]).includes(token.image) && token.tokenType.name !== 'Identifier';
}

function after(previous: IToken): string {
  return previous && !Number.isNaN(previous.startOffset) && previous.tokenType !== EOF
    ? ` after ${quoteToken(previous)}`
    : '';
}

const STATEMENT_WORDS = ['channel', 'when', 'list', 'expect', 'otherwise'];

/** A hint when a reserved word stands where a field name may: but a statement keyword starts the next line. */
function keywordAsName(actual: IToken): string {
  return isKeyword(actual) && !STATEMENT_WORDS.includes(actual.image)
    ? `; \`${actual.image}\` is a reserved word: write \`\` \`${actual.image}\` \`\` to use it as a field name`
    : '';
}

export const syntaxErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, previous }) {
    if (expected === EOF) return STRAY_TEXT;
    return `expected ${describeTokenType(expected)}${after(previous)}`;
  },

  buildNotAllInputParsedMessage() {
    return STRAY_TEXT;
  },

  buildNoViableAltMessage({ expectedPathsPerAlt, actual, previous, customUserDescription }) {
    const found = actual[0];
    switch (customUserDescription) {
      case 'a condition':
        return `expected a condition${after(previous)}${keywordAsName(found)}`;
      case 'an operator':
        return (
          `expected an operator${after(previous)}: \`=\`, \`!=\`, \`in\`, \`contains\`, ` +
          '`starts with`, `ends with`, `matches`, `exists` or `is`'
        );
      case 'a field name':
        return `expected a field name${after(previous)}${keywordAsName(found)}`;
      case undefined: {
        const firsts = new Set(expectedPathsPerAlt.flat().map((path) => describeTokenType(path[0])));
        return `expected ${[...firsts].join(' or ')}${after(previous)}`;
      }
      default:
        return customUserDescription;
    }
  },

  buildEarlyExitMessage({ expectedIterationPaths, previous, customUserDescription }) {
    if (customUserDescription) return customUserDescription;
    const firsts = new Set(expectedIterationPaths.map((path) => describeTokenType(path[0])));
    return `expected ${[...firsts].join(' or ')}${after(previous)}`;
  },
};
