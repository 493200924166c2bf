// One entry per diagnostic code: the title and help text that SARIF rules, GitHub
// annotations and the step summary show, and the anchor of its section in
// docs/diagnostics.md (the same words, at length).

import type { DiagnosticCode } from '../../engine/diagnostics';
import { REPOSITORY_URL } from '../../engine/version';

export interface DiagnosticHelp {
  title: string;
  /** One sentence. */
  summary: string;
  /** What it means and what to do, a short paragraph. */
  help: string;
}

/**
 * Where docs/diagnostics.md is published (each code is an anchor in it): in the
 * package's repository (package.json `repository`, scripts/repository.mjs). Undefined
 * while the repository has no public URL: then no link is given rather than a guess.
 */
export const DIAGNOSTICS_DOC_URL: string | undefined = REPOSITORY_URL === undefined ? undefined : `${REPOSITORY_URL}/blob/main/docs/diagnostics.md`;

export function helpUri(code: DiagnosticCode): string | undefined {
  return DIAGNOSTICS_DOC_URL === undefined ? undefined : `${DIAGNOSTICS_DOC_URL}#${code}`;
}

export const DIAGNOSTIC_HELP: Record<DiagnosticCode, DiagnosticHelp> = {
  syntax: {
    title: 'Syntax error',
    summary: 'The text is not valid channel rules.',
    help: 'The parser recovers and reports every syntax error in the file. Fix the text at the marked place; rules with errors are left out of the analysis.',
  },
  'unknown-list': {
    title: 'Unknown list',
    summary: '`in` names a list that is not declared.',
    help: 'Declare the list with `list NAME = [ … ]` anywhere in the file, or correct the name.',
  },
  'duplicate-list': {
    title: 'Duplicate list',
    summary: 'Two lists have the same name.',
    help: 'Rename or merge one of them: a list name must be unique in its file.',
  },
  'bad-regex': {
    title: 'Bad regex',
    summary: 'The regex does not parse, or uses syntax outside what RE2 and JavaScript share.',
    help: 'Backreferences, lookaround and flags other than `i` are not allowed, so the compiled SQL matches exactly the same values on every warehouse.',
  },
  'unreachable-rule': {
    title: 'Unreachable rule',
    summary: 'Every event the rule matches is matched by earlier rules, so it never gives a channel.',
    help: 'The earlier rules that together cover this one are listed, with an example event. Remove the rule, or move it above the rules that cover it if it should win.',
  },
  'unsatisfiable-rule': {
    title: 'Unsatisfiable rule',
    summary: 'No event at all can match the rule.',
    help: 'Its conditions contradict each other (for example `a = "x" and a = "y"`). Usually an `and` that should be an `or`.',
  },
  'overlapping-rule': {
    title: 'Overlapping rule',
    summary: 'The rule shares events with earlier rules of other channels, so the order of the rules decides.',
    help: 'One example event per earlier channel shows which channel such events get. Nothing is wrong if that is intended; reorder the rules if not.',
  },
  'redundant-condition': {
    title: 'Redundant condition',
    summary: 'A condition that never changes whether its rule matches.',
    help: 'The rule means exactly the same without it: remove it, or correct it if it was meant to narrow the rule.',
  },
  'unreachable-otherwise': {
    title: 'Unreachable otherwise',
    summary: 'The rules already give every possible event a channel, so `otherwise` is never used.',
    help: 'Remove the `otherwise`, or narrow the catch-all rule that covers everything.',
  },
  'duplicate-value': {
    title: 'Duplicate value',
    summary: 'A value is repeated in an `in` list.',
    help: 'Remove the repetition; with `ignoring case` or `case insensitive` values that differ only in case are repetitions too.',
  },
  'suspicious-regex': {
    title: 'Suspicious regex',
    summary: 'A valid regex that probably does not mean what was intended.',
    help: 'An unescaped `.` in a domain-like pattern matches any character (write `\\.`); nested or adjacent quantifiers can backtrack super-linearly on long values.',
  },
  'analysis-incomplete': {
    title: 'Analysis incomplete',
    summary: 'The exact analysis stopped at its budget for this rule and makes no claim about it.',
    help: 'The automata or the number of cases grew past their limits. The rule may still be unreachable or overlapping; simplify its regexes or conditions to let the analysis finish.',
  },
  'failed-expectation': {
    title: 'Failed expectation',
    summary: 'An `expect` statement whose event gets another channel.',
    help: 'The message says which channel the event got and which rule gave it. Fix the rules, or the expectation.',
  },
  'unknown-field': {
    title: 'Unknown field',
    summary: "A field that never occurs in the preview's sample events.",
    help: 'Often a misspelt field name; only reported when a sample is loaded in the editor.',
  },
  'placeholder-value': {
    title: 'Placeholder value',
    summary: 'A comparison with "(none)", "(not set)", "(direct)", "EMPTY", "null" or "".',
    help: 'Raw events usually lack the field rather than hold such a placeholder: did you mean `is not set`?',
  },
  'invalid-channel-name': {
    title: 'Invalid channel name',
    summary: 'A channel named "", "(unclassified)" or "(no touch)".',
    help: 'These names are reserved for reports; choose another name.',
  },
  'conflicting-case': {
    title: 'Conflicting case',
    summary: 'A regex with the `i` flag followed by `matching case`.',
    help: 'Remove one of the two: they say opposite things.',
  },
  'duplicate-otherwise': {
    title: 'Duplicate otherwise',
    summary: 'More than one `otherwise`.',
    help: 'A file has at most one `otherwise`; remove the others.',
  },
  'duplicate-field': {
    title: 'Duplicate field',
    summary: 'An `expect` names the same field twice.',
    help: 'Give each field one value.',
  },
  'click-id-medium': {
    title: 'Click identifier overrides UTM tagging',
    summary: 'A rule testing gclid, fbclid, msclkid, ttclid or li_fat_id classifies sample events whose UTM parameters alone give another channel.',
    help: 'Decide which should win: add a condition on utm_medium to the click-identifier rule, or move a UTM rule above it. Shown in the editor when sample events are loaded.',
  },
};
