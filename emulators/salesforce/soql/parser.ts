import type { CmpOp, Condition, FieldRef, OrderItem, SelectItem, SoqlQuery, Value } from './ast.ts';
import { SoqlError } from './errors.ts';
import { tokenize, type Token } from './lexer.ts';

const DATE_LITERALS = new Set(['TODAY', 'YESTERDAY', 'TOMORROW', 'LAST_N_DAYS', 'NEXT_N_DAYS', 'THIS_WEEK', 'THIS_MONTH']);
const RESERVED = new Set(['SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'LIKE', 'ORDER', 'BY', 'LIMIT', 'OFFSET', 'ASC', 'DESC', 'NULLS', 'GROUP', 'HAVING', 'WITH', 'FOR']);

/** Parses the SOQL subset: SELECT fields | COUNT() FROM obj [WHERE] [ORDER BY] [LIMIT] [OFFSET]. */
export function parseSoql(soql: string): SoqlQuery {
  const parser = new Parser(tokenize(soql));
  const query = parser.query();
  parser.expectEnd();
  return query;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i += 1;
    return t;
  }

  private isKeyword(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'ident' && t.text.toUpperCase() === word;
  }

  private unexpected(t: Token = this.peek()): SoqlError {
    return new SoqlError('MALFORMED_QUERY', `unexpected token: ${t.kind === 'eof' ? '<EOF>' : `'${t.text}'`}`, t.pos);
  }

  private keyword(word: string): Token {
    if (!this.isKeyword(word)) throw this.unexpected();
    return this.next();
  }

  private punct(ch: string): void {
    const t = this.peek();
    if (t.kind !== 'punct' || t.text !== ch) throw this.unexpected();
    this.next();
  }

  expectEnd(): void {
    if (this.peek().kind !== 'eof') throw this.unexpected();
  }

  query(): SoqlQuery {
    this.keyword('SELECT');
    const select = this.selectList();
    this.keyword('FROM');
    const fromTok = this.next();
    if (fromTok.kind !== 'ident' || fromTok.text.includes('.')) throw this.unexpected(fromTok);
    const query: SoqlQuery = { select, from: { name: fromTok.text, pos: fromTok.pos }, orderBy: [] };
    if (this.isKeyword('WHERE')) {
      this.next();
      query.where = this.condition();
    }
    if (this.isKeyword('ORDER')) {
      this.next();
      this.keyword('BY');
      query.orderBy = this.orderList();
    }
    if (this.isKeyword('LIMIT')) {
      this.next();
      query.limit = this.integer();
    }
    if (this.isKeyword('OFFSET')) {
      this.next();
      query.offset = this.integer();
    }
    return query;
  }

  private integer(): number {
    const t = this.next();
    if (t.kind !== 'number' || !/^\d+$/.test(t.text)) throw this.unexpected(t);
    return Number(t.text);
  }

  private fieldRef(): FieldRef {
    const t = this.next();
    if (t.kind !== 'ident' || t.text.includes(':') || RESERVED.has(t.text.toUpperCase())) throw this.unexpected(t);
    return { path: t.text.split('.'), pos: t.pos };
  }

  private selectList(): SelectItem[] {
    const items: SelectItem[] = [];
    for (;;) {
      if (this.isKeyword('COUNT') && this.peek(1).text === '(') {
        const pos = this.next().pos;
        this.punct('(');
        const field = this.peek().text === ')' ? undefined : this.fieldRef();
        this.punct(')');
        const item: SelectItem = { kind: 'count', pos, ...(field ? { field } : {}) };
        if (field && this.peek().kind === 'ident' && !this.isKeyword('FROM')) item.alias = this.next().text;
        items.push(item);
      } else {
        items.push({ kind: 'field', field: this.fieldRef() });
      }
      if (this.peek().text !== ',') break;
      this.next();
    }
    const countWithoutField = items.find((it): it is Extract<SelectItem, { kind: 'count' }> => it.kind === 'count' && !it.field);
    if (countWithoutField && items.length > 1) {
      throw new SoqlError('MALFORMED_QUERY', 'COUNT() and field list cannot be used together', countWithoutField.pos);
    }
    return items;
  }

  private orderList(): OrderItem[] {
    const items: OrderItem[] = [];
    for (;;) {
      const field = this.fieldRef();
      let direction: 'ASC' | 'DESC' = 'ASC';
      if (this.isKeyword('ASC') || this.isKeyword('DESC')) direction = this.next().text.toUpperCase() as 'ASC' | 'DESC';
      let nulls: 'FIRST' | 'LAST' = 'FIRST';
      if (this.isKeyword('NULLS')) {
        this.next();
        if (!this.isKeyword('FIRST') && !this.isKeyword('LAST')) throw this.unexpected();
        nulls = this.next().text.toUpperCase() as 'FIRST' | 'LAST';
      }
      items.push({ field, direction, nulls });
      if (this.peek().text !== ',') return items;
      this.next();
    }
  }

  /** AND and OR cannot be mixed at one level without parentheses, as in SOQL. */
  private condition(): Condition {
    const first = this.unary();
    if (!this.isKeyword('AND') && !this.isKeyword('OR')) return first;
    const joiner = this.peek().text.toUpperCase();
    const items = [first];
    while (this.isKeyword('AND') || this.isKeyword('OR')) {
      const t = this.next();
      if (t.text.toUpperCase() !== joiner) throw this.unexpected(t);
      items.push(this.unary());
    }
    return { kind: joiner === 'AND' ? 'and' : 'or', items };
  }

  private unary(): Condition {
    if (this.isKeyword('NOT')) {
      this.next();
      return { kind: 'not', item: this.unary() };
    }
    if (this.peek().text === '(') {
      this.next();
      const inner = this.condition();
      this.punct(')');
      return inner;
    }
    return this.predicate();
  }

  private predicate(): Condition {
    const field = this.fieldRef();
    const t = this.peek();
    if (t.kind === 'op') {
      this.next();
      const valuePos = this.peek().pos;
      return { kind: 'cmp', field, op: t.value as CmpOp, value: this.value(), valuePos };
    }
    let negated = false;
    if (this.isKeyword('NOT')) {
      this.next();
      negated = true;
      if (!this.isKeyword('IN')) throw this.unexpected();
    }
    if (this.isKeyword('IN')) {
      this.next();
      this.punct('(');
      if (this.isKeyword('SELECT')) {
        const query = this.query();
        this.punct(')');
        return { kind: 'semiJoin', field, negated, query };
      }
      const valuePos = this.peek().pos;
      const values = [this.value()];
      while (this.peek().text === ',') {
        this.next();
        values.push(this.value());
      }
      this.punct(')');
      return { kind: 'in', field, negated, values, valuePos };
    }
    if (this.isKeyword('LIKE')) {
      this.next();
      const p = this.next();
      if (p.kind !== 'string') throw this.unexpected(p);
      return { kind: 'like', field, pattern: p.value };
    }
    throw this.unexpected();
  }

  private value(): Value {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        return { kind: 'string', v: t.value };
      case 'number':
        return { kind: 'number', v: Number(t.text) };
      case 'date':
        return { kind: 'date', v: t.text };
      case 'datetime': {
        const ms = Date.parse(t.text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
        if (Number.isNaN(ms)) throw this.unexpected(t);
        return { kind: 'datetime', v: ms };
      }
      case 'ident': {
        const upper = t.text.toUpperCase();
        if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'boolean', v: upper === 'TRUE' };
        if (upper === 'NULL') return { kind: 'null' };
        const [name, n] = upper.split(':');
        if (name !== undefined && DATE_LITERALS.has(name)) {
          const needsN = name.includes('_N_');
          if (needsN !== (n !== undefined)) throw this.unexpected(t);
          return { kind: 'dateLiteral', name, ...(n !== undefined ? { n: Number(n) } : {}) };
        }
        throw this.unexpected(t);
      }
      default:
        throw this.unexpected(t);
    }
  }
}
