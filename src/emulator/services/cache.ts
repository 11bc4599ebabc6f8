/**
 * CacheService: script, user and document caches with expiry by the emulated clock.
 *
 * Limits follow the reference (spec #56–#60): keys up to 250 characters, values up to
 * 100 KB (UTF-8 bytes), expiry 1..21600 s (default 600 s), and at most 1,000 items — past
 * that, the 900 items farthest from expiration are kept. Entries are plain strings.
 */
import {
  GasException,
  signatureError,
  type ExecutionInfo,
  type GasObject,
  type ServiceModule,
  type World,
  type WorldOptions,
} from "../contract";
import { getOrCreate, isPlainObject, isStringArray, serviceState, utf8Length } from "./shared";

export const KEY_TOO_LARGE_MESSAGE = "Argument too large: key";
export const VALUE_TOO_LARGE_MESSAGE = "Argument too large: value";
/** [UNVERIFIED] texts for an expiry outside 1..21600 s, patterned on the key/value ones. */
export const EXPIRATION_TOO_LARGE_MESSAGE = "Argument too large: expirationInSeconds";
export const EXPIRATION_INVALID_MESSAGE = "Invalid argument: expirationInSeconds";
export const MAX_KEY_LENGTH = 250;
export const MAX_VALUE_BYTES = 100 * 1024;
export const DEFAULT_EXPIRATION_SECONDS = 600;
export const MAX_EXPIRATION_SECONDS = 21_600;
export const MAX_ITEMS = 1000;
export const ITEMS_KEPT_ON_OVERFLOW = 900;

interface CacheEntry {
  value: string;
  expiresAt: number;
}

export interface CacheState {
  /** By scope: "script", "user:<email>", "document:<id>". */
  caches: Map<string, Map<string, CacheEntry>>;
}

export function cacheState(world: World): CacheState {
  return serviceState<CacheState>(world, "cache", "CacheService");
}

/** Test hook: drop every cached entry, as Apps Script may at any time (spec #55). */
export function evictAllCaches(world: World): void {
  for (const cache of cacheState(world).caches.values()) cache.clear();
}

function checkEntry(key: unknown, value: string): void {
  if (String(key).length > MAX_KEY_LENGTH) throw new GasException(KEY_TOO_LARGE_MESSAGE);
  if (utf8Length(value) > MAX_VALUE_BYTES) throw new GasException(VALUE_TOO_LARGE_MESSAGE);
}

function checkExpiration(seconds: number): void {
  if (seconds > MAX_EXPIRATION_SECONDS) throw new GasException(EXPIRATION_TOO_LARGE_MESSAGE);
  if (!(seconds >= 1)) throw new GasException(EXPIRATION_INVALID_MESSAGE);
}

export class Cache implements GasObject {
  readonly __gasClass = "CacheService.Cache";

  constructor(
    private readonly world: World,
    private readonly entries: Map<string, CacheEntry>,
  ) {}

  get(key: string): string | null {
    if (typeof key !== "string") throw signatureError(this.__gasClass, "get", [...arguments]);
    return this.#live(key)?.value ?? null;
  }

  /** Only the keys found: no null entries for missing ones (spec #59). */
  getAll(keys: string[]): Record<string, string> {
    if (!isStringArray(keys)) throw signatureError(this.__gasClass, "getAll", [...arguments]);
    const found: Record<string, string> = {};
    for (const key of keys) {
      const entry = this.#live(key);
      if (entry) found[key] = entry.value;
    }
    return found;
  }

  put(key: string, value: string, expirationInSeconds?: number): void {
    if (typeof key !== "string" || value === undefined || (expirationInSeconds !== undefined && typeof expirationInSeconds !== "number")) {
      throw signatureError(this.__gasClass, "put", [...arguments]);
    }
    const seconds = expirationInSeconds ?? DEFAULT_EXPIRATION_SECONDS;
    const text = String(value);
    checkEntry(key, text);
    checkExpiration(seconds);
    this.#store([[key, text]], seconds);
  }

  putAll(values: Record<string, unknown>, expirationInSeconds?: number): void {
    if (!isPlainObject(values) || (expirationInSeconds !== undefined && typeof expirationInSeconds !== "number")) {
      throw signatureError(this.__gasClass, "putAll", [...arguments]);
    }
    const seconds = expirationInSeconds ?? DEFAULT_EXPIRATION_SECONDS;
    const pairs = Object.entries(values).map(([k, v]) => [k, String(v)] as [string, string]);
    for (const [key, text] of pairs) checkEntry(key, text);
    checkExpiration(seconds);
    this.#store(pairs, seconds);
  }

  remove(key: string): void {
    if (typeof key !== "string") throw signatureError(this.__gasClass, "remove", [...arguments]);
    this.entries.delete(key);
  }

  removeAll(keys: string[]): void {
    if (!isStringArray(keys)) throw signatureError(this.__gasClass, "removeAll", [...arguments]);
    for (const key of keys) this.entries.delete(key);
  }

  #live(key: string): CacheEntry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.world.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  #store(pairs: [string, string][], seconds: number): void {
    const now = this.world.clock.now();
    for (const [key, value] of pairs) {
      this.entries.delete(key); // re-inserting keeps Map order = write order, for stable eviction ties
      this.entries.set(key, { value, expiresAt: now + seconds * 1000 });
    }
    if (this.entries.size <= MAX_ITEMS) return;
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    if (this.entries.size <= MAX_ITEMS) return;
    // Keep the 900 farthest from expiration; among equal expiries, the most recently written.
    const ranked = [...this.entries].map(([key, entry], order) => ({ key, entry, order }));
    ranked.sort((a, b) => b.entry.expiresAt - a.entry.expiresAt || b.order - a.order);
    const kept = new Set(ranked.slice(0, ITEMS_KEPT_ON_OVERFLOW).map((r) => r.key));
    for (const key of [...this.entries.keys()]) if (!kept.has(key)) this.entries.delete(key);
  }
}

function cacheFor(world: World, scope: string): Map<string, CacheEntry> {
  return getOrCreate(cacheState(world).caches, scope, () => new Map());
}

export class CacheServiceObject implements GasObject {
  readonly __gasClass = "CacheService";

  constructor(
    private readonly world: World,
    private readonly exec: ExecutionInfo,
  ) {}

  getScriptCache(): Cache {
    return new Cache(this.world, cacheFor(this.world, "script"));
  }

  getUserCache(): Cache {
    return new Cache(this.world, cacheFor(this.world, `user:${this.exec.userEmail}`));
  }

  /** null outside a containing document, e.g. in a web app (spec #31). */
  getDocumentCache(): Cache | null {
    if (this.exec.kind === "webapp") return null;
    return new Cache(this.world, cacheFor(this.world, `document:${this.world.boundSpreadsheetId}`));
  }
}

export const service: ServiceModule = {
  globals: ["CacheService"],
  init(world: World, _options: WorldOptions): void {
    const state: CacheState = { caches: new Map() };
    world.state.cache = state;
  },
  create(world: World, exec: ExecutionInfo): Record<string, object> {
    return { CacheService: new CacheServiceObject(world, exec) };
  },
};
