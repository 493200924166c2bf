// `channelRules/ruleForTraffic`: "Add a rule for this traffic…" from the preview's
// Unassigned view. The engine finds and proves the place, where the analysis runs
// (server/analyser*); this only converts to LSP.

import type { ResponseError } from 'vscode-languageserver';
import { LineIndex } from '../../engine/text/line-index';
import { RULE_FOR_TRAFFIC_REQUEST, type RuleForTrafficParams, type RuleForTrafficResult } from '../custom-protocol';
import type { ServerContext } from '../context';
import { toTextEdit } from '../convert';
import { tooLargeFor } from '../large-documents';
import { invalidParams, isString, isStringOrNull, objectWith, recordOf, requestByName } from '../request-params';
import { safe } from '../safe-handler';

const RULE_FOR_TRAFFIC_PARAMS = objectWith({ uri: isString, fields: recordOf(isStringOrNull), channel: isString });

export function registerRuleForTraffic(context: ServerContext): void {
  const { connection, logger, store, analyser } = context;
  connection.onRequest(
    requestByName<RuleForTrafficResult>(RULE_FOR_TRAFFIC_REQUEST),
    safe(logger, 'ruleForTraffic', async (untrusted: unknown, token): Promise<RuleForTrafficResult | ResponseError<void>> => {
      const refusal = invalidParams(RULE_FOR_TRAFFIC_REQUEST, untrusted, RULE_FOR_TRAFFIC_PARAMS);
      if (refusal !== undefined) return refusal;
      const params = untrusted as RuleForTrafficParams;
      const document = store.documents.get(params.uri);
      if (document === undefined) return { error: 'the rules file is not open' };
      const size = store.sizeOf(params.uri);
      if (size.kind !== 'normal') return { error: tooLargeFor('rule proposals', size) };
      const text = document.getText();
      const version = document.version;
      const running = analyser.ruleForTraffic(params.uri, text, params.fields, params.channel);
      const listener = token.onCancellationRequested(() => running.cancel());
      let outcome;
      try {
        outcome = await running.result;
      } finally {
        listener.dispose();
      }
      const proposal = outcome.proposal;
      if (proposal === undefined) return { error: outcome.error ?? 'no rule was proposed' };
      const lines = new LineIndex(text);
      const { start, end, newText } = proposal.edit;
      return {
        version,
        edit: toTextEdit(lines, { span: { start, end }, newText }),
        condition: proposal.condition,
        line: proposal.line,
        placement: proposal.placement,
        moves: proposal.moves.map(
          (move) => `${move.from ?? '(unclassified)'} → ${move.to ?? '(unclassified)'}, e.g. ${JSON.stringify(move.example.event)}`,
        ),
      };
    }, { error: 'the rule could not be proposed (see the server log)' }),
  );
}
