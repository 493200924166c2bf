// `channel-rules import FILE.json`: a GA4 custom channel group → rules (SPEC §8).
// Each grouping rule is one channel with one `when`, in order; GA4 matches without
// regard to case, so the file says `case insensitive`. Regexes are RE2, read by
// ../sql/dialect-regex with RE2's meaning of `.` and classes; a filter on a missing
// field does not match, which is what the language's positive operators do.

import { jsRegexSource } from '../js-regex';
import { GA4_CASE_MODEL } from '../case-mapping';
import { printRegex } from '../../sql/print-regex';
import { regexTree } from '../../sql/regex-tree';
import { RE2_BIGQUERY } from '../../sql/regex-syntaxes';
import { ImportError } from '../import-error';
import { and, FALSE, not, or, rulesText, test, type Condition, type ImportedChannel } from '../rules-text';
import { unwritableField } from '../../language/field-name-text';
import { anchored, parseDialectRegex, RegexRefusal } from '../sql/dialect-regex';
import { MAX_PATTERN_LENGTH } from '../../check/regex-subset';
import { tooLongForRules } from '../regex-length';
import { fieldOfGa4, type StringMatchType } from './channel-group';

export interface Ga4ImportOptions {
  fileName: string;
  /** Which group of a `channelGroups` list response. */
  group?: string;
}

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(message: string, path: string): never {
  throw new ImportError(message, path);
}

function only(object: Record<string, Json>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) fail(`unknown field "${key}" (expected ${allowed.join(', ')})`, `${path}.${key}`);
  }
}

function stringAt(object: Record<string, Json>, key: string, path: string): string {
  const value = object[key];
  if (typeof value !== 'string') fail(`"${key}" must be a string`, `${path}.${key}`);
  return value;
}

/** The `.channels` text of a GA4 channel group; throws ImportError naming a JSON path. */
export function importGa4ChannelGroup(text: string, options: Ga4ImportOptions): string {
  let json: Json;
  try {
    json = JSON.parse(text);
  } catch (error) {
    fail(`not JSON: ${(error as Error).message}`, '$');
  }
  const [group, path] = pickGroup(json, options.group);
  only(group, ['name', 'displayName', 'description', 'groupingRule', 'systemDefined', 'primary'], path);
  const displayName = stringAt(group, 'displayName', path);
  const rules = group.groupingRule;
  if (!Array.isArray(rules) || rules.length === 0) fail('"groupingRule" must be a non-empty array', `${path}.groupingRule`);
  const channels: ImportedChannel[] = rules.map((rule, i) => {
    const rulePath = `${path}.groupingRule[${i}]`;
    if (!isObject(rule)) fail('a grouping rule must be an object', rulePath);
    only(rule, ['displayName', 'expression'], rulePath);
    const name = stringAt(rule, 'displayName', rulePath);
    if (name === '' || name === '(unclassified)' || name === '(no touch)') fail(`the channel name ${JSON.stringify(name)}, which the rules language reserves`, `${rulePath}.displayName`);
    const condition = expression(rule.expression, `${rulePath}.expression`);
    const comments = [`from ${options.fileName} ${rulePath}`];
    if (condition.kind === 'const') {
      if (condition.value) fail('a grouping rule that matches every event (import cannot write it as a when)', `${rulePath}.expression`);
      return { name, comments: [...comments, 'never matches'], rules: [] };
    }
    return { name, comments: [], rules: [{ comments, condition }] };
  });
  return rulesText({
    header: [
      `imported from ${options.fileName}: GA4 channel group ${JSON.stringify(displayName)} by channel-rules import`,
      'GA4 matches without regard to case; events no rule matches are GA4\'s "Unassigned"',
    ],
    caseInsensitive: true,
    channels: channels.filter((channel) => channel.rules.length > 0),
    footer: channels.filter((channel) => channel.rules.length === 0).flatMap((channel) => channel.comments),
  });
}

function pickGroup(json: Json, wanted: string | undefined): [Record<string, Json>, string] {
  if (!isObject(json)) fail('expected a ChannelGroup object or a list response with "channelGroups"', '$');
  if (!('channelGroups' in json)) {
    if (wanted !== undefined && json.displayName !== wanted) fail(`the channel group is ${JSON.stringify(json.displayName)}, not ${JSON.stringify(wanted)}`, '$.displayName');
    return [json, '$'];
  }
  const groups = json.channelGroups;
  if (!Array.isArray(groups)) fail('"channelGroups" must be an array', '$.channelGroups');
  const names = groups.map((group) => (isObject(group) ? group.displayName : undefined));
  if (wanted === undefined) {
    if (groups.length === 1 && isObject(groups[0])) return [groups[0], '$.channelGroups[0]'];
    fail(`the list holds ${groups.length} channel groups: choose one with --group (${names.map((name) => JSON.stringify(name)).join(', ')})`, '$.channelGroups');
  }
  const index = names.indexOf(wanted);
  if (index < 0) fail(`no channel group named ${JSON.stringify(wanted)} (there are ${names.map((name) => JSON.stringify(name)).join(', ')})`, '$.channelGroups');
  return [groups[index] as Record<string, Json>, `$.channelGroups[${index}]`];
}

/** Nesting deeper than this is refused (a stack overflow is no answer). */
const MAX_NESTING = 200;

