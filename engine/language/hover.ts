// Hover in editor words: what is under the cursor, explained in Markdown.
// - a rule (`when …`): its channel, its place in the order, whether the analysis
//   found it reachable, and an example event it classifies (confirmed by running the
//   classifier on it: a hover never claims what the engine would not do);
// - a list: its size and first values; a field: the values the sample events have,
//   with counts; a regex: what it matches, in words; an operator: what it means;
// - a channel name: its blocks and rules; `otherwise`: whether any event reaches it.

import type { ChannelBlock, Condition, SourceFile, Span, WhenClause } from '../../grammar/syntax-tree';
import type { Rule } from '../check/checked-rules';
import type { EventProps } from '../events/event';
import { code, describeRegex } from './describe-regex';
import type { RulesDocument } from './document';
import { percent } from './percent';
import type { SampleProfile } from './sample-profile';
import { STANDARD_FIELDS } from './standard-fields';
import { innermost, nodePathAt } from './syntax-walk';
import { writeField } from './field-name-text';

/** What the analysis says about one checked rule (engine/analysis facts, reduced to what hover shows). */
export interface RuleVerdict {
  status: 'reachable' | 'unreachable' | 'unsatisfiable' | 'undecided';
  /** An event the rule matches (for a reachable rule: one it classifies). */
  example?: Record<string, string | null>;
  /** For unreachable rules: the checked indexes of earlier rules that together cover it. */
  coveredBy?: number[];
  /** What could not be decided. */
  incomplete?: string[];
}

export interface HoverContext {
  document: RulesDocument;
  offset: number;
  /** Analysis verdicts by checked rule index; undefined while no analysis of this version exists. */
  verdicts?: readonly (RuleVerdict | undefined)[];
  otherwise?: { status: 'reachable' | 'unreachable' | 'undecided'; example?: Record<string, string | null> };
  /** Whether an analysis of this version is pending or running. */
  analysisPending?: boolean;
  /** Classifies an event (a rule index, or -1 otherwise / -2 unclassified), to confirm examples. */
  classify?: (props: EventProps) => number;
  profile?: SampleProfile;
  /** Sample events per checked rule index, with the otherwise and unclassified counts. */
  sampleCounts?: { perRule: readonly number[]; otherwise: number; unclassified: number; total: number };
}

export interface HoverResult {
  span: Span;
  markdown: string;
}

const MAX_LIST_VALUES = 10;
const MAX_FIELD_VALUES = 10;

const OPERATOR_MEANING: Record<Condition['operator'], [string, string]> = {
  equals: ['The value is exactly this string; false when the field is missing or null.', 'Not `=`: true when the value is another string, or the field is missing or null.'],
  in: ['The value is one of these strings; false when the field is missing or null.', 'Not `in`: true when the value is none of these strings, or the field is missing or null.'],
  contains: ['The value contains this string; false when the field is missing or null.', 'Not `contains`: also true when the field is missing or null.'],
  startsWith: ['The value starts with this string; false when the field is missing or null.', 'Not `starts with`: also true when the field is missing or null.'],
  endsWith: ['The value ends with this string; false when the field is missing or null.', 'Not `ends with`: also true when the field is missing or null.'],
  matches: [
    'The regex is found somewhere in the value (anchor it with `^` and `$` for a whole-value match); false when the field is missing or null.',
    'Not `matches`: also true when the field is missing or null.',
  ],
  exists: ['The field is present: a string (`""` included) or null.', ''],
  isMissing: ['The field is absent from the event (not even null).', ''],
  isNull: ['The field is present with the value null.', ''],
  isEmpty: ['The value is the empty string `""`.', ''],
  isSet: ['The value is a string, `""` included (not missing, not null).', ''],
  isNotSet: ['The field is missing or null (Amplitude\'s "(none)").', ''],
};

