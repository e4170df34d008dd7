/** Syntax tree of the SOQL subset the emulator understands. `pos` is the 0-based offset in the query text. */

export type Value =
  | { kind: 'string'; v: string }
  | { kind: 'number'; v: number }
  | { kind: 'boolean'; v: boolean }
  | { kind: 'null' }
  | { kind: 'date'; v: string }
  | { kind: 'datetime'; v: number }
  | { kind: 'dateLiteral'; name: string; n?: number };

export type CmpOp = '=' | '!=' | '<' | '>' | '<=' | '>=';

export interface FieldRef {
  path: string[];
  pos: number;
}

export type Condition =
  | { kind: 'and' | 'or'; items: Condition[] }
  | { kind: 'not'; item: Condition }
  | { kind: 'cmp'; field: FieldRef; op: CmpOp; value: Value; valuePos: number }
  | { kind: 'in'; field: FieldRef; negated: boolean; values: Value[]; valuePos: number }
  | { kind: 'semiJoin'; field: FieldRef; negated: boolean; query: SoqlQuery }
  | { kind: 'like'; field: FieldRef; pattern: string };

export type SelectItem =
  | { kind: 'field'; field: FieldRef }
  | { kind: 'count'; field?: FieldRef; alias?: string; pos: number };

export interface OrderItem {
  field: FieldRef;
  direction: 'ASC' | 'DESC';
  nulls: 'FIRST' | 'LAST';
}

export interface SoqlQuery {
  select: SelectItem[];
  from: { name: string; pos: number };
  where?: Condition;
  orderBy: OrderItem[];
  limit?: number;
  offset?: number;
}
