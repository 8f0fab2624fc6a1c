// The page cache: one per app for both APIs (one memory budget); each jobs handler keys its own pages.
import { PAGE_CACHE_MAX_ENTRY_BYTES } from '../limits.js';
import type { ResolvedOptions } from '../options.js';
import { PageCache } from '../page-cache.js';

export function createPageCache(options: ResolvedOptions): PageCache {
  return new PageCache({
    maxEntries: options.pageCache,
    maxBytes: options.pageCacheBytes,
    maxEntryBytes: PAGE_CACHE_MAX_ENTRY_BYTES,
  });
}
