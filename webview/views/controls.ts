// The run's controls: session timeout, conversion event type (from the event types of
// every event, webview/model's eventTypeTotals), lookback, half-life, attribution models; plus the event type the channels
// table shows. Built once; updates never rebuild a field that has focus.

import { ATTRIBUTION_MODELS, type PreviewOptions } from '../../engine/preview/protocol';
import { el, replaceChildren } from '../dom';
import { isDuration } from '../format';
import { eventTypeTotals, type Model } from '../model';
import { modelLabel } from './report-tables';

export interface ControlsCallbacks {
  setOptions(options: Partial<PreviewOptions>): void;
  setEventType(eventType: string): void;
}

interface DurationField {
  input: HTMLInputElement;
  error: HTMLElement;
}

export class ControlsView {
  readonly root: HTMLElement;
  private readonly sessionTimeout: DurationField;
  private readonly lookback: DurationField;
  private readonly halfLife: DurationField;
  private readonly conversion: HTMLSelectElement;
  private readonly eventType: HTMLSelectElement;
  private readonly models = new Map<string, HTMLInputElement>();
  private readonly runControls: HTMLElement;

  constructor(private readonly callbacks: ControlsCallbacks, editable: boolean) {
    this.sessionTimeout = this.durationField('session-timeout', 'Session timeout', '30m', (value) => ({ sessionTimeout: value }), false);
    this.lookback = this.durationField('lookback', 'Lookback', '30d or session', (value) => ({ lookback: value }), true);
    this.halfLife = this.durationField('half-life', 'Half-life (time decay)', '7d', (value) => ({ halfLife: value }), false);
    this.conversion = el('select', {
      id: 'conversion',
      on: { change: () => this.callbacks.setOptions({ conversion: this.conversion.value }) },
    });
    this.eventType = el('select', {
      id: 'event-type',
      on: { change: () => this.callbacks.setEventType(this.eventType.value) },
    });
    const modelBoxes = ATTRIBUTION_MODELS.map((name) => {
      const box = el('input', {
        type: 'checkbox',
        id: `model-${name}`,
        on: { change: () => this.callbacks.setOptions({ models: this.checkedModels() }) },
      });
      this.models.set(name, box);
      return el('label', { class: 'check', attrs: { for: `model-${name}` } }, box, modelLabel(name));
    });
    this.runControls = el(
      'div',
      { class: 'control-row' },
      this.fieldBlock(this.sessionTimeout, 'session-timeout', 'Session timeout'),
      el('div', { class: 'field' }, el('label', { attrs: { for: 'conversion' } }, 'Conversion event'), this.conversion),
      this.fieldBlock(this.lookback, 'lookback', 'Lookback'),
      this.fieldBlock(this.halfLife, 'half-life', 'Half-life (time decay)'),
    );
    const fieldset = el('fieldset', { class: 'models' }, el('legend', {}, 'Attribution models'), ...modelBoxes);
    // A standalone report was computed with fixed options (shown in its status line): only what the page can change is offered.
    this.runControls.hidden = !editable;
    this.root = el(
      'form',
      { class: 'controls', id: 'controls', attrs: { 'aria-label': 'Report settings' }, on: { submit: (event) => event.preventDefault() } },
      this.runControls,
      fieldset,
      el(
        'div',
        { class: 'control-row' },
        el('div', { class: 'field' }, el('label', { attrs: { for: 'event-type' } }, 'Event type in the channels table'), this.eventType),
      ),
    );
  }

  update(model: Model): void {
    const options = model.options;
    this.setIfIdle(this.sessionTimeout.input, options.sessionTimeout);
    this.setIfIdle(this.lookback.input, options.lookback);
    this.setIfIdle(this.halfLife.input, options.halfLife);
    const types = eventTypeTotals(model).keys();
    const sorted = [...types].sort((a, b) => a.localeCompare(b));
    if (document.activeElement !== this.conversion) {
      const conversionTypes = sorted.includes(options.conversion) ? sorted : [options.conversion, ...sorted];
      replaceChildren(
        this.conversion,
        ...conversionTypes.map((type) => el('option', { attrs: { value: type } }, sorted.includes(type) ? type : `${type} (not in the sample)`)),
      );
      this.conversion.value = options.conversion;
    }
    if (document.activeElement !== this.eventType) {
      replaceChildren(this.eventType, sorted.map((type) => el('option', { attrs: { value: type } }, type)));
      if (model.eventType !== undefined) this.eventType.value = model.eventType;
    }
    for (const [name, box] of this.models) box.checked = options.models.includes(name as (typeof ATTRIBUTION_MODELS)[number]);
  }

  private checkedModels(): PreviewOptions['models'] {
    return ATTRIBUTION_MODELS.filter((name) => this.models.get(name)?.checked);
  }

  private setIfIdle(input: HTMLInputElement, value: string): void {
    if (document.activeElement !== input) {
      input.value = value;
      input.removeAttribute('aria-invalid');
    }
  }

  private durationField(
    id: string,
    label: string,
    placeholder: string,
    toOptions: (value: string) => Partial<PreviewOptions>,
    allowSession: boolean,
  ): DurationField {
    const error = el('span', { id: `${id}-error`, class: 'field-error', attrs: { 'aria-live': 'polite' } });
    const input = el('input', {
      id,
      type: 'text',
      attrs: { placeholder, spellcheck: 'false', autocomplete: 'off', 'aria-describedby': `${id}-error`, 'aria-label': label },
    });
    const commit = () => {
      const value = input.value.trim();
      const valid = isDuration(value) || (allowSession && value === 'session');
      if (!valid) {
        input.setAttribute('aria-invalid', 'true');
        error.textContent = allowSession ? 'A duration such as 20m, 1.5h, 30d, or session' : 'A duration such as 30m, 1.5h, 7d';
        return;
      }
      input.removeAttribute('aria-invalid');
      error.textContent = '';
      this.callbacks.setOptions(toOptions(value));
    };
    input.addEventListener('change', commit);
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        commit();
      }
    });
    return { input, error };
  }

  private fieldBlock(field: DurationField, id: string, label: string): HTMLElement {
    return el('div', { class: 'field' }, el('label', { attrs: { for: id } }, label), field.input, field.error);
  }
}
