// The preview says what `report` says of names the sample has only in another ASCII
// case (Snowflake's USER_ID, UTM_MEDIUM), with the setting that reads each: the sample
// read as having no user, or never the rules' utm_medium, said nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NEVER_CANCELLED } from '../../engine/cancellation';
import { fieldMappingsOf } from '../../engine/events/event-source';
import { compileRules, reportSettings, runPreview } from '../../engine/preview/preview-run';
import { DEFAULT_PREVIEW_OPTIONS } from '../../engine/preview/protocol';
import { loadSample } from '../../engine/preview/sample';

const dir = mkdtempSync(path.join(tmpdir(), 'field-case-notes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RULES = 'channel "Paid"\n  when utm_medium = "cpc"\n';

async function notes(text: string, name: string, fieldMap: Record<string, string> = {}): Promise<string[]> {
  const events = path.join(dir, name);
  writeFileSync(events, text);
  const sample = await loadSample(1, { kind: 'path', path: events, eventSource: { from: 'auto', map: fieldMappingsOf(fieldMap) } }, name);
  const result = await runPreview(1, sample, compileRules(RULES, 'site.channels'), reportSettings(DEFAULT_PREVIEW_OPTIONS), { token: NEVER_CANCELLED });
  return result.fieldCaseNotes;
}

describe('preview: names in another case', () => {
  it('a Snowflake unload: each name with its channelRules.fieldMap', async () => {
    const csv = 'USER_ID,EVENT_TIME,UTM_MEDIUM\nu1,2024-01-01 10:00:00.000,cpc\n';
    expect(await notes(csv, 'snow.csv')).toEqual([
      'no user field (user_id, device_id); the events have USER_ID (field names match exactly; "channelRules.fieldMap": {"user":"USER_ID"})',
      'no time field (time, timestamp, event_time, client_event_time); the events have EVENT_TIME (field names match exactly; "channelRules.fieldMap": {"time":"EVENT_TIME"})',
      'the rules test utm_medium; the events have UTM_MEDIUM (field names match exactly; "channelRules.fieldMap": {"utm_medium":"UTM_MEDIUM"})',
    ]);
    expect(await notes(csv, 'mapped.csv', { user: 'USER_ID', time: 'EVENT_TIME', utm_medium: 'UTM_MEDIUM' })).toEqual([]);
  });

  it('both spellings, NDJSON: only the name missing as written', async () => {
    const line = '{"USER_ID":"u1","time":1704103200000,"utm_medium":"cpc","UTM_MEDIUM":"email"}\n';
    expect(await notes(line, 'both.ndjson')).toEqual([
      'no user field (user_id, device_id); the events have USER_ID (field names match exactly; "channelRules.fieldMap": {"user":"USER_ID"})',
    ]);
  });
});
