/**
 * Just enough XML reading for the diagram tests: a well-formedness check (every tag closed in order,
 * every attribute quoted, no raw `<` or `&` in text) and the elements with their attributes, so tests
 * assert structure, not pixels.
 */
export interface SvgElement {
  name: string;
  attrs: Record<string, string>;
  /** Concatenated text of the element and its descendants, unescaped. */
  text: string;
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescape(s: string): string {
  return s.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
    const v = ENTITY[e];
    if (v === undefined) throw new Error(`unknown entity ${m}`);
    return v;
  });
}

export function parseSvg(svg: string): SvgElement[] {
  const out: SvgElement[] = [];
  const stack: Array<{ el: SvgElement }> = [];
  const tag = /<(\/?)([a-zA-Z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < svg.length) {
    const lt = svg.indexOf('<', i);
    const chunk = svg.slice(i, lt === -1 ? svg.length : lt);
    if (/&(?!(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|apos);)/i.test(chunk)) throw new Error(`raw & in text near ${JSON.stringify(chunk.slice(0, 60))}`);
    if (chunk.includes('>')) throw new Error(`raw > in text near ${JSON.stringify(chunk.slice(0, 60))}`);
    const text = unescape(chunk);
    for (const s of stack) s.el.text += text;
    if (lt === -1) break;
    tag.lastIndex = lt;
    const m = tag.exec(svg);
    if (!m) throw new Error(`malformed tag at ${lt}: ${JSON.stringify(svg.slice(lt, lt + 80))}`);
    const [, closing, name, attrText, selfClosing] = m;
    if (closing) {
      const top = stack.pop();
      if (!top || top.el.name !== name) throw new Error(`</${name}> closes <${top?.el.name ?? 'nothing'}>`);
    } else {
      const attrs: Record<string, string> = {};
      for (const a of attrText.matchAll(/([\w:.-]+)="([^"]*)"/g)) {
        if (a[1] in attrs) throw new Error(`attribute ${a[1]} twice on <${name}>`);
        attrs[a[1]] = unescape(a[2]);
      }
      const el: SvgElement = { name, attrs, text: '' };
      out.push(el);
      if (!selfClosing) stack.push({ el });
    }
    i = tag.lastIndex;
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1].el.name}> never closed`);
  return out;
}

/** Elements whose class list has `cls`, optionally with these attribute values. */
export function byClass(els: SvgElement[], cls: string, attrs: Record<string, string> = {}): SvgElement[] {
  return els.filter((e) => (e.attrs.class ?? '').split(/\s+/).includes(cls) && Object.entries(attrs).every(([k, v]) => e.attrs[k] === v));
}
