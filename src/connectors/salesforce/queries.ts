import type { Connection } from 'jsforce';
import { translateApiError } from './api-errors.ts';
import { failure, SalesforceError } from './failure.ts';
import type { SalesforceRecord } from './records.ts';

/** Pages a query may take before we stop (2,000 rows a page: a million rows). */
export const MAX_PAGES = 500;
/** Salesforce allows at most five query subrequests in one composite request. */
export const COMPOSITE_QUERY_LIMIT = 5;

interface QueryPage {
  readonly done?: boolean;
  readonly nextRecordsUrl?: string;
  readonly records?: readonly SalesforceRecord[];
}

export interface QueryOptions {
  /** Rows per page, 200..2000 (`Sforce-Query-Options: batchSize=N`); Salesforce's default is 2,000. */
  readonly pageSize?: number;
}

/** Runs a SOQL query and follows `nextRecordsUrl` to the end: one API call per page. */
export async function queryAll(connection: Connection, soql: string, options: QueryOptions = {}): Promise<SalesforceRecord[]> {
  const headers = pageHeaders(options);
  const first = await connection.request<QueryPage>({ method: 'GET', url: `/services/data/v${connection.version}/query?q=${encodeURIComponent(soql)}`, headers });
  return followPages(connection, first, headers);
}

function pageHeaders(options: QueryOptions): Record<string, string> {
  return options.pageSize === undefined ? {} : { 'Sforce-Query-Options': `batchSize=${options.pageSize}` };
}

async function followPages(connection: Connection, first: QueryPage, headers: Record<string, string> = {}): Promise<SalesforceRecord[]> {
  const records: SalesforceRecord[] = [...(first.records ?? [])];
  let page = first;
  for (let pages = 1; page.done === false && page.nextRecordsUrl !== undefined; pages++) {
    if (pages >= MAX_PAGES) {
      throw new SalesforceError(failure('PSYNC_SF_TOO_MANY_ROWS', 'permanent', `A query returned more than ${MAX_PAGES} pages; the hub stopped reading.`));
    }
    page = await connection.request<QueryPage>({ method: 'GET', url: page.nextRecordsUrl, headers });
    records.push(...(page.records ?? []));
  }
  return records;
}

interface CompositeResponse {
  readonly compositeResponse?: readonly { readonly body?: unknown; readonly httpStatusCode?: number; readonly referenceId?: string }[];
}

/**
 * Runs several queries with as few API calls as possible: up to five per composite request
 * (which counts as one call), then one call per further page of any result.
 */
export async function queryMany(connection: Connection, soqls: readonly string[], options: QueryOptions = {}): Promise<SalesforceRecord[][]> {
  const headers = pageHeaders(options);
  const results: SalesforceRecord[][] = [];
  for (let start = 0; start < soqls.length; start += COMPOSITE_QUERY_LIMIT) {
    const chunk = soqls.slice(start, start + COMPOSITE_QUERY_LIMIT);
    if (chunk.length === 1) {
      results.push(await queryAll(connection, chunk[0] as string, options));
      continue;
    }
    const response = await connection.requestPost<CompositeResponse>(`/services/data/v${connection.version}/composite`, {
      allOrNone: false,
      compositeRequest: chunk.map((soql, i) => ({
        method: 'GET',
        url: `/services/data/v${connection.version}/query?q=${encodeURIComponent(soql)}`,
        referenceId: `q${i}`,
        ...(options.pageSize === undefined ? {} : { httpHeaders: headers }),
      })),
    });
    for (let i = 0; i < chunk.length; i++) {
      const sub = response.compositeResponse?.find((r) => r.referenceId === `q${i}`);
      results.push(await followPages(connection, subrequestPage(sub), headers));
    }
  }
  return results;
}

function subrequestPage(sub: { body?: unknown; httpStatusCode?: number } | undefined): QueryPage {
  const status = sub?.httpStatusCode ?? 500;
  if (status >= 400 || sub === undefined) {
    const first = Array.isArray(sub?.body) ? (sub.body[0] as { errorCode?: unknown; message?: unknown } | undefined) : undefined;
    throw new SalesforceError(
      translateApiError({
        status,
        ...(typeof first?.errorCode === 'string' ? { errorCode: first.errorCode } : {}),
        ...(typeof first?.message === 'string' ? { message: first.message } : {}),
      }),
    );
  }
  return sub.body as QueryPage;
}
