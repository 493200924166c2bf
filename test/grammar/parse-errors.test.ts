import { describe, expect, it } from 'vitest';
import { parseChannels } from '../../grammar/parse';
import { printTree } from './print-tree';
import { treeViolations } from './tree-invariants';

type ExpectedError = [start: number, end: number, message: string];

/**
 * Each broken input with EVERY error it gives (exact span and message) and the tree
 * recovery keeps. A zero-width span marks where something is missing (right after the
 * last token written, when what follows is on a later line or is the end of the file).
 */
const cases: [text: string, errors: ExpectedError[], tree: string][] = [
  [
    "channel",
    [[7, 7, "expected a channel name (a string in double quotes) after `channel`"]],
    "(channel ?)",
  ],
  [
    "channel \"X\"",
    [[0, 11, "channel \"X\" has no rules: add a `when` condition after it"]],
    "(channel \"X\")",
  ],
  [
    "channel X when a exists",
    [[8, 9, "expected a channel name (a string in double quotes) after `channel`"]],
    "(channel ? (when (exists a)))",
  ],
  [
    "channel\n  when a exists",
    [[7, 7, "expected a channel name (a string in double quotes) after `channel`"]],
    "(channel ? (when (exists a)))",
  ],
  [
    "channel \"X\" when",
    [[16, 16, "expected a condition after `when`"]],
    "(channel \"X\" (when ?))",
  ],
  [
    "channel \"X\" when a",
    [[18, 18, "expected an operator after `a`: `=`, `!=`, `in`, `contains`, `starts with`, `ends with`, `matches`, `exists` or `is`"]],
    "(channel \"X\" (when ?))",
  ],
  [
    "channel \"X\" when a =",
    [[20, 20, "expected a string in double quotes after `=`"]],
    "(channel \"X\" (when (= a ?)))",
  ],
  [
    "channel \"X\" when a = b",
    [[21, 22, "expected a string in double quotes after `=`"]],
    "(channel \"X\" (when (= a ?)))",
  ],
  [
    "channel \"X\" when a = 5",
    [[21, 22, "expected a string in double quotes after `=`: write the value as a string, \"5\""]],
    "(channel \"X\" (when (= a ?)))",
  ],
  [
    "channel \"X\" when a == \"b\"",
    [[19, 21, "write `=` to compare, not `==`"]],
    "(channel \"X\" (when (= a \"b\")))",
  ],
  [
    "channel \"X\" when a is",
    [[21, 21, "expected `missing`, `null`, `empty`, `set` or `not set` after `is`"]],
    "(channel \"X\" (when ?))",
  ],
  [
    "channel \"X\" when a is not",
    [[25, 25, "expected `set` after `is not`"]],
    "(channel \"X\" (when (is-not-set a)))",
  ],
  [
    "channel \"X\" when a is nothing",
    [[22, 29, "expected `missing`, `null`, `empty`, `set` or `not set` after `is`"]],
    "(channel \"X\" (when ?))",
  ],
  [
    "channel \"X\" when a not",
    [[22, 22, "expected `in`, `contains`, `starts with`, `ends with` or `matches` after `not`"]],
    "(channel \"X\" (when ?))",
  ],
  [
    "channel \"X\" when a not exists",
    [[23, 29, "expected `in`, `contains`, `starts with`, `ends with` or `matches` after `not`"]],
    "(channel \"X\" (when ?))",
  ],
  [
    "channel \"X\" when a starts \"x\"",
    [[26, 29, "expected `with` after `starts`"]],
    "(channel \"X\" (when (starts-with a \"x\")))",
  ],
  [
    "channel \"X\" when a ends \"x\"",
    [[24, 27, "expected `with` after `ends`"]],
    "(channel \"X\" (when (ends-with a \"x\")))",
  ],
  [
    "channel \"X\" when a in",
    [[21, 21, "expected a list name or a list of strings in `[ ]` after `in`"]],
    "(channel \"X\" (when (in a ?)))",
  ],
  [
    "channel \"X\" when a in [",
    [[23, 23, "expected a string in double quotes or `]` after `[`"]],
    "(channel \"X\" (when (in a [])))",
  ],
  [
    "channel \"X\" when a in [\"x\"",
    [[26, 26, "expected `,` or `]` after a list value"]],
    "(channel \"X\" (when (in a [\"x\"])))",
  ],
  [
    "channel \"X\" when a in [\"x\" \"y\"]",
    [[27, 30, "expected `,` or `]` after a list value"]],
    "(channel \"X\" (when (in a [\"x\"])))",
  ],
  [
    "channel \"X\" when a in [x]",
    [[23, 24, "expected a string in double quotes or `]` after `[`"]],
    "(channel \"X\" (when (in a [])))",
  ],
  [
    "channel \"X\" when a in [\"x\",,]",
    [[27, 28, "expected a string in double quotes or `]` after `,`"]],
    "(channel \"X\" (when (in a [\"x\"])))",
  ],
  [
    "channel \"X\" when (a exists",
    [[26, 26, "expected `)` to close the `(`"]],
    "(channel \"X\" (when (paren (exists a))))",
  ],
  [
    "channel \"X\" when a exists)",
    [[25, 26, "unexpected `)`: join conditions with `and` or `or`, or start a new rule with `when`"]],
    "(channel \"X\" (when (exists a)))",
  ],
  [
    "channel \"X\" when a exists and",
    [[29, 29, "expected a condition after `and`"]],
    "(channel \"X\" (when (exists a)))",
  ],
  [
    "channel \"X\" when a exists and or b exists",
    [[30, 32, "expected a condition after `and`; `or` is a reserved word: write `` `or` `` to use it as a field name"]],
    "(channel \"X\" (when (exists a)))",
  ],
  [
    "channel \"X\" when for = \"x\"",
    [[17, 20, "expected a condition after `when`; `for` is a reserved word: write `` `for` `` to use it as a field name"]],
    "(channel \"X\" (when ?))",
  ],
  [
    "channel \"X\" when a matches \"x\"",
    [[27, 30, "expected a regex like /pattern/ after `matches`"]],
    "(channel \"X\" (when (matches a ?)))",
  ],
  [
    "channel \"X\" when a contains /x/",
    [[28, 31, "expected a string in double quotes after `contains`"]],
    "(channel \"X\" (when (contains a ?)))",
  ],
  [
    "channel \"X\" when a.",
    [[19, 19, "expected a field name after `.`"]],
    "(channel \"X\" (when ?))",
  ],
  [
    "channel \"X\" when a..b exists",
    [[19, 20, "expected a field name after `.`"]],
    "(channel \"X\" (when ?))",
  ],
  [
    "channel \"X\" when a = \"x\" ignoring",
    [[33, 33, "expected `case` after `ignoring`"]],
    "(channel \"X\" (when (= a \"x\" ignoring-case)))",
  ],
  [
    "channel \"X\" when a = \"x\" matching cases",
    [[34, 39, "expected `case` after `matching`"]],
    "(channel \"X\" (when (= a \"x\" matching-case)))",
  ],
  [
    "channel \"X\" when a exists ignoring case",
    [[26, 39, "`ignoring case` does not apply to `exists`, which compares no text: remove it"]],
    "(channel \"X\" (when (exists a)))",
  ],
  [
    "channel \"X\" when a is null matching case",
    [[27, 40, "`matching case` does not apply to `is null`, which compares no text: remove it"]],
    "(channel \"X\" (when (is-null a)))",
  ],
  [
    "channel \"X\" when a = \"x\" ignoring case matching case",
    [[39, 52, "a condition takes one case modifier: remove `matching case`"]],
    "(channel \"X\" (when (= a \"x\" ignoring-case)))",
  ],
  [
    "channel \"X\" when not",
    [[20, 20, "expected a condition after `not`"]],
    "(channel \"X\" (when (not ?)))",
  ],
  [
    "channel \"X\" when ()",
    [[18, 19, "expected a condition after `(`"]],
    "(channel \"X\" (when (paren ?)))",
  ],
  [
    "channel \"X\" when a exists b exists",
    [[26, 27, "unexpected `b`: join conditions with `and` or `or`, or start a new rule with `when`"]],
    "(channel \"X\" (when (exists a)))",
  ],
  [
    "channel \"X\" when a = \"x\" && b exists || c exists",
    [[25, 27, "write `and`, not `&&`"],
      [37, 39, "write `or`, not `||`"]],
    "(channel \"X\" (when (or (and (= a \"x\") (exists b)) (exists c))))",
  ],
  [
    "channel \"X\" when a ~ \"x\"",
    [[19, 20, "unexpected character `~`"],
      [21, 24, "expected an operator after `a`: `=`, `!=`, `in`, `contains`, `starts with`, `ends with`, `matches`, `exists` or `is`"]],
    "(channel \"X\" (when ?))",
  ],
  [
    "channel \"X\" when a ! = \"x\"",
    [[19, 20, "unexpected character `!`: did you mean `!=`?"]],
    "(channel \"X\" (when (= a \"x\")))",
  ],
  [
    "channel \"X\" when a = \"x\" & b exists",
    [[25, 26, "unexpected character `&`: write `and`"],
      [27, 28, "unexpected `b`: join conditions with `and` or `or`, or start a new rule with `when`"]],
    "(channel \"X\" (when (= a \"x\")))",
  ],
  [
    "list",
    [[4, 4, "expected a list name after `list`"]],
    "(list ? [])",
  ],
  [
    "list x",
    [[6, 6, "expected `=` after the list name"]],
    "(list x [])",
  ],
  [
    "list x =",
    [[8, 8, "expected a list of strings in `[ ]`"]],
    "(list x [])",
  ],
  [
    "list x = \"a\"",
    [[9, 12, "expected a list of strings in `[ ]`"]],
    "(list x [\"a\"])",
  ],
  [
    "list = [\"a\"]",
    [[5, 6, "expected a list name after `list`"]],
    "(list ? [\"a\"])",
  ],
  [
    "list for = []",
    [[5, 8, "expected a list name after `list`"]],
    "(list ? [])",
  ],
  [
    "list x = [\"a\" \"b\"]",
    [[14, 17, "expected `,` or `]` after a list value"]],
    "(list x [\"a\"])",
  ],
  [
    "expect",
    [[6, 6, "expected a channel name (a string in double quotes) or `unclassified` after `expect`"]],
    "(expect ?)",
  ],
  [
    "expect \"X\"",
    [[10, 10, "expected `for` after the expected channel"]],
    "(expect \"X\")",
  ],
  [
    "expect \"X\" for",
    [[14, 14, "expected `{` and the event’s fields after `for`"]],
    "(expect \"X\")",
  ],
  [
    "expect \"X\" for {",
    [[16, 16, "expected a field name or `}` after `{`"]],
    "(expect \"X\")",
  ],
  [
    "expect \"X\" for { a }",
    [[19, 20, "expected `:` after the field name"]],
    "(expect \"X\" (a ?))",
  ],
  [
    "expect \"X\" for { a: }",
    [[20, 21, "expected a string in double quotes or `null` after `:`"]],
    "(expect \"X\" (a ?))",
  ],
  [
    "expect \"X\" for { a: b }",
    [[20, 21, "expected a string in double quotes or `null` after `:`"]],
    "(expect \"X\" (a ?))",
  ],
  [
    "expect \"X\" { a: \"b\" }",
    [[11, 12, "expected `for` after the expected channel"]],
    "(expect \"X\" (a \"b\"))",
  ],
  [
    "expect X for {}",
    [[7, 8, "expected a channel name (a string in double quotes) or `unclassified` after `expect`"]],
    "(expect ?)",
  ],
  [
    "expect \"X\" for { a: \"1\" b: \"2\" }",
    [[24, 25, "expected `,` or `}` after a field value"]],
    "(expect \"X\" (a \"1\"))",
  ],
  [
    "expect \"X\" for { a: \"1\",, }",
    [[24, 25, "expected a field name or `}` after `,`"]],
    "(expect \"X\" (a \"1\"))",
  ],
  [
    "otherwise",
    [[9, 9, "expected a channel name (a string in double quotes) after `otherwise`"]],
    "(otherwise ?)",
  ],
  [
    "otherwise X",
    [[10, 11, "expected a channel name (a string in double quotes) after `otherwise`"]],
    "(otherwise ?)",
  ],
  [
    "otherwise \"A\"\notherwise \"B\"",
    [[14, 27, "a file has at most one `otherwise`: remove this one or the earlier one"]],
    "(otherwise \"A\")\n(otherwise \"B\")",
  ],
  [
    "channel \"X\" when a exists\ncase insensitive",
    [[26, 42, "`case insensitive` must come first in the file, before any list, channel, expect or otherwise"]],
    "(channel \"X\" (when (exists a)))",
  ],
  [
    "case",
    [[4, 4, "expected `insensitive` after `case`"]],
    "",
  ],
  [
    "case sensitive",
    [[5, 14, "expected `insensitive` after `case`"]],
    "",
  ],
  [
    "case insensitive\ncase insensitive",
    [[17, 33, "`case insensitive` must come first in the file, before any list, channel, expect or otherwise"]],
    "case-insensitive",
  ],
  [
    "Channel \"X\" when a exists",
    [[0, 7, "unexpected `Channel`: keywords are lower-case, write `channel`"]],
    "",
  ],
  [
    "channel \"X\" when a exists AND b exists",
    [[26, 29, "unexpected `AND`: keywords are lower-case, write `and`"]],
    "(channel \"X\" (when (exists a)))",
  ],
  [
    "when a exists",
    [[0, 4, "a `when` rule must belong to a channel: write `channel \"Name\"` before it"]],
    "",
  ],
  [
    "}",
    [[0, 1, "unexpected `}`: expected `channel`, `list`, `expect` or `otherwise`"]],
    "",
  ],
  [
    "\"x\"",
    [[0, 3, "unexpected `\"x\"`: expected `channel`, `list`, `expect` or `otherwise`"]],
    "",
  ],
  [
    "5",
    [[0, 1, "unexpected `5`: expected `channel`, `list`, `expect` or `otherwise`"]],
    "",
  ],
  [
    "channel \"X\"\nchannel \"Y\" when a exists",
    [[0, 11, "channel \"X\" has no rules: add a `when` condition after it"]],
    "(channel \"X\")\n(channel \"Y\" (when (exists a)))",
  ],
  [
    "channel \"X\" WHEN a exists",
    [[12, 16, "unexpected `WHEN`: keywords are lower-case, write `when`"]],
    "(channel \"X\")",
  ],
  [
    "channel \"X\" when a exists // comment",
    [[26, 36, "comments start with `#`, not `//`"]],
    "(channel \"X\" (when (exists a)))",
  ],
  // The comment hid the rest of the line: the missing regex or value is that one mistake.
  [
    "channel \"X\" when utm_id matches //",
    [[32, 34, "comments start with `#`, not `//`"]],
    "(channel \"X\" (when (matches utm_id ?)))",
  ],
  [
    "channel \"X\" when a = // note\nchannel \"Y\" when b exists",
    [[21, 28, "comments start with `#`, not `//`"]],
    "(channel \"X\" (when (= a ?)))\n(channel \"Y\" (when (exists b)))",
  ],
  // On a line of its own, the comment hid nothing the rule lacks: two mistakes.
  [
    "channel \"X\" when a =\n// note\nchannel \"Y\" when b exists",
    [
      [20, 20, "expected a string in double quotes after `=`"],
      [21, 28, "comments start with `#`, not `//`"],
    ],
    "(channel \"X\" (when (= a ?)))\n(channel \"Y\" (when (exists b)))",
  ],
  [
    "channel \"X\" when a = \"x",
    [[21, 23, "unterminated string: add a closing `\"` before the end of the line"]],
    "(channel \"X\" (when (= a \"x\")))",
  ],
  [
    "channel \"X\" when a = \"x\\\"",
    [[21, 25, "unterminated string: add a closing `\"` before the end of the line"]],
    "(channel \"X\" (when (= a \"x\\\"\")))",
  ],
  [
    "channel \"X\" when a = \"\\x",
    [[21, 24, "unterminated string: add a closing `\"` before the end of the line"]],
    "(channel \"X\" (when (= a \"\\\\x\")))",
  ],
  [
    "channel \"X\" when a = \"\\u12\tb",
    [[21, 28, "unterminated string: add a closing `\"` before the end of the line"]],
    "(channel \"X\" (when (= a \"\\\\u12\\tb\")))",
  ],
  [
    "channel \"X\" when a = \"\\x\"",
    [[22, 24, "invalid escape `\\x` in a string: JSON strings allow \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX (four hex digits)"]],
    "(channel \"X\" (when (= a \"\\\\x\")))",
  ],
  [
    "channel \"X\" when a = \"\\u12\"",
    [[22, 26, "invalid escape `\\u12` in a string: JSON strings allow \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX (four hex digits)"]],
    "(channel \"X\" (when (= a \"\\\\u12\")))",
  ],
  [
    "channel \"X\" when a = \"a\tb\"",
    [[23, 24, "control character U+0009 in a string: write it as `\\t`"]],
    "(channel \"X\" (when (= a \"a\\tb\")))",
  ],
  [
    "channel 'X' when a exists",
    [[8, 11, "strings are written in double quotes (JSON): use \"…\" instead of '…'"]],
    "(channel \"X\" (when (exists a)))",
  ],
  [
    "channel \"X\" when a = 'ab\\q",
    [[21, 26, "unterminated string in single quotes: strings are written in double quotes (JSON), closed before the end of the line"]],
    "(channel \"X\" (when (= a \"ab\\\\q\")))",
  ],
  [
    "channel \"X\" when a matches /x",
    [[27, 29, "unterminated regex: add a closing `/` before the end of the line"]],
    "(channel \"X\" (when (matches a /x/)))",
  ],
  [
    "channel \"X\" when a matches /[/x",
    [[27, 31, "unterminated regex: add a closing `/` before the end of the line"]],
    "(channel \"X\" (when (matches a /[/x/)))",
  ],
  [
    "channel \"X\" when a matches /x/g",
    [[30, 31, "unsupported regex flag `g`: only `i` (ignore case) is allowed"]],
    "(channel \"X\" (when (matches a /x/g)))",
  ],
  [
    "channel \"X\" when a matches /x/ii",
    [[31, 32, "the regex flag `i` is written twice"]],
    "(channel \"X\" (when (matches a /x/ii)))",
  ],
  [
    "channel \"X\" when a matches /x/gim",
    [[30, 31, "unsupported regex flag `g`: only `i` (ignore case) is allowed"],
      [32, 33, "unsupported regex flag `m`: only `i` (ignore case) is allowed"]],
    "(channel \"X\" (when (matches a /x/gim)))",
  ],
  [
    "channel \"X\" when `a b = \"x\"\n  when c exists",
    [[17, 27, "unterminated field name: add a closing backtick (`) before the end of the line"]],
    "(channel \"X\" (when ?) (when (exists c)))",
  ],
  [
    "channel \"X\" @ when a exists",
    [[12, 13, "unexpected character `@`"]],
    "(channel \"X\" (when (exists a)))",
  ],
  [
    "channel \"X\"\r\n  when a =\r\n  when b exists",
    [[23, 23, "expected a string in double quotes after `=`"]],
    "(channel \"X\" (when (= a ?)) (when (exists b)))",
  ],
  [
    "list x = \"a\"",
    [[9, 12, "expected a list of strings in `[ ]`"]],
    "(list x [\"a\"])",
  ],
  [
    "expect \"X\" for a: \"b\"",
    [[15, 16, "expected `{` and the event’s fields after `for`"]],
    "(expect \"X\" (a \"b\"))",
  ],
];

describe('broken inputs: every error with its exact span and message', () => {
  it.each(cases)('%j', (text, errors, tree) => {
    const result = parseChannels(text);
    expect(result.errors.map((e) => [e.span.start, e.span.end, e.message])).toEqual(errors);
    expect(result.errors.every((e) => e.code === 'syntax')).toBe(true);
    expect(printTree(result.tree)).toBe(tree);
    expect(treeViolations(text, result, { strict: false })).toEqual([]);
  });
});