function expression(value: Json, path: string, depth = 0): Condition {
  if (depth > MAX_NESTING) fail(`nesting deeper than ${MAX_NESTING} levels`, path);
  if (!isObject(value)) fail('an expression must be an object', path);
  const keys = Object.keys(value);
  if (keys.length !== 1) fail(`an expression holds exactly one of andGroup, orGroup, notExpression, filter (found ${keys.join(', ') || 'none'})`, path);
  const key = keys[0]!;
  const inner = value[key];
  switch (key) {
    case 'andGroup':
    case 'orGroup': {
      if (!isObject(inner)) fail(`"${key}" must be an object`, `${path}.${key}`);
      only(inner, ['filterExpressions'], `${path}.${key}`);
      const list = inner.filterExpressions;
      if (!Array.isArray(list) || list.length === 0) fail('"filterExpressions" must be a non-empty array', `${path}.${key}.filterExpressions`);
      const items = list.map((item, i) => expression(item, `${path}.${key}.filterExpressions[${i}]`, depth + 1));
      return key === 'andGroup' ? and(...items) : or(...items);
    }
    case 'notExpression':
      return not(expression(inner, `${path}.notExpression`, depth + 1));
    case 'filter':
      return filter(inner, `${path}.filter`);
    default:
      fail(`unknown expression "${key}" (expected andGroup, orGroup, notExpression or filter)`, `${path}.${key}`);
  }
}

function filter(value: Json, path: string): Condition {
  if (!isObject(value)) fail('a filter must be an object', path);
  only(value, ['fieldName', 'stringFilter', 'inListFilter'], path);
  const fieldName = stringAt(value, 'fieldName', path);
  if (fieldName === '') fail('"fieldName" is empty', `${path}.fieldName`);
  const field = fieldOfGa4(fieldName);
  const unwritable = unwritableField(field);
  if (unwritable !== undefined) fail(unwritable, `${path}.fieldName`);
  if ('stringFilter' in value === 'inListFilter' in value) fail('a filter holds exactly one of stringFilter, inListFilter', path);
  if ('inListFilter' in value) {
    const list = value.inListFilter;
    const listPath = `${path}.inListFilter`;
    if (!isObject(list)) fail('"inListFilter" must be an object', listPath);
    only(list, ['values'], listPath);
    const values = list.values;
    if (!Array.isArray(values) || values.length === 0 || values.some((item) => typeof item !== 'string')) fail('"values" must be a non-empty array of strings', `${listPath}.values`);
    const unique = [...new Set(values as string[])];
    return unique.length === 1 ? test(field, 'equals', unique[0]!) : test(field, 'in', unique);
  }
  const stringFilter = value.stringFilter;
  const filterPath = `${path}.stringFilter`;
  if (!isObject(stringFilter)) fail('"stringFilter" must be an object', filterPath);
  only(stringFilter, ['matchType', 'value'], filterPath);
  const matchType = stringAt(stringFilter, 'matchType', filterPath) as StringMatchType;
  const operand = stringAt(stringFilter, 'value', filterPath);
  switch (matchType) {
    case 'EXACT':
      return test(field, 'equals', operand);
    case 'BEGINS_WITH':
      return test(field, 'startsWith', operand);
    case 'ENDS_WITH':
      return test(field, 'endsWith', operand);
    case 'CONTAINS':
      return test(field, 'contains', operand);
    case 'FULL_REGEXP':
    case 'PARTIAL_REGEXP': {
      // What export writes for `is set`: found in every string.
      if (matchType === 'PARTIAL_REGEXP' && (operand === '.*' || operand === '')) return test(field, 'isSet');
      // What export writes for `= ""`, whose EXACT value GA4 would drop as empty.
      if (matchType === 'PARTIAL_REGEXP' && operand === '^\\z') return test(field, 'equals', '');
      if (operand.length > MAX_PATTERN_LENGTH) fail(`the RE2 pattern of ${operand.length.toLocaleString('en-US')} characters: ${tooLongForRules()}`, `${filterPath}.value`);
      let source: string | null;
      try {
        source = ga4Regex(operand, matchType === 'FULL_REGEXP');
      } catch (error) {
        if (error instanceof RegexRefusal) fail(`the RE2 pattern ${JSON.stringify(operand)}: ${error.message} (at character ${error.offset + 1})`, `${filterPath}.value`);
        throw error;
      }
      if (source !== null && source.length > MAX_PATTERN_LENGTH) {
        fail(`the RE2 pattern of ${operand.length.toLocaleString('en-US')} characters, written as a regex of ${source.length.toLocaleString('en-US')}: ${tooLongForRules()}`, `${filterPath}.value`);
      }
      return source === null ? FALSE : source === '' ? test(field, 'isSet') : test(field, 'matches', source);
    }
    default:
      fail(`the match type ${JSON.stringify(matchType)} (expected EXACT, BEGINS_WITH, ENDS_WITH, CONTAINS, FULL_REGEXP or PARTIAL_REGEXP)`, `${filterPath}.matchType`);
  }
}

/**
 * The regex as written (the file's `case insensitive` folds it as GA4 does), unless
 * folding the printed form differs from folding the written one: a class printed
 * negated where GA4 saw it positive folds differently. Then the regex with every class
 * already closed under case folding, which any form prints exactly.
 */
function ga4Regex(pattern: string, whole: boolean): string | null {
  const options = { flavor: 're2' as const, caseModel: GA4_CASE_MODEL, targetIgnoresCase: true };
  const plain = jsRegexSource(anchored(parseDialectRegex(pattern, { ...options, ignoreCase: false }), whole));
  const folded = anchored(parseDialectRegex(pattern, { ...options, ignoreCase: true }), whole);
  const foldedSource = jsRegexSource(folded);
  if (plain === null || foldedSource === null) return foldedSource;
  const same = printRegex(regexTree(plain, true), RE2_BIGQUERY) === printRegex(regexTree(foldedSource, false), RE2_BIGQUERY);
  return same ? plain : foldedSource;
}
