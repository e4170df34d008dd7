/** A SOQL failure with Salesforce's error code and its "ERROR at Row:r:Column:c" message. */
export class SoqlError extends Error {
  constructor(
    readonly errorCode: 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE' | 'INVALID_QUERY_FILTER_OPERATOR',
    readonly detail: string,
    readonly pos: number,
  ) {
    super(detail);
  }

  /** The message exactly as Salesforce formats it: the query, a caret under the column, row and column, detail. */
  render(soql: string): string {
    const before = soql.slice(0, this.pos);
    const row = before.split('\n').length;
    const lineStart = before.lastIndexOf('\n') + 1;
    const column = this.pos - lineStart + 1;
    const line = soql.split('\n')[row - 1] ?? '';
    return `\n${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${this.detail}`;
  }
}
