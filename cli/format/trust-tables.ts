// SPEC §9 as tables for people (text and Markdown): how far the rules agree with the
// channel the data carries, the confusion matrix, the disagreements with their first
// event, and the unassigned traffic patterns.

import { lineReference } from '../../engine/events/event';
import type { AgreementSection } from '../../engine/report/agreement';
import { channelsAgree } from '../../engine/report/channels-agree';
import { agreementMatrix } from '../../engine/report/agreement-matrix';
import { patternValueText, valueText } from '../../engine/report/pattern-value-text';
import type { ChannelReport } from '../../engine/report/report';
import type { UnassignedSection } from '../../engine/report/unassigned';
import type { TitledTable } from './report-tables';
import { formatInteger, plural } from './table';
import { sharePercent } from '../../engine/text/share-percent';


const NONE = '(unclassified)';

/** The rules' channel in a table: `(unclassified)` for none, a channel that could be confused with it or another quoted. */
function oursText(channel: string | null): string {
  return channel === null ? NONE : valueText(channel, NONE);
}

export function trustTables(report: ChannelReport): TitledTable[] {
  const tables: TitledTable[] = [];
  if (report.against !== undefined) tables.push(...agreementTables(report.against));
  if (report.unassigned !== undefined) {
    const table = unassignedTable(report.unassigned);
    if (table !== undefined) tables.push(table);
  }
  return tables;
}

/** "Agreement with FIELD: 93.1 % of 1,234 events" (or that no event carries it). */
export function agreementSummary(section: AgreementSection): string {
  if (section.events === 0) return `Agreement with ${section.field}: no event has a value in that field`;
  return `Agreement with ${section.field}: ${sharePercent(section.agree, section.events)} of ${plural(section.events, 'event')} (${formatInteger(section.events - section.agree)} disagree)`;
}

export function unassignedSummary(section: UnassignedSection, events: number): string {
  if (section.events === 0) return events === 0 ? 'Unassigned: none (no events)' : 'Unassigned: none (every event got a channel from a rule)';
  return `Unassigned: ${plural(section.events, 'event')} (${sharePercent(section.events, events)}) got the otherwise channel or none, in ${plural(section.patternCount, 'pattern')}`;
}

export function agreementTables(section: AgreementSection): TitledTable[] {
  if (section.events === 0) return [];
  const { theirs, hidden, ours, cells } = agreementMatrix(section);
  const more = hidden > 0 ? `(${hidden} more)` : undefined;
  const matrix: TitledTable = {
    title: `Confusion matrix (rows: the rules' channel; columns: ${section.field})`,
    table: {
      headers: ['ours \\ theirs', ...theirs.map((value) => valueText(value, more)), ...(more !== undefined ? [more] : [])],
      rows: ours.map((channel, row) => [oursText(channel), ...cells[row]!.map((count) => (count === 0 ? '·' : formatInteger(count)))]),
    },
  };
  const tables = [matrix];
  const disagreeing = section.pairs.filter((pair) => !channelsAgree(pair.ours, pair.theirs));
  if (disagreeing.length > 0) {
    tables.push({
      title: 'Disagreements (largest first, with the first event and the rule that gave it)',
      table: {
        headers: ['ours', 'theirs', 'events', 'first line', 'rule'],
        align: ['left', 'left', 'right', 'right', 'left'],
        rows: disagreeing.map((pair) => [
          oursText(pair.ours),
          valueText(pair.theirs),
          formatInteger(pair.events),
          lineReference(pair.example),
          pair.example.rule ?? '(none)',
        ]),
      },
    });
  }
  return tables;
}

export function unassignedTable(section: UnassignedSection): TitledTable | undefined {
  if (section.patterns.length === 0) return undefined;
  const cut = section.patternCount > section.patterns.length ? ` (largest ${section.patterns.length} of ${formatInteger(section.patternCount)})` : '';
  return {
    title: `Unassigned traffic patterns${cut}`,
    table: {
      headers: [...section.fields, 'events', 'users', 'first line'],
      align: [...section.fields.map(() => 'left' as const), 'right', 'right', 'right'],
      rows: section.patterns.map((pattern) => [
        ...section.fields.map((field) => patternValueText(pattern.fields[field] ?? null)),
        formatInteger(pattern.events),
        formatInteger(pattern.users),
        lineReference(pattern.example),
      ]),
    },
  };
}