export function hoverAt(context: HoverContext): HoverResult | undefined {
  const { document, offset } = context;
  const tree = document.parsed.tree;
  const path = nodePathAt(tree, offset);
  const node = path[path.length - 1]!;
  const parent = path[path.length - 2];

  if (tree.caseInsensitive !== undefined && offset >= tree.caseInsensitive.start && offset <= tree.caseInsensitive.end) {
    return {
      span: tree.caseInsensitive,
      markdown: '**case insensitive**: every comparison of this file, regexes included, ignores case (Unicode simple case folding) unless `matching case` follows it.',
    };
  }
  switch (node.kind) {
    case 'regex': {
      const condition = innermost(path, 'condition');
      const ignoreCase = node.flags.includes('i') || caseIgnored(tree, condition);
      const words = describeRegex(node.pattern, ignoreCase);
      return words === undefined ? undefined : { span: node.span, markdown: `${code(node.raw)}\n\n${words}` };
    }
    case 'field':
      return { span: node.span, markdown: fieldHover(node.name, context) };
    case 'identifier':
      if (parent?.kind === 'list' || parent?.kind === 'condition') return { span: node.span, markdown: listHover(node.name, tree) };
      break;
    case 'string':
      if ((parent?.kind === 'channel' || parent?.kind === 'otherwise') && parent.name === node) {
        return { span: node.span, markdown: channelHover(node.value, context) };
      }
      if (parent?.kind === 'expect' && parent.channel === node) return { span: node.span, markdown: channelHover(node.value, context) };
      break;
    case 'case-modifier':
      return {
        span: node.span,
        markdown:
          node.mode === 'ignoring'
            ? '**ignoring case**: this comparison ignores case (Unicode simple case folding, as a JavaScript regex with flags `iu`).'
            : '**matching case**: this comparison is case-sensitive, even in a `case insensitive` file.',
      };
    case 'otherwise':
      if (offset <= node.keyword.end) return { span: node.keyword, markdown: otherwiseHover(node.name?.value, context) };
      break;
    default:
      break;
  }
  const condition = innermost(path, 'condition');
  if (condition !== undefined && offset >= condition.operatorSpan.start && offset <= condition.operatorSpan.end) {
    const [positive, negative] = OPERATOR_MEANING[condition.operator];
    const text = condition.negated && negative !== '' ? negative : positive;
    return { span: condition.operatorSpan, markdown: `${code(document.text.slice(condition.operatorSpan.start, condition.operatorSpan.end))}: ${text}` };
  }
  const when = innermost(path, 'when');
  const channel = innermost(path, 'channel');
  if (when !== undefined && channel !== undefined) return { span: when.keyword, markdown: ruleHover(when, channel, context) };
  return undefined;
}

/** Whether a condition compares ignoring case (its modifier, else the file's mode). */
function caseIgnored(tree: SourceFile, condition: Condition | undefined): boolean {
  if (condition?.caseModifier !== undefined) return condition.caseModifier.mode === 'ignoring';
  return tree.caseInsensitive !== undefined;
}

function allRules(tree: SourceFile): { when: WhenClause; channel: ChannelBlock }[] {
  const rules: { when: WhenClause; channel: ChannelBlock }[] = [];
  for (const statement of tree.statements) {
    if (statement.kind === 'channel') for (const when of statement.rules) rules.push({ when, channel: statement });
  }
  return rules;
}

function checkedRuleAt(document: RulesDocument, when: WhenClause): Rule | undefined {
  return document.checked.rules.find((rule) => rule.span.start === when.span.start);
}

/**
 * An event as the `expect` syntax writes it: `{ utm_source: "google", referrer: null }`;
 * undefined when a field's name holds a backtick, which no expectation can name.
 */
export function formatEvent(event: Record<string, string | null>): string | undefined {
  const pairs: string[] = [];
  for (const [field, value] of Object.entries(event)) {
    const written = writeField(field);
    if (written === undefined) return undefined;
    pairs.push(`${written}: ${value === null ? 'null' : JSON.stringify(value)}`);
  }
  return pairs.length === 0 ? '{}' : `{ ${pairs.join(', ')} }`;
}

