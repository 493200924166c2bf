// The preview UI: holds the model, turns messages (or the embedded report) into it,
// and renders the views. The same code runs in the VS Code webview and in the
// standalone HTML report; only the Host differs.

import {
  ATTRIBUTION_MODELS,
  DEFAULT_PREVIEW_OPTIONS,
  type EventExplanation,
  type PreviewOptions,
  type RenderedState,
  type RuleSummary,
  type SampleColumns,
  type StandaloneReportData,
  type ToWebview,
} from '../engine/preview/protocol';
import { el, replaceChildren } from './dom';
import { formatMs, formatNumber, lineReference, plural } from './format';
import type { Host } from './host';
import { eventTypeTotals, filterEvents, mostFrequentType, NO_TOUCH, sampleTypeTotals, type Model, type TrafficFilter } from './model';
import { barChart } from './views/bar-chart';
import { ControlsView } from './views/controls';
import { ExplorerView, ruleLabel } from './views/explorer';
import { attributionTable, channelsTable, modelLabel, sessionsTable, shownModels, tableText } from './views/report-tables';
import { agreementView, unassignedView } from './views/trust-views';
import { valueNode, whyPanel } from './views/why-panel';

export class App {
  readonly model: Model;
  private readonly header = el('header', { class: 'top' });
  private readonly banner = el('div', { id: 'banner', class: 'banner', attrs: { 'aria-live': 'polite' } });
  private readonly status = el('div', { id: 'status', class: 'status', attrs: { 'aria-live': 'polite' } });
  private readonly channelsSection = el('div', { class: 'section-body' });
  private readonly sessionsSection = el('div', { class: 'section-body' });
  private readonly attributionSection = el('div', { class: 'section-body' });
  private readonly agreementSection = el('div', { class: 'section-body' });
  private readonly unassignedSection = el('div', { class: 'section-body' });
  private readonly whyContainer = el('div', { class: 'why-container' });
  private readonly explorerLayout = el('div', { class: 'explorer-layout' });
  private readonly explorerNote = el('p', { id: 'explorer-note', class: 'muted' });
  private readonly controls: ControlsView;
  private readonly explorer: ExplorerView;
  private restoring = true;
  private pendingScrollTop: number | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: Host,
    standalone?: StandaloneReportData,
  ) {
    const saved = host.getState();
    this.model = {
      host: host.kind,
      options: { ...DEFAULT_PREVIEW_OPTIONS },
      runId: 0,
      ruleProblems: [],
      fieldCaseNotes: [],
      eventType: saved.eventType,
      channelFilter: saved.channelFilter ?? null,
      ruleFilter: saved.ruleFilter ?? null,
      ruleFilterFromCursor: false,
      selectedEvent: saved.selectedEvent ?? null,
      rulesFile: saved.rulesUri === undefined ? undefined : { name: '', uri: saved.rulesUri },
    };
    this.pendingScrollTop = saved.scrollTop;
    this.controls = new ControlsView(
      {
        setOptions: (options) => this.setOptions(options),
        setEventType: (eventType) => {
          this.model.eventType = eventType;
          this.persist();
          this.renderReport();
        },
      },
      host.kind === 'vscode',
    );
    this.explorer = new ExplorerView({
      select: (eventIndex) => this.select(eventIndex),
      filter: (channel, rule) => {
        this.model.channelFilter = channel;
        this.model.ruleFilter = rule;
        this.model.ruleFilterFromCursor = false;
        this.persist();
        this.renderExplorer();
      },
      revealRule: (rule) => this.revealRule(rule),
      scrolled: (scrollTop) => {
        this.pendingScrollTop = undefined;
        this.persist(scrollTop);
      },
    });
    this.explorerLayout.append(this.explorer.root, this.whyContainer);
    this.layout();
    if (standalone !== undefined) this.loadStandalone(standalone);
    this.render();
  }

  onMessage(message: ToWebview): void {
    const model = this.model;
    switch (message.type) {
      case 'rulesFile': {
        if (model.rulesFile?.uri !== undefined && model.rulesFile.uri !== message.uri) {
          model.channelFilter = null;
          model.ruleFilter = null;
          model.selectedEvent = null;
          model.explanation = undefined;
          model.report = undefined;
          model.results = undefined;
          this.pendingScrollTop = undefined;
        }
        model.rulesFile = { name: message.name, uri: message.uri };
        this.persist();
        this.renderHeader();
        return;
      }
      case 'sample':
        if (model.sample !== undefined && model.sample.sampleId !== message.columns.sampleId && !this.restoring) {
          model.selectedEvent = null;
          model.explanation = undefined;
        }
        model.sample = message.columns;
        model.noSample = undefined;
        model.results = undefined;
        model.fieldCaseNotes = [];
        if (model.eventType === undefined || !message.columns.eventTypes.includes(model.eventType)) {
          model.eventType = mostFrequentType(sampleTypeTotals(message.columns));
        }
        this.render();
        return;
      case 'noSample':
        model.noSample = { message: message.message, searched: message.searched };
        model.sample = undefined;
        model.report = undefined;
        model.results = undefined;
        model.fieldCaseNotes = [];
        this.render();
        return;
      case 'options':
        model.options = message.options;
        this.controls.update(model);
        return;
      case 'progress':
        model.progress = { phase: message.phase, done: message.done, total: message.total };
        this.renderStatus();
        return;
      case 'result': {
        const result = message.result;
        if (model.sample === undefined || model.sample.sampleId !== result.sampleId) return;
        const started = performance.now();
        model.runId = result.runId;
        model.report = result.report;
        model.results = {
          rules: result.rules,
          channelNames: result.channelNames,
          ruleOf: result.ruleOf,
          sessionOf: result.sessionOf,
          against: result.against,
          unassignedOf: result.unassignedOf,
        };
        model.ruleProblems = result.ruleProblems;
        model.fieldCaseNotes = result.fieldCaseNotes;
        model.timings = result.timings;
        model.overrun = undefined;
        model.error = undefined;
        model.progress = undefined;
        if (model.ruleFilter !== null && model.ruleFilter >= 0 && model.ruleFilter >= result.rules.filter((rule) => rule.index >= 0).length) {
          model.ruleFilter = null;
        }
        this.render();
        if (model.selectedEvent !== null && model.selectedEvent < result.ruleOf.length) this.requestExplanation(model.selectedEvent);
        if (this.restoring) {
          this.restoring = false;
          if (this.pendingScrollTop !== undefined) this.explorer.restoreScroll(this.pendingScrollTop);
        }
        this.reportRendered(performance.now() - started);
        return;
      }
      case 'overrun':
        model.overrun = message.overrun;
        model.progress = undefined;
        this.renderBanner();
        this.renderStatus();
        this.reportRendered(0);
        return;
      case 'error':
        model.error = message.message;
        model.progress = undefined;
        this.renderBanner();
        this.renderStatus();
        this.reportRendered(0);
        return;
      case 'explanation':
        if (message.explanation.eventIndex === model.selectedEvent) {
          model.explanation = message.explanation;
          this.renderWhy(false);
        }
        return;
      case 'cursorRule':
        if (message.ruleIndex !== null) {
          if (model.ruleFilter === message.ruleIndex && model.ruleFilterFromCursor) return;
          model.ruleFilter = message.ruleIndex;
          model.channelFilter = null;
          model.ruleFilterFromCursor = true;
        } else {
          if (!model.ruleFilterFromCursor) return;
          model.ruleFilter = null;
          model.ruleFilterFromCursor = false;
        }
        this.persist();
        this.renderExplorer();
        return;
    }
  }

  /** What the panel shows, as text (sent to the extension for tests; also on window for the HTML report). */
  renderedState(): RenderedState {
    return {
      runId: this.model.runId,
      rulesFile: this.model.rulesFile?.name,
      sampleSource: this.model.sample?.source,
      eventSource: this.root.querySelector('#event-source')?.textContent ?? undefined,
      tables: {
        channels: tableText(this.root.querySelector<HTMLTableElement>('#channels-table')),
        sessions: tableText(this.root.querySelector<HTMLTableElement>('#sessions-table')),
        attribution: tableText(this.root.querySelector<HTMLTableElement>('#attribution-table')),
        agreement: tableText(this.root.querySelector<HTMLTableElement>('#agreement-table')),
        unassigned: tableText(this.root.querySelector<HTMLTableElement>('#unassigned-table')),
      },
      explorerRows: filterEvents(this.model).length,
      status: this.status.textContent ?? '',
    };
  }

  private layout(): void {
    const section = (id: string, title: string, body: HTMLElement) =>
      el('section', { id, class: 'report-section', attrs: { 'aria-labelledby': `${id}-heading` } }, el('h2', { id: `${id}-heading` }, title), body);
    const nav = el(
      'nav',
      { class: 'sections', attrs: { 'aria-label': 'Sections' } },
      ...[
        ['channels', 'Channels'],
        ['sessions', 'Sessions'],
        ['attribution', 'Attribution'],
        ['agreement', 'Agreement'],
        ['unassigned', 'Unassigned'],
        ['explorer', 'Events'],
      ].map(([id, label]) => el('a', { attrs: { href: `#${id}` } }, label!)),
    );
    replaceChildren(
      this.root,
      this.header,
      this.status,
      this.banner,
      this.controls.root,
      nav,
      el(
        'main',
        {},
        section('channels', 'Channels', this.channelsSection),
        section('sessions', 'Sessions', this.sessionsSection),
        section('attribution', 'Attribution', this.attributionSection),
        section('agreement', 'Agreement', this.agreementSection),
        section('unassigned', 'Unassigned', this.unassignedSection),
        section('explorer', 'Events', el('div', {}, this.explorerNote, this.explorerLayout)),
      ),
    );
  }

  private render(): void {
    this.renderHeader();
    this.renderStatus();
    this.renderBanner();
    this.controls.update(this.model);
    this.renderReport();
    this.renderExplorer();
  }

  private renderHeader(): void {
    const model = this.model;
    const title = model.title ?? (model.rulesFile?.name ? `Preview: ${model.rulesFile.name}` : 'Channel Rules preview');
    const sampleLine = el('p', { class: 'sample-line' });
    const source = model.sample?.source || model.eventsFile;
    if (source) {
      sampleLine.append(model.host === 'vscode' ? 'Sample events: ' : 'Events: ', el('code', { id: 'sample-source' }, source));
    } else if (model.noSample !== undefined) {
      sampleLine.append(model.noSample.message);
    } else if (model.host === 'vscode') {
      sampleLine.append('Reading sample events…');
    }
    if (model.host === 'vscode') {
      sampleLine.append(
        ' ',
        el('button', { type: 'button', id: 'pick-events', class: 'secondary', on: { click: () => this.host.post({ type: 'pickEvents' }) } }, 'Choose events file…'),
      );
    }
    // Whose export the sample is (SPEC §3.2); in the editor a click chooses another.
    const eventSource = model.sample?.eventSource;
    const sourceLine = el('p', { class: 'event-source' });
    if (eventSource !== undefined) {
      const text = `Source: ${eventSource.label}${eventSource.detected ? ' (detected)' : ''}`;
      sourceLine.append(
        model.host === 'vscode'
          ? el('button', { type: 'button', id: 'event-source', class: 'link', attrs: { title: 'Choose whose export the sample is (channelRules.eventSource)' }, on: { click: () => this.host.post({ type: 'pickEventSource' }) } }, text)
          : el('span', { id: 'event-source' }, text),
      );
    }
    const report = model.report;
    const counts = el('p', { id: 'counts', class: 'counts' });
    if (report !== undefined) {
      counts.append(
        `${plural(report.events, 'event')} · ${plural(report.users, 'user')} · ${plural(report.sessionCount, 'session')}`,
        report.skipped > 0 ? ` · ${plural(report.skipped, 'line')} skipped` : ' · no line skipped',
      );
    }
    const sample = model.sample;
    const inSample = model.host === 'vscode' ? ' in the sample' : '';
    // The HTML report's list is the whole run's, not its embedded events'.
    const skippedDetails = listedDetails(
      'skipped-lines',
      `${plural(sample?.skippedCount ?? 0, 'unreadable line')}${inSample}`,
      (sample?.skipped ?? []).map((line) => el('li', {}, `line ${line.entry === undefined ? '' : `${line.entry}:`}${line.line}: `, line.reason)),
      sample?.skippedCount ?? 0,
    );
    // SPEC §3.1: the zip entries not read (folders, metadata, not events files, zips inside the zip), as the CLI lists them on stderr.
    const skippedEntriesDetails = listedDetails(
      'skipped-entries',
      `${plural(sample?.skippedEntryCount ?? 0, 'zip entry', 'zip entries')} not read${inSample}: not events files`,
      (sample?.skippedEntries ?? []).map((entry) => el('li', {}, `${entry.name} (${entry.reason})`)),
      sample?.skippedEntryCount ?? 0,
    );
    replaceChildren(this.header, el('h1', {}, title), sampleLine, sourceLine, counts, skippedEntriesDetails, skippedDetails);
  }

  private renderStatus(): void {
    const model = this.model;
    if (model.progress !== undefined) {
      const { phase, done, total } = model.progress;
      replaceChildren(
        this.status,
        el('span', {}, `${phase[0]!.toUpperCase()}${phase.slice(1)}… `),
        el('progress', { id: 'progress', attrs: { max: Math.max(total, 1), value: done, 'aria-label': `${phase} progress` } }),
        el('span', { class: 'muted' }, total > 0 ? ` ${formatNumber(done)} of ${formatNumber(total)}` : ''),
      );
      this.status.classList.add('running');
      return;
    }
    this.status.classList.remove('running');
    const timings = model.timings;
    if (model.host === 'standalone') {
      const options = model.options;
      replaceChildren(
        this.status,
        el(
          'span',
          { class: 'muted' },
          `Session timeout ${options.sessionTimeout} · conversion "${options.conversion}" · lookback ${options.lookback} · half-life ${options.halfLife}`,
        ),
      );
    } else if (timings !== undefined && model.report !== undefined) {
      replaceChildren(
        this.status,
        el(
          'span',
          { class: 'muted' },
          `Updated in ${formatMs(timings.totalMs)} (classify ${formatMs(timings.classifyMs)}${
            timings.reclassified !== undefined && model.sample !== undefined && timings.reclassified < model.sample.count
              ? ` for ${formatNumber(timings.reclassified)} events the edit can change`
              : ''
          }, report ${formatMs(timings.reportMs)})`,
          model.overrun !== undefined || model.error !== undefined ? ' · showing the last complete result' : '',
        ),
      );
    } else {
      replaceChildren(this.status);
    }
  }

  private renderBanner(): void {
    const model = this.model;
    const alerts: HTMLElement[] = [];
    if (model.overrun !== undefined) {
      const overrun = model.overrun;
      const alert = el('div', { id: 'overrun', class: 'alert error', role: 'alert' }, el('p', {}, overrun.message));
      if (overrun.rule !== undefined) {
        const rule = overrun.rule;
        alert.appendChild(
          el(
            'p',
            {},
            'Rule: ',
            model.host === 'vscode'
              ? el('button', { type: 'button', class: 'link rule-link', on: { click: () => this.revealRule(rule) } }, ruleLabel(rule))
              : ruleLabel(rule),
            ` (${rule.channel}) `,
            el('code', {}, rule.text),
          ),
        );
      }
      if (overrun.event !== undefined) {
        alert.appendChild(
          el(
            'details',
            { attrs: { open: true } },
            el('summary', {}, `Event at line ${lineReference(overrun.event.line, overrun.event.entry)}`),
            el(
              'table',
              { class: 'fields' },
              el('tbody', {}, overrun.event.fields.map(([name, value]) => el('tr', {}, el('th', { attrs: { scope: 'row' } }, name), el('td', {}, valueNode(value))))),
            ),
          ),
        );
      }
      alerts.push(alert);
    }
    if (model.error !== undefined) alerts.push(el('div', { id: 'error', class: 'alert error', role: 'alert' }, model.error));
    if (model.noSample !== undefined) {
      alerts.push(
        el(
          'div',
          { id: 'no-sample', class: 'alert info' },
          el('p', {}, model.noSample.message, ' Choose an events file, set ', el('code', {}, 'channelRules.sampleEvents'), ', or put one beside the rules.'),
          model.noSample.searched.length > 0 ? el('p', { class: 'muted' }, 'Looked for: ', model.noSample.searched.join('; ')) : null,
        ),
      );
    }
    if (model.ruleProblems.length > 0) {
      alerts.push(el('div', { id: 'rule-problems', class: 'alert warning' }, model.ruleProblems.map((problem) => el('p', {}, problem))));
    }
    if (model.fieldCaseNotes.length > 0) {
      alerts.push(el('div', { id: 'field-case', class: 'alert warning' }, model.fieldCaseNotes.map((note) => el('p', {}, note))));
    }
    replaceChildren(this.banner, alerts);
  }

  private renderReport(): void {
    this.renderTrust();
    const model = this.model;
    const report = model.report;
    if (report === undefined) {
      const waiting = el('p', { class: 'muted' }, model.noSample !== undefined ? 'No sample events.' : 'Waiting for the first run…');
      replaceChildren(this.channelsSection, waiting);
      replaceChildren(this.sessionsSection, waiting.cloneNode(true));
      replaceChildren(this.attributionSection, waiting.cloneNode(true));
      return;
    }
    const channels = channelsTable(model, report, model.eventType);
    const channelRows = Array.from(channels.tBodies[0]!.rows, (row) => row.dataset.channel!);
    const byChannel = new Map(report.channels.map((row) => [row.channel, row]));
    replaceChildren(
      this.channelsSection,
      channels,
      barChart({
        id: 'channels-chart',
        title: 'Events by channel (all event types)',
        series: ['events'],
        groups: channelRows.map((channel) => ({ label: channel, values: [byChannel.get(channel)?.totals ?? 0] })),
      }),
    );
    const sessions = sessionsTable(model, report);
    const sessionsByChannel = new Map(report.sessions.map((row) => [row.channel, row]));
    replaceChildren(
      this.sessionsSection,
      sessions,
      barChart({
        id: 'sessions-chart',
        title: 'Sessions by channel',
        series: ['sessions'],
        groups: Array.from(sessions.tBodies[0]!.rows, (row) => row.dataset.channel!).map((channel) => ({
          label: channel,
          values: [sessionsByChannel.get(channel)?.totals ?? 0],
        })),
      }),
    );
    const models = shownModels(report, model.options.models);
    if (models.length === 0) {
      replaceChildren(this.attributionSection, el('p', { class: 'muted' }, 'No attribution model chosen.'));
      return;
    }
    const attribution = attributionTable(model, report, models);
    const attributionRows = Array.from(attribution.tBodies[0]!.rows, (row) => row.dataset.channel!);
    const credits = models.map((name) => new Map((report.attribution.models[name] ?? []).map((row) => [row.channel, row.totals])));
    const conversions = models.includes('first_touch')
      ? (report.attribution.models.first_touch ?? []).reduce((sum, row) => sum + row.totals, 0)
      : undefined;
    // One small chart per model on one scale: the models compare at a glance.
    const max = credits.reduce((max, byChannel) => [...byChannel.values()].reduce((m, value) => Math.max(m, value), max), 0);
    replaceChildren(
      this.attributionSection,
      el(
        'p',
        { class: 'muted' },
        conversions === undefined ? '' : `${plural(conversions, `"${report.attribution.conversion}" conversion`)}. `,
        `${NO_TOUCH} counts conversions with no touch in the lookback window.`,
      ),
      el('div', { class: 'table-scroll' }, attribution),
      el(
        'div',
        { class: 'small-multiples', id: 'attribution-charts', role: 'group', attrs: { 'aria-label': 'Attribution totals by model' } },
        ...models.map((name, index) =>
          barChart({
            id: `attribution-chart-${name}`,
            title: modelLabel(name),
            series: [modelLabel(name)],
            groups: attributionRows.map((channel) => ({ label: channel, values: [credits[index]!.get(channel) ?? 0] })),
            max,
            width: 420,
            colorIndex: ATTRIBUTION_MODELS.indexOf(name as (typeof ATTRIBUTION_MODELS)[number]),
          }),
        ),
      ),
    );
  }

  /** SPEC §9: the Agreement view (only when the sample carries the field) and the Unassigned view. */
  private renderTrust(): void {
    const model = this.model;
    const report = model.report;
    const against = report?.against;
    this.root.querySelector('#agreement')?.toggleAttribute('hidden', against === undefined);
    this.root.querySelector('nav.sections a[href="#agreement"]')?.toggleAttribute('hidden', against === undefined);
    const filter = (traffic: TrafficFilter | null) => {
      model.trafficFilter = traffic;
      this.renderTrust();
      this.renderExplorer();
    };
    replaceChildren(this.agreementSection, against === undefined ? null : agreementView(model, against, filter));
    const unassigned = report?.unassigned;
    const addRule = model.host === 'vscode' ? (pattern: number) => this.host.post({ type: 'addRuleForTraffic', pattern }) : undefined;
    replaceChildren(
      this.unassignedSection,
      unassigned === undefined ? el('p', { class: 'muted' }, 'Waiting for the first run…') : unassignedView(model, unassigned, filter, addRule),
    );
  }

  private renderExplorer(): void {
    const model = this.model;
    const noEvents = model.sample === undefined;
    this.explorerNote.textContent = !noEvents
      ? ''
      : model.host === 'standalone'
        ? 'This report has no per-event data (the HTML report embeds events when it is given them).'
        : 'No sample events.';
    this.explorerLayout.hidden = noEvents && model.host === 'standalone';
    if (model.sample === undefined || model.results === undefined) {
      this.explorer.update(model, new Int32Array(0));
    } else {
      this.explorer.update(model, filterEvents(model));
    }
    this.renderWhy(false);
  }

  private renderWhy(pending: boolean): void {
    const model = this.model;
    const reveal = model.host === 'vscode' ? (rule: RuleSummary) => this.revealRule(rule) : undefined;
    replaceChildren(this.whyContainer, whyPanel(model.selectedEvent === null ? undefined : model.explanation, pending, reveal));
  }

  private select(eventIndex: number | null): void {
    const model = this.model;
    model.selectedEvent = eventIndex;
    model.explanation = undefined;
    this.persist();
    this.explorer.updateSelection(model, true);
    if (eventIndex !== null) this.requestExplanation(eventIndex);
    else this.renderWhy(false);
  }

  private requestExplanation(eventIndex: number): void {
    const model = this.model;
    if (model.explanations !== undefined) {
      model.explanation = model.explanations.get(eventIndex);
      this.renderWhy(false);
      return;
    }
    this.renderWhy(true);
    this.host.post({ type: 'explain', eventIndex });
  }

  private revealRule(rule: RuleSummary): void {
    this.host.post({ type: 'revealRule', start: rule.start, end: rule.end });
  }

  private setOptions(options: Partial<PreviewOptions>): void {
    this.model.options = { ...this.model.options, ...options };
    if (this.model.host === 'vscode') this.host.post({ type: 'setOptions', options });
    else this.renderReport();
  }

  private persist(scrollTop?: number): void {
    const model = this.model;
    const previous = this.host.getState();
    this.host.setState({
      rulesUri: model.rulesFile?.uri,
      eventType: model.eventType,
      channelFilter: model.channelFilter,
      ruleFilter: model.ruleFilter,
      selectedEvent: model.selectedEvent,
      scrollTop: scrollTop ?? previous.scrollTop,
    });
  }

  private reportRendered(renderMs: number): void {
    document.body.dataset.runId = String(this.model.runId);
    document.body.dataset.renderMs = renderMs.toFixed(1);
    if (this.model.host === 'vscode') this.host.post({ type: 'rendered', runId: this.model.runId, state: this.renderedState() });
  }

  private loadStandalone(data: StandaloneReportData): void {
    const model = this.model;
    model.title = data.title;
    model.eventsFile = data.eventsFile;
    model.rulesFile = data.rulesFile === undefined ? undefined : { name: data.rulesFile };
    model.report = data.report;
    model.options = {
      ...DEFAULT_PREVIEW_OPTIONS,
      conversion: data.report.attribution.conversion,
      lookback: data.report.attribution.lookback,
      ...data.options,
      models: (data.options?.models ?? Object.keys(data.report.attribution.models)) as PreviewOptions['models'],
    };
    const explorer = data.explorer;
    if (explorer !== undefined) {
      const { entryOf, ...columns } = explorer.sample;
      const sample: SampleColumns = {
        ...columns,
        ...(entryOf === undefined ? {} : { entryOf: Int32Array.from(entryOf) }),
        lines: Int32Array.from(explorer.sample.lines),
        times: Float64Array.from(explorer.sample.times),
        userOf: Int32Array.from(explorer.sample.userOf),
        typeOf: Int32Array.from(explorer.sample.typeOf),
      };
      model.sample = sample;
      model.totalEvents = explorer.totalEvents;
      model.results = {
        rules: explorer.rules,
        channelNames: explorer.channelNames,
        ruleOf: Int32Array.from(explorer.ruleOf),
        sessionOf: Int32Array.from(explorer.sessionOf),
      };
      model.explanations = new Map(explorer.explanations.map((explanation: EventExplanation) => [explanation.eventIndex, explanation]));
    }
    // The report's most frequent type, not the embedded events': they may be only the first 2,000.
    if (model.eventType === undefined) model.eventType = mostFrequentType(eventTypeTotals(model));
    this.restoring = false;
  }
}

/**
 * A collapsible list of what a run left out (unreadable lines, zip entries not read):
 * the items kept, then how many more there were; nothing when no item was kept.
 */
function listedDetails(id: string, summary: string, items: HTMLElement[], total: number): HTMLElement | null {
  if (items.length === 0) return null;
  return el(
    'details',
    { id, class: 'skipped' },
    el('summary', {}, summary),
    el('ul', {}, ...items, total > items.length ? el('li', { class: 'muted' }, `… and ${formatNumber(total - items.length)} more`) : null),
  );
}
