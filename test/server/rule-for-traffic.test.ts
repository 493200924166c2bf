// "Add a rule for this traffic…" over the protocol: the bundled server answers the
// edit that adds a proved rule for an unassigned pattern, or why it cannot; params
// that are not the protocol's are refused as InvalidParams naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParameterStructures } from 'vscode-jsonrpc';
import { RULE_FOR_TRAFFIC_REQUEST, type RuleForTrafficResult } from '../../server/custom-protocol';
import { fixtureUri, invalidParamsMessage, TestClient } from './lsp-client';

const RULES = `channel "Email"
  when utm_medium = "email"

channel "Referral"
  when referring_domain exists

otherwise "Unassigned"
`;

describe('channelRules/ruleForTraffic', () => {
  let client: TestClient;
  const uri = fixtureUri('rule-for-traffic.channels');
  beforeAll(async () => {
    client = await TestClient.start({ settings: {} });
    await client.open(uri, RULES);
  });
  afterAll(async () => {
    await client.stop();
  });

  it('answers an edit in the channel block where it takes only unassigned events, with its moves', async () => {
    const result = (await client.connection.sendRequest(RULE_FOR_TRAFFIC_REQUEST, {
      uri,
      fields: { utm_medium: 'newsletter', referring_domain: null },
      channel: 'Email',
    })) as RuleForTrafficResult;
    expect(result).toEqual({
      version: 1,
      edit: { range: { start: { line: 1, character: 27 }, end: { line: 1, character: 27 } }, newText: '\n  when utm_medium = "newsletter" and referring_domain is missing' },
      condition: 'utm_medium = "newsletter" and referring_domain is missing',
      line: 3,
      placement: 'existing-block',
      moves: ['Unassigned → Email, e.g. {"utm_medium":"newsletter"}'],
    });
  });

  it('a new channel gets a new block after the last rule', async () => {
    const result = (await client.connection.sendRequest(RULE_FOR_TRAFFIC_REQUEST, {
      uri,
      fields: { utm_medium: 'print', referring_domain: null },
      channel: 'Offline',
    })) as RuleForTrafficResult;
    expect(result.placement).toBe('new-block');
    expect(result.edit!.newText).toBe('\n\nchannel "Offline"\n  when utm_medium = "print" and referring_domain is not set');
    expect(result.edit!.range.start).toEqual({ line: 4, character: 30 });
  });

  it('says why when it cannot', async () => {
    const result = (await client.connection.sendRequest(RULE_FOR_TRAFFIC_REQUEST, { uri, fields: {}, channel: 'Email' })) as RuleForTrafficResult;
    expect(result.error).toMatch(/^the rules test none of/);
    const closed = (await client.connection.sendRequest(RULE_FOR_TRAFFIC_REQUEST, {
      uri: fixtureUri('not-open.channels'),
      fields: { utm_medium: 'x' },
      channel: 'Email',
    })) as RuleForTrafficResult;
    expect(closed).toEqual({ error: 'the rules file is not open' });
  });

  it('refuses params that are not the protocol’s with InvalidParams naming the field, and logs nothing', async () => {
    const logged = client.logs.length;
    const refused = invalidParamsMessage;
    const refusal = (params: unknown) => refused(client.connection.sendRequest(RULE_FOR_TRAFFIC_REQUEST, params));
    // Params as a list, and no params: vscode-jsonrpc spread a list into the handler's
    // arguments, so a second item took the cancellation token's place (a stack trace in
    // the log); with none, the token was read as the params. (The protocol connection's
    // types allow a string method one param: a list is sent here as any client may send it.)
    const sendList = client.connection.sendRequest as (method: string, ...params: unknown[]) => Promise<unknown>;
    const params = { uri, fields: { utm_medium: 'newsletter' }, channel: 'Email' };
    expect(await refused(sendList(RULE_FOR_TRAFFIC_REQUEST, params, 5))).toBe('Request channelRules/ruleForTraffic defines parameters by name but received parameters by position');
    expect(await refused(sendList(RULE_FOR_TRAFFIC_REQUEST, ParameterStructures.byPosition, params))).toBe(
      'Request channelRules/ruleForTraffic defines parameters by name but received parameters by position',
    );
    expect(await refused(client.connection.sendRequest(RULE_FOR_TRAFFIC_REQUEST))).toBe('Request channelRules/ruleForTraffic defines 1 params but received none.');
    // A lone null is sent by vscode-jsonrpc as the list [null].
    expect(await refusal(null)).toBe('Request channelRules/ruleForTraffic defines parameters by name but received parameters by position');
    expect(await refusal({ uri, fields: null, channel: 'Email' })).toBe('channelRules/ruleForTraffic: fields must be an object, not null');
    expect(await refusal({ uri, fields: { utm_medium: 5 }, channel: 'Email' })).toBe('channelRules/ruleForTraffic: fields["utm_medium"] must be a string or null, not a number');
    expect(await refusal({ uri, fields: {}, channel: ['Email'] })).toBe('channelRules/ruleForTraffic: channel must be a string, not an array');
    expect(client.logs.slice(logged)).toEqual([]);
  });
});