function line(document: RulesDocument, span: Span): number {
  return document.lines.lineNumber(span.start);
}

function ruleHover(when: WhenClause, channel: ChannelBlock, context: HoverContext): string {
  const { document } = context;
  const rules = allRules(document.parsed.tree);
  const position = rules.findIndex((rule) => rule.when === when) + 1;
  const name = channel.name?.value ?? '?';
  const parts = [`**Rule ${position} of ${rules.length}** → channel ${code(JSON.stringify(name))}`];
  const rule = checkedRuleAt(document, when);
  if (rule === undefined) {
    parts.push('This rule has errors: it is left out of the order (and of the analysis) until they are fixed.');
    return parts.join('\n\n');
  }
  const verdict = context.verdicts?.[rule.index];
  if (verdict === undefined) {
    parts.push(context.analysisPending ? '_Analysis running…_' : '_Not analysed yet._');
  } else {
    switch (verdict.status) {
      case 'reachable': {
        const example = verdict.example !== undefined && confirms(context, verdict.example, rule.index) ? formatEvent(verdict.example) : undefined;
        parts.push(
          example === undefined
            ? 'Reachable: some events get their channel from this rule.'
            : `Reachable. An event it classifies:\n\n\`\`\`channels\n${example}\n\`\`\``,
        );
        break;
      }
      case 'unreachable': {
        const covering = (verdict.coveredBy ?? [])
          .map((index) => document.checked.rules[index])
          .filter((covering): covering is Rule => covering !== undefined)
          .map((covering) => `line ${covering.line} (${code(JSON.stringify(covering.channel))})`);
        parts.push(`**Unreachable**: every event it matches is taken earlier, by the rule${covering.length === 1 ? '' : 's'} on ${covering.join(', ')}.`);
        break;
      }
      case 'unsatisfiable':
        parts.push('**Unsatisfiable**: no event can match this rule.');
        break;
      case 'undecided':
        parts.push(`The analysis could not decide whether this rule is reachable${verdict.incomplete?.length ? ` (${verdict.incomplete.join('; ')})` : ''}.`);
        break;
    }
  }
  const counts = context.sampleCounts;
  if (counts !== undefined) {
    const got = counts.perRule[rule.index] ?? 0;
    parts.push(`Sample events it classifies: **${got.toLocaleString('en-US')}** of ${counts.total.toLocaleString('en-US')} (${percent(got, counts.total)}).`);
  }
  return parts.join('\n\n');
}

/** Whether the classifier gives the example the rule the analysis says (never show an unproven example). */
function confirms(context: HoverContext, event: Record<string, string | null>, ruleIndex: number): boolean {
  if (context.classify === undefined) return false;
  try {
    return context.classify(event) === ruleIndex;
  } catch {
    return false;
  }
}

function listHover(name: string, tree: SourceFile): string {
  const declarations = tree.statements.filter((statement) => statement.kind === 'list' && statement.name?.name === name);
  const list = declarations[0];
  if (list === undefined || list.kind !== 'list') return `**list ${name}**: not declared in this file.`;
  const values = list.values.map((value) => value.raw);
  const shown = values.slice(0, MAX_LIST_VALUES).join(', ');
  const more = values.length > MAX_LIST_VALUES ? `, … (${values.length - MAX_LIST_VALUES} more)` : '';
  return `**list ${name}**: ${values.length} value${values.length === 1 ? '' : 's'}\n\n\`\`\`channels\n[${shown}${more}]\n\`\`\``;
}

