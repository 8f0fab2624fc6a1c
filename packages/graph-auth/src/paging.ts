// Paging differs per API (a next link vs page numbers); turning pages into a stream of items, and checking a next
// link before following it, do not.
import { GraphError, PagingError } from './errors.js';

/** Options of every paging iterator. */
export interface PagingOptions {
  /** Jobs per page, 1–1000. Larger pages mean fewer round trips. Default 100. */
  pageSize?: number;
  /** Stops the listing: the iterator rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** The default page size of the iterators: fewer round trips than the API's default of 10. */
export const DEFAULT_PAGE_SIZE = 100;

/**
 * Yields the items of each page in order, as `for await (const item of …)` expects. A hand-written iterator
 * rather than an async generator with `yield*`: items already in memory are handed out as resolved promises,
 * which costs about a quarter of a generator's per-item bookkeeping (it matters at 100,000 jobs).
 */
export function flattenPages<P, T>(
  pages: AsyncIterable<P>,
  itemsOf: (page: P) => readonly T[],
): AsyncGenerator<T, void, undefined> {
  const source = pages[Symbol.asyncIterator]();
  let items: readonly T[] = [];
  let index = 0;
  let finished = false;
  const done = (): IteratorReturnResult<void> => ({ value: undefined, done: true });
  const iterator: AsyncGenerator<T, void, undefined> = {
    async next(): Promise<IteratorResult<T, void>> {
      while (index >= items.length) {
        if (finished) return done();
        const page = await source.next();
        if (page.done) {
          finished = true;
          return done();
        }
        items = itemsOf(page.value);
        index = 0;
      }
      return { value: items[index++] as T, done: false };
    },
    async return(): Promise<IteratorResult<T, void>> {
      // Breaking out of `for await` closes the page source too, so no request is left half-way.
      if (!finished) {
        finished = true;
        await source.return?.();
      }
      return done();
    },
    async throw(error: unknown): Promise<IteratorResult<T, void>> {
      finished = true;
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/** Checks a page size before the first request, so a bad value fails fast with a clear message. */
export function checkPageSize(pageSize: number): number {
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
    throw new RangeError(`pageSize must be an integer from 1 to 1000, got ${pageSize}`);
  }
  return pageSize;
}

/** Where a listing is while it follows next links: the origin it may stay on, and the links already followed. */
export interface NextLinkState {
  /** The API's name, for error messages. */
  readonly api: string;
  /** The origin of the client's base URL; a link elsewhere would carry the token off. */
  readonly origin: string;
  /** Absolute URLs already requested in this listing. */
  readonly visited: Set<string>;
}

/**
 * Checks a next link and returns the absolute URL to request. With `base` (the URL of the request that returned the
 * link), a relative link is resolved against it; without, a link must be absolute. A link on another origin (the
 * token must not leak) or one already visited (a loop) is refused with a PagingError.
 */
export function resolveNextLink(link: string, state: NextLinkState, base?: string): string {
  let url: URL;
  try {
    url = base === undefined ? new URL(link) : new URL(link, base);
  } catch {
    throw new PagingError(
      `${state.api}: nextLink is not ${base === undefined ? 'an absolute URL' : 'a URL'}: ${link}`,
    );
  }
  if (url.origin !== state.origin) {
    throw new PagingError(
      `${state.api}: refusing nextLink on ${url.origin}; the client talks to ${state.origin}`,
    );
  }
  if (state.visited.has(url.href)) throw new PagingError(`${state.api}: nextLink repeats ${url.href}`);
  state.visited.add(url.href);
  return url.href;
}

/** The page to get, as every jobs API takes it next to its filters. */
export interface PageWindow {
  pageIndex?: number;
  pageSize?: number;
}

/**
 * Builds the wire query of one page: the filters go through the API's own conversion, and the page window, which
 * every API passes through unchanged, is added only where the caller gave it (the API keeps its own defaults).
 */
export function toPageWireQuery<F, W extends PageWindow>(
  query: F & PageWindow,
  toWire: (filters: F) => W,
): W {
  const { pageIndex, pageSize, ...filters } = query;
  const wire = toWire(filters as F);
  if (pageIndex !== undefined) wire.pageIndex = pageIndex;
  if (pageSize !== undefined) wire.pageSize = pageSize;
  return wire;
}

/**
 * Requests a next link on the authorized fetch and returns its JSON body, unchecked (each API checks its own page
 * shape). A body that is not JSON is a GraphError naming the API.
 */
export async function fetchNextPage(
  fetch: typeof globalThis.fetch,
  link: string,
  api: string,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  const response = await fetch(link, { headers: { accept: 'application/json' }, signal: signal ?? null });
  try {
    return await response.json();
  } catch {
    throw new GraphError(`${api}: the next page is not JSON`);
  }
}
