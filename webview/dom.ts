// DOM building for the preview. Every piece of data goes in as text (textContent or
// attribute values), never as markup, so values from events cannot inject HTML.

// An array child stands for its items: lists built from data (rows, options, fields)
// are passed as arrays, never spread into arguments (spreading ~100,000 items overflows
// the call stack).
type Child = Node | string | number | null | undefined | false | readonly Child[];

export interface ElementProps {
  class?: string;
  id?: string;
  title?: string;
  role?: string;
  tabIndex?: number;
  type?: string;
  /** Attributes set with setAttribute (values are plain strings; never `on*`). */
  attrs?: Record<string, string | number | boolean | undefined>;
  dataset?: Record<string, string | number>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  applyProps(element, props);
  append(element, children);
  return element;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | undefined> = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined) element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function applyProps(element: HTMLElement, props: ElementProps): void {
  if (props.class !== undefined) element.className = props.class;
  if (props.id !== undefined) element.id = props.id;
  if (props.title !== undefined) element.title = props.title;
  if (props.role !== undefined) element.setAttribute('role', props.role);
  if (props.tabIndex !== undefined) element.tabIndex = props.tabIndex;
  if (props.type !== undefined) element.setAttribute('type', props.type);
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (name.startsWith('on')) throw new Error(`event handler attributes are not allowed: ${name}`);
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [name, value] of Object.entries(props.dataset ?? {})) element.dataset[name] = String(value);
  for (const [name, handler] of Object.entries(props.on ?? {})) {
    element.addEventListener(name, handler as EventListener);
  }
}

function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (typeof child === 'string' || typeof child === 'number') parent.appendChild(document.createTextNode(String(child)));
    else if (child instanceof Node) parent.appendChild(child);
    else append(parent, child);
  }
}

/** Replaces an element's children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.textContent = '';
  append(parent, children);
}