function fieldHover(field: string, context: HoverContext): string {
  const parts = [`**field** ${code(field)}`];
  const standard = STANDARD_FIELDS.find((candidate) => candidate.name === field);
  if (standard !== undefined) parts.push(standard.description);
  const profile = context.profile;
  if (profile !== undefined) {
    const seen = profile.fields.get(field);
    if (seen === undefined) parts.push(`Not in any of the ${profile.events.toLocaleString('en-US')} sample events.`);
    else {
      const rows = seen.values.slice(0, MAX_FIELD_VALUES).map((value) => `| ${value.value === null ? '_null_' : code(JSON.stringify(value.value))} | ${value.count.toLocaleString('en-US')} |`);
      const others = seen.distinct - Math.min(seen.distinct, MAX_FIELD_VALUES);
      parts.push(
        `In ${seen.present.toLocaleString('en-US')} of ${profile.events.toLocaleString('en-US')} sample events (${percent(seen.present, profile.events)}), ${seen.distinct.toLocaleString('en-US')}${seen.truncated ? '+' : ''} distinct values:\n\n| value | events |\n|---|---:|\n${rows.join('\n')}` +
          (others > 0 ? `\n\n…and ${others.toLocaleString('en-US')}${seen.truncated ? '+' : ''} more values.` : ''),
      );
    }
  }
  return parts.join('\n\n');
}

function channelHover(name: string, context: HoverContext): string {
  const { document } = context;
  const tree = document.parsed.tree;
  const blocks = tree.statements.filter((statement) => statement.kind === 'channel' && statement.name?.value === name) as ChannelBlock[];
  const rules = allRules(tree);
  const positions = rules.map((rule, i) => ({ ...rule, position: i + 1 })).filter((rule) => rule.channel.name?.value === name);
  const parts = [`**channel** ${code(JSON.stringify(name))}`];
  if (blocks.length > 0) {
    parts.push(
      `${positions.length} rule${positions.length === 1 ? '' : 's'} in ${blocks.length} block${blocks.length === 1 ? '' : 's'}: ` +
        positions.map((rule) => `#${rule.position} (line ${line(document, rule.when.span)})`).join(', '),
    );
  }
  const otherwise = tree.statements.find((statement) => statement.kind === 'otherwise');
  if (otherwise?.kind === 'otherwise' && otherwise.name?.value === name) parts.push('Also the `otherwise` channel: events no rule matches get it.');
  if (blocks.length === 0 && !(otherwise?.kind === 'otherwise' && otherwise.name?.value === name)) parts.push('No rule gives this channel.');
  const counts = context.sampleCounts;
  if (counts !== undefined) {
    let got = positions.reduce((sum, rule) => {
      const checked = checkedRuleAt(document, rule.when);
      return sum + (checked === undefined ? 0 : (counts.perRule[checked.index] ?? 0));
    }, 0);
    if (otherwise?.kind === 'otherwise' && otherwise.name?.value === name) got += counts.otherwise;
    parts.push(`Sample events: **${got.toLocaleString('en-US')}** of ${counts.total.toLocaleString('en-US')} (${percent(got, counts.total)}).`);
  }
  return parts.join('\n\n');
}

function otherwiseHover(name: string | undefined, context: HoverContext): string {
  const parts = [`**otherwise** ${name === undefined ? '' : code(JSON.stringify(name))}: events no rule matches get this channel.`];
  const facts = context.otherwise;
  if (facts === undefined) parts.push(context.analysisPending ? '_Analysis running…_' : '_Not analysed yet._');
  else if (facts.status === 'unreachable') parts.push('**Unreachable**: the rules above already give every possible event a channel.');
  else if (facts.status === 'reachable') {
    const example = facts.example !== undefined && context.classify !== undefined && context.classify(facts.example) < 0 ? formatEvent(facts.example) : undefined;
    parts.push(example === undefined ? 'Reachable.' : `Reachable. An event no rule matches:\n\n\`\`\`channels\n${example}\n\`\`\``);
  } else parts.push('The analysis could not decide whether any event reaches it.');
  const counts = context.sampleCounts;
  if (counts !== undefined) {
    parts.push(`Sample events: **${counts.otherwise.toLocaleString('en-US')}** of ${counts.total.toLocaleString('en-US')} (${percent(counts.otherwise, counts.total)}).`);
  }
  return parts.join('\n\n');
}
