// A bounded cache of settled jobs' JSON texts, kept as bytes in one preallocated arena per dataset (a ring: each
// text is written after the previous one, wrapping at the end, and evicts the oldest texts it overwrites — first
// in, first out). As V8 strings, cached texts survived young-generation collections (copied twice each) and
// became old-generation garbage once evicted, which V8 collects lazily: under first-touch traffic the heap grew
// to several times the cache. In the arena, memory is the arena exactly and eviction makes no garbage; a hit
// decodes a fresh string (young garbage, cheap).
//
// One slot per job and rendering (an Int32Array load per job of a page, 4 bytes per job) holds where its text
// starts. Texts are ASCII (the dataset escapes everything else), one byte per character. Jobs are keyed by a
// number that stays the same when the dataset grows (the dataset uses the rank from its oldest job), and
// `resize` makes room for new ones.

/** Text ↔ bytes: Node's Buffer where there is one (5× faster on short texts), else TextEncoder/TextDecoder. */
export interface Codec {
  write(arena: Uint8Array, text: string, at: number): void;
  read(arena: Uint8Array, start: number, end: number): string;
}

type NodeBufferLike = Uint8Array & {
  latin1Write(text: string, offset: number): number;
  latin1Slice(start: number, end: number): string;
};
const NodeBuffer = (globalThis as unknown as { Buffer?: { from(buffer: ArrayBuffer): NodeBufferLike } })
  .Buffer;

/** The codec for an arena (`nodeBuffer` is Node's Buffer where there is one; tests pass undefined). */
export function codecFor(arena: Uint8Array, nodeBuffer = NodeBuffer): Codec {
  if (nodeBuffer !== undefined) {
    const buffer = nodeBuffer.from(arena.buffer as ArrayBuffer);
    return {
      write: (_arena, text, at) => buffer.latin1Write(text, at),
      read: (_arena, start, end) => buffer.latin1Slice(start, end),
    };
  }
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  return {
    write: (a, text, at) => encoder.encodeInto(text, a.subarray(at, at + text.length)),
    read: (a, start, end) => decoder.decode(a.subarray(start, end)),
  };
}

/** Bytes of a record's header: the job it caches, then its rendering and the text's length (LENGTH_BITS). */
const HEADER = 8;
const LENGTH_BITS = 20;
const MAX_LENGTH = (1 << LENGTH_BITS) - 1;

export class JsonCache {
  /** Per rendering: slot[position] = record start + 1, or 0 when the job's text is not cached. */
  private readonly slots = new Map<string, Int32Array>();
  /** Slot arrays by rendering number (the record header's slot id / positions). */
  private readonly slotList: Int32Array[] = [];
  private arena: Uint8Array | null = null;
  private words: Int32Array | null = null;
  private codec: Codec | null = null;
  /** Record starts in insertion order, which is also arena order from `writeAt` on (a ring). */
  private readonly order: Int32Array;
  private oldest = 0;
  private writeAt = 0;
  count = 0;

  /**
   * @param positions jobs in the dataset (slots per rendering)
   * @param maxEntries most cached texts
   * @param arenaBytes size of the arena (allocated on the first insert)
   */
  constructor(
    private positions: number,
    maxEntries: number,
    private readonly arenaBytes: number,
  ) {
    this.order = new Int32Array(Math.max(0, maxEntries));
  }

  get enabled(): boolean {
    return this.order.length > 0 && this.arenaBytes > HEADER;
  }

  /** Bytes held (slots and arena). */
  get byteLength(): number {
    let bytes = this.order.byteLength + (this.arena?.byteLength ?? 0);
    for (const s of this.slotList) bytes += s.byteLength;
    return bytes;
  }

  /** Makes room for jobs up to `positions` (keys stay valid). */
  resize(positions: number): void {
    if (positions <= this.positions) return;
    this.positions = positions;
    for (const [rendering, old] of this.slots) {
      const grown = new Int32Array(positions);
      grown.set(old);
      this.slots.set(rendering, grown);
      this.slotList[this.slotList.indexOf(old)] = grown;
    }
    this.lastRendering = null;
  }

  private slotsOf(rendering: string): Int32Array {
    let slots = this.slots.get(rendering);
    if (slots === undefined) {
      slots = new Int32Array(this.positions);
      this.slots.set(rendering, slots);
      this.slotList.push(slots);
      this.lastRendering = null;
    }
    return slots;
  }

  /** The rendering asked for last and its slots: a page asks for one rendering ten times (no Map lookup then). */
  private lastRendering: string | null = null;
  private lastSlots: Int32Array | undefined = undefined;

  get(rendering: string, p: number): string | undefined {
    if (rendering !== this.lastRendering) {
      this.lastRendering = rendering;
      this.lastSlots = this.slots.get(rendering);
    }
    const slots = this.lastSlots;
    const at = slots === undefined ? 0 : slots[p]!;
    if (at === 0) return undefined;
    const start = at - 1;
    const length = this.words![(start >> 2) + 1]! & MAX_LENGTH;
    return this.codec!.read(this.arena!, start + HEADER, start + HEADER + length);
  }

  set(rendering: string, p: number, text: string): void {
    const need = (HEADER + text.length + 3) & ~3; // records start on 4-byte boundaries (the header is two int32)
    if (!this.enabled || need > this.arenaBytes || text.length > MAX_LENGTH) return;
    const slots = this.slotsOf(rendering);
    if (slots[p] !== 0) return;
    if (this.arena === null) {
      this.arena = new Uint8Array(this.arenaBytes & ~3);
      this.words = new Int32Array(this.arena.buffer);
      this.codec = codecFor(this.arena);
    }
    if (this.writeAt + need > this.arena.length) {
      // Wrap: the texts between here and the end are the oldest; the space after them is left unused.
      while (this.count > 0 && this.front() >= this.writeAt) this.evictOldest();
      this.writeAt = 0;
    }
    const start = this.writeAt;
    while (this.count > 0 && this.count >= this.order.length) this.evictOldest();
    while (this.count > 0 && this.front() >= start && this.front() < start + need) this.evictOldest();
    const words = this.words!;
    words[start >> 2] = p;
    words[(start >> 2) + 1] = (this.slotList.indexOf(slots) << LENGTH_BITS) | text.length;
    this.codec!.write(this.arena, text, start + HEADER);
    this.order[(this.oldest + this.count) % this.order.length] = start;
    this.count++;
    slots[p] = start + 1;
    this.writeAt = start + need;
  }

  private front(): number {
    return this.order[this.oldest]!;
  }

  private evictOldest(): void {
    const start = this.front();
    this.oldest = this.oldest + 1 === this.order.length ? 0 : this.oldest + 1;
    this.count--;
    const p = this.words![start >> 2]!;
    const slots = this.slotList[this.words![(start >> 2) + 1]! >>> LENGTH_BITS]!;
    if (slots[p] === start + 1) slots[p] = 0;
  }
}
