// The preview's event source settings (SPEC §3.2, §3.3): `channelRules.eventSource`,
// `channelRules.fieldMap` and `channelRules.timeUnit`, read into the engine's
// EventSourceOptions, and the quick pick behind the panel's "Source: …" line.

import * as vscode from 'vscode';
import {
  EVENT_SOURCE_CHOICES,
  fieldMappingsOf,
  parseEventSourceChoice,
  parseTimeUnit,
  SOURCE_SYSTEMS,
  type EventSourceOptions,
} from '../../engine/events/event-source';

/** The options for a rules file's sample; throws EventSourceError for a bad setting (shown in the panel). */
export function eventSourceOptionsFor(uri: vscode.Uri): EventSourceOptions {
  const config = vscode.workspace.getConfiguration('channelRules', uri);
  const from = config.get<string>('eventSource')?.trim() || 'auto';
  const fieldMap = config.get<Record<string, string | string[]>>('fieldMap') ?? {};
  const timeUnit = config.get<string>('timeUnit')?.trim();
  return {
    from: parseEventSourceChoice(from),
    map: fieldMappingsOf(fieldMap),
    ...(timeUnit === undefined || timeUnit === '' ? {} : { timeUnit: parseTimeUnit(timeUnit) }),
  };
}

/** Lets the user choose whose export the sample is; writes `channelRules.eventSource`. */
export async function pickEventSource(uri: vscode.Uri, current: string | undefined): Promise<boolean> {
  const items = EVENT_SOURCE_CHOICES.map((choice) => ({
    label: choice,
    description: choice === 'auto' ? 'detect from the first record' : SOURCE_SYSTEMS.find((system) => system.id === choice)?.label,
    picked: choice === current,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Whose export are the sample events?',
    placeHolder: `channelRules.eventSource (now ${current ?? 'auto'})`,
  });
  if (picked === undefined) return false;
  const config = vscode.workspace.getConfiguration('channelRules', uri);
  const target = vscode.workspace.getWorkspaceFolder(uri) !== undefined ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Global;
  await config.update('eventSource', picked.label, target);
  return true;
}
