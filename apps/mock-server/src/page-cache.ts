// A bounded cache of 200 bodies without their per-response ids (the engine profile's page "head"), keyed by what
// determines them: the API (one key space per handler and dataset), the origin used for nextLink and the request
// target exactly as received. A dashboard that polls the same pages skips parsing, validation, the index and the
// render; it still pays for auth, which runs before every lookup.
//
// The heads live in one preallocated byte arena used as a ring (a log): a new head is written after the previous
// one, wrapping at the end, and evicts the oldest heads it overwrites (first in, first out). Memory is the arena,
// exactly, and eviction makes no garbage: as V8 strings or one Buffer each, evicted heads became old-generation
// garbage that V8 collects lazily, and under first-touch traffic RSS rose to 3-4× the cache before a full GC.
// A hit copies the head out as a fresh string (young garbage, cheap), so an in-flight write never sees bytes
// that a later insert overwrites.
//
// Bounded by entries (`--page-cache`) and by bytes (the arena), because a page of 1,000 jobs is 100 times a page
// of 10; heads above maxEntryBytes are not cached at all.
import { constants } from 'node:buffer';

/** The cached pages of one origin, by request target. */
export type OriginPages = Map<string, PageEntry>;

export interface PageEntry {
  readonly key: string;
  readonly pages: OriginPages;
  /** The head's bytes in the arena: [start, start + length). */
  readonly start: number;
  readonly length: number;
}

export interface PageCacheOptions {
  /** Most entries; 0 disables the cache. */
  maxEntries: number;
  /** Size of the arena, bytes (allocated on the first insert). */
  maxBytes: number;
  /** Heads longer than this are not cached (rare big pages would push many small ones out). */
  maxEntryBytes: number;
}

export class PageCache {
  private arena: Buffer | null = null;
  private readonly arenaSize: number;
  private writeAt = 0;
  /** Live entries in insertion order, which is also arena order from `writeAt` on: a ring of maxEntries slots. */
  private readonly order: (PageEntry | undefined)[];
  private oldest = 0;
  private count = 0;
  private bytes = 0;
  private hitCount = 0;

  constructor(private readonly options: PageCacheOptions) {
    this.arenaSize = Math.max(0, Math.min(options.maxBytes, constants.MAX_LENGTH));
    this.order = new Array(options.maxEntries > 0 && this.arenaSize > 0 ? options.maxEntries : 0);
  }

  get enabled(): boolean {
    return this.order.length > 0;
  }

  get size(): number {
    return this.count;
  }

  /** Bytes of cached heads. */
  get byteSize(): number {
    return this.bytes;
  }

  /** Lookups answered from the cache so far (tests tell a hit from a re-render with it). */
  get hits(): number {
    return this.hitCount;
  }

  /** The head cached for this target, as a fresh string. */
  get(pages: OriginPages, target: string): string | undefined {
    const entry = pages.get(target);
    if (entry === undefined || this.arena === null) return undefined;
    this.hitCount++;
    return this.arena.toString('latin1', entry.start, entry.start + entry.length);
  }

  /** Caches a head; it must be ASCII (one byte per character), as the engine renders it. */
  set(pages: OriginPages, target: string, head: string): void {
    const length = head.length;
    if (!this.enabled || length > this.options.maxEntryBytes || length > this.arenaSize) return;
    if (pages.has(target)) return;
    this.arena ??= Buffer.allocUnsafeSlow(this.arenaSize);
    if (this.writeAt + length > this.arenaSize) {
      // Wrap: the heads between here and the end are the oldest; the space after them is left unused.
      while (this.count > 0 && this.front().start >= this.writeAt) this.evictOldest();
      this.writeAt = 0;
    }
    const start = this.writeAt;
    while (this.count > 0 && this.count >= this.order.length) this.evictOldest();
    while (this.count > 0 && this.front().start >= start && this.front().start < start + length) {
      this.evictOldest();
    }
    this.arena.write(head, start, 'latin1');
    const entry: PageEntry = { key: target, pages, start, length };
    this.order[(this.oldest + this.count) % this.order.length] = entry;
    this.count++;
    this.bytes += length;
    pages.set(target, entry);
    this.writeAt = start + length;
  }

  private front(): PageEntry {
    return this.order[this.oldest]!;
  }

  private evictOldest(): void {
    const entry = this.front();
    this.order[this.oldest] = undefined;
    this.oldest = this.oldest + 1 === this.order.length ? 0 : this.oldest + 1;
    this.count--;
    this.bytes -= entry.length;
    entry.pages.delete(entry.key);
  }
}
