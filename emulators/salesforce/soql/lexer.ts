import { SoqlError } from './errors.ts';

export type TokenKind = 'ident' | 'string' | 'number' | 'date' | 'datetime' | 'op' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Decoded value: the unescaped string, or the literal text for the others. */
  value: string;
  pos: number;
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\dT])/;
const NUMBER = /^-?\d+(\.\d+)?/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*(:\d+)?/;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\', '%': '\\%', _: '\\_' };

export function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const ch = soql.charAt(i);
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    const rest = soql.slice(i);
    if (ch === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= soql.length) throw new SoqlError('MALFORMED_QUERY', 'unexpected token: <EOF>', soql.length);
        const c = soql.charAt(j);
        if (c === '\\') {
          const e = ESCAPES[soql.charAt(j + 1)];
          if (e === undefined) throw new SoqlError('MALFORMED_QUERY', `Invalid string literal '${soql.slice(i, j + 2)}'. Illegal character sequence '\\${soql.charAt(j + 1)}' in string literal.`, i);
          value += e;
          j += 2;
          continue;
        }
        if (c === "'") break;
        value += c;
        j += 1;
      }
      tokens.push({ kind: 'string', text: soql.slice(i, j + 1), value, pos: i });
      i = j + 1;
      continue;
    }
    const dt = DATETIME.exec(rest);
    if (dt) {
      tokens.push({ kind: 'datetime', text: dt[0], value: dt[0], pos: i });
      i += dt[0].length;
      continue;
    }
    const d = DATE.exec(rest);
    if (d) {
      tokens.push({ kind: 'date', text: d[0], value: d[0], pos: i });
      i += d[0].length;
      continue;
    }
    const num = NUMBER.exec(rest);
    if (num && (ch !== '-' || /\d/.test(soql.charAt(i + 1)))) {
      tokens.push({ kind: 'number', text: num[0], value: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    const id = IDENT.exec(rest);
    if (id) {
      tokens.push({ kind: 'ident', text: id[0], value: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    const op = /^(!=|<>|<=|>=|=|<|>)/.exec(rest);
    if (op) {
      tokens.push({ kind: 'op', text: op[0], value: op[0] === '<>' ? '!=' : op[0], pos: i });
      i += op[0].length;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: 'punct', text: ch, value: ch, pos: i });
      i += 1;
      continue;
    }
    throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${ch}'`, i);
  }
  tokens.push({ kind: 'eof', text: '<EOF>', value: '', pos: soql.length });
  return tokens;
}
