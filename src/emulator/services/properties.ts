/**
 * PropertiesService: script, user and document stores of string values.
 *
 * Everything is stored as a string (spec #50); reads hand out copies (spec #52). Sizes are
 * counted as UTF-8 bytes of key + value, because the live limit depends on both (spec #54,
 * tanaikech report); one value may use 9 KB and one store 500 KB. Both overflows use the
 * one documented quota text — a separate per-value text is unverified.
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
import { getOrCreate, isPlainObject, serviceState, utf8Length } from "./shared";

export const PROPERTY_QUOTA_MESSAGE =
  "You have exceeded the property storage quota. Please remove some properties and try again.";
export const MAX_PROPERTY_VALUE_BYTES = 9 * 1024;
export const MAX_PROPERTY_STORE_BYTES = 500 * 1024;

export interface PropertiesState {
  script: Map<string, string>;
  /** By user email. */
  user: Map<string, Map<string, string>>;
  /** By document (spreadsheet) id. */
  document: Map<string, Map<string, string>>;
}

export function propertiesState(world: World): PropertiesState {
  return serviceState<PropertiesState>(world, "properties", "PropertiesService");
}

/** Host-side access for tests and the harness: the live script store. */
export function scriptPropertiesOf(world: World): Map<string, string> {
  return propertiesState(world).script;
}

function entryBytes(key: string, value: string): number {
  return utf8Length(key) + utf8Length(value);
}

function storeBytes(store: Map<string, string>): number {
  let total = 0;
  for (const [key, value] of store) total += entryBytes(key, value);
  return total;
}

export class Properties implements GasObject {
  readonly __gasClass = "PropertiesService.Properties";

  constructor(private readonly store: Map<string, string>) {}

  getProperty(key: string): string | null {
    if (typeof key !== "string") throw signatureError(this.__gasClass, "getProperty", [...arguments]);
    return this.store.get(key) ?? null;
  }

  getProperties(): Record<string, string> {
    return Object.fromEntries(this.store);
  }

  getKeys(): string[] {
    return [...this.store.keys()];
  }

  setProperty(key: string, value: unknown): Properties {
    if (typeof key !== "string" || arguments.length < 2) {
      throw signatureError(this.__gasClass, "setProperty", [...arguments]);
    }
    this.#write(new Map([[key, String(value)]]), false);
    return this;
  }

  setProperties(properties: Record<string, unknown>, deleteAllOthers?: boolean): Properties {
    if (!isPlainObject(properties) || (deleteAllOthers !== undefined && typeof deleteAllOthers !== "boolean")) {
      throw signatureError(this.__gasClass, "setProperties", [...arguments]);
    }
    const updates = new Map(Object.entries(properties).map(([k, v]) => [k, String(v)] as const));
    this.#write(updates, deleteAllOthers === true);
    return this;
  }

  deleteProperty(key: string): Properties {
    if (typeof key !== "string") throw signatureError(this.__gasClass, "deleteProperty", [...arguments]);
    this.store.delete(key);
    return this;
  }

  deleteAllProperties(): Properties {
    this.store.clear();
    return this;
  }

  /** All-or-nothing: check the quota on the would-be store before touching the real one. */
  #write(updates: Map<string, string>, deleteAllOthers: boolean): void {
    for (const [key, value] of updates) {
      if (entryBytes(key, value) > MAX_PROPERTY_VALUE_BYTES) throw new GasException(PROPERTY_QUOTA_MESSAGE);
    }
    const next = deleteAllOthers ? new Map<string, string>() : new Map(this.store);
    for (const [key, value] of updates) next.set(key, value);
    if (storeBytes(next) > MAX_PROPERTY_STORE_BYTES) throw new GasException(PROPERTY_QUOTA_MESSAGE);
    this.store.clear();
    for (const [key, value] of next) this.store.set(key, value);
  }
}

function storeFor(stores: Map<string, Map<string, string>>, owner: string): Map<string, string> {
  return getOrCreate(stores, owner, () => new Map());
}

export class PropertiesServiceObject implements GasObject {
  readonly __gasClass = "PropertiesService";

  constructor(
    private readonly world: World,
    private readonly exec: ExecutionInfo,
  ) {}

  getScriptProperties(): Properties {
    return new Properties(propertiesState(this.world).script);
  }

  getUserProperties(): Properties {
    return new Properties(storeFor(propertiesState(this.world).user, this.exec.userEmail));
  }

  /** null outside a containing document, e.g. in a web app (spec #31). */
  getDocumentProperties(): Properties | null {
    if (this.exec.kind === "webapp") return null;
    return new Properties(storeFor(propertiesState(this.world).document, this.world.boundSpreadsheetId));
  }
}

export const service: ServiceModule = {
  globals: ["PropertiesService"],
  init(world: World, options: WorldOptions): void {
    const script = new Map(Object.entries(options.scriptProperties ?? {}).map(([k, v]) => [k, String(v)] as const));
    const state: PropertiesState = { script, user: new Map(), document: new Map() };
    world.state.properties = state;
  },
  create(world: World, exec: ExecutionInfo): Record<string, object> {
    return { PropertiesService: new PropertiesServiceObject(world, exec) };
  },
};
