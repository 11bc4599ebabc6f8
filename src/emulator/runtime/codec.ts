/**
 * Host half of the value encoding between the host's service objects and an execution.
 *
 * Wire format (carried by structured clone, so Dates and typed arrays travel natively):
 * - primitives, arrays, plain objects and Dates as themselves;
 * - a service object as { [HANDLE_TAG]: id, shape, describe? }: `id` indexes this execution's
 *   handle table; `shape` names its method set; `describe` ({cls, methods, props}) is attached
 *   the first time a shape is sent in an execution, so the worker never asks for it;
 * - a not-emulated global as { [NOT_EMULATED_TAG]: name }.
 * The worker sends service objects back as { [HANDLE_TAG]: id }.
 */
import { GAS_CLASS, GasException } from "../contract";

export const HANDLE_TAG = "\u0000handle";
export const NOT_EMULATED_TAG = "\u0000notEmulated";
/** Property a not-emulated global answers with its own name (see notEmulatedGlobal). */
export const NOT_EMULATED = Symbol.for("leadgrade.notEmulated");

const MAX_DEPTH = 64;

interface Shape {
  id: number;
  cls: string;
  methods: string[];
  /** Enum-like properties (PascalCase, not functions), e.g. ScriptApp.EventType. */
  propNames: string[];
}

export interface ShapeDescription {
  cls: string;
  methods: string[];
  props: Record<string, unknown>;
}

/** Shapes are keyed by prototype (class instances) or by the object itself (literals). */
const shapeByKey = new WeakMap<object, Shape>();
let nextShapeId = 1;

function hasOwnFunction(value: object): boolean {
  for (const key of Object.keys(value)) {
    if (typeof (value as Record<string, unknown>)[key] === "function") return true;
  }
  return false;
}

/** Anything with a class name, a class prototype or own methods travels as a handle. */
export function isServiceObject(value: object): boolean {
  if (GAS_CLASS in value) return true;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return true;
  return hasOwnFunction(value);
}

export function gasClassOf(value: object): string {
  const declared = (value as { [GAS_CLASS]?: unknown })[GAS_CLASS];
  if (typeof declared === "string") return declared;
  const ctor = (value as { constructor?: { name?: string } }).constructor;
  return ctor && ctor !== Object && ctor.name ? ctor.name : "Object";
}

function shapeOf(value: object): Shape {
  const proto = Object.getPrototypeOf(value);
  const key = proto !== Object.prototype && proto !== null && !hasOwnFunction(value) ? proto : value;
  let shape = shapeByKey.get(key);
  if (shape) return shape;
  const methods = new Set<string>();
  const propNames = new Set<string>();
  for (let level: object | null = value; level && level !== Object.prototype; level = Object.getPrototypeOf(level)) {
    for (const name of Object.getOwnPropertyNames(level)) {
      if (name === "constructor" || name.startsWith("_") || methods.has(name) || propNames.has(name)) continue;
      const descriptor = Object.getOwnPropertyDescriptor(level, name)!;
      if (typeof descriptor.value === "function") methods.add(name);
      else if (/^[A-Z]/.test(name)) propNames.add(name);
    }
  }
  shape = { id: nextShapeId++, cls: gasClassOf(value), methods: [...methods], propNames: [...propNames] };
  shapeByKey.set(key, shape);
  return shape;
}

/**
 * A host object standing for a service leadgrade does not emulate: every property access
 * throws, both here and (re-created by the worker) inside the execution.
 */
export function notEmulatedGlobal(name: string): object {
  const message = `${name} is not emulated by leadgrade's local runtime`;
  return new Proxy(Object.create(null) as object, {
    get(_target, property) {
      if (property === NOT_EMULATED) return name;
      if (typeof property === "symbol") return undefined;
      throw new GasException(message);
    },
    set() {
      throw new GasException(message);
    },
  });
}

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== "object" && typeof value !== "function" && typeof value !== "symbol");
}

/** The service objects one execution has seen, by handle id. Dies with the execution. */
export class HandleTable {
  private readonly objects = new Map<number, object>();
  private readonly ids = new Map<object, number>();
  private readonly describedShapes = new Set<number>();
  private nextId = 1;

  get(id: number): object {
    const target = this.objects.get(id);
    if (!target) throw new Error(`leadgrade runtime: unknown handle ${id}`);
    return target;
  }

  /** The wire form of one service object (always a handle, whatever its shape). */
  handleFor(target: object): Record<string, unknown> {
    let id = this.ids.get(target);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(target, id);
      this.objects.set(id, target);
    }
    const shape = shapeOf(target);
    const wire: Record<string, unknown> = { [HANDLE_TAG]: id, shape: shape.id };
    if (!this.describedShapes.has(shape.id)) {
      this.describedShapes.add(shape.id);
      const props: Record<string, unknown> = {};
      for (const name of shape.propNames) props[name] = this.encode((target as Record<string, unknown>)[name]);
      const describe: ShapeDescription = { cls: shape.cls, methods: shape.methods, props };
      wire.describe = describe;
    }
    return wire;
  }

  /** Host value → wire. Arrays of primitives and Dates are passed through uncopied. */
  encode(value: unknown, depth = 0): unknown {
    if (value === null) return null;
    if (typeof value !== "object") return typeof value === "function" || typeof value === "symbol" ? undefined : value;
    if (depth > MAX_DEPTH) throw new GasException("Value too deeply nested (or circular) to return from an Apps Script service.");
    if (value instanceof Date) return value;
    if (Array.isArray(value)) {
      let copy: unknown[] | null = null;
      for (let i = 0; i < value.length; i++) {
        const item = value[i];
        if (isPrimitive(item) || item instanceof Date) {
          if (copy) copy[i] = item;
          continue;
        }
        if (!copy) copy = value.slice(0, i);
        copy[i] = this.encode(item, depth + 1);
      }
      return copy ?? value;
    }
    if (ArrayBuffer.isView(value)) return value;
    const notEmulatedName = (value as { [NOT_EMULATED]?: unknown })[NOT_EMULATED];
    if (typeof notEmulatedName === "string") return { [NOT_EMULATED_TAG]: notEmulatedName };
    if (isServiceObject(value)) return this.handleFor(value);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const item = this.encode((value as Record<string, unknown>)[key], depth + 1);
      if (item !== undefined) out[key] = item;
    }
    return out;
  }

  /** Wire → host value, in place (the wire value is a fresh structured clone). */
  decode(value: unknown): unknown {
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item = value[i];
        if (item !== null && typeof item === "object") value[i] = this.decode(item);
      }
      return value;
    }
    if (value instanceof Date || ArrayBuffer.isView(value)) return value;
    const record = value as Record<string, unknown>;
    if (Object.prototype.hasOwnProperty.call(record, HANDLE_TAG)) return this.get(record[HANDLE_TAG] as number);
    for (const key of Object.keys(record)) {
      const item = record[key];
      if (item !== null && typeof item === "object") record[key] = this.decode(item);
    }
    return record;
  }
}
