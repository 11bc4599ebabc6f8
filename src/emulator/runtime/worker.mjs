// Worker thread of the emulated Apps Script runtime: runs executions of the bundle, one at a time.
//
// Plain JavaScript on purpose: the host starts this file with `new Worker(url)`, and it has to
// load the same way under vitest, tsx and plain node, none of which share a TypeScript loader
// with worker threads.
//
// Per worker: the bundle is compiled once (vm.Script). Per execution: a fresh vm context gets
// the in-context runtime (prelude), the proxies for the Apps Script globals, then the bundle,
// then the entry point is called. A service call from the bundle posts {t:"call"} to the host
// and blocks on Atomics.wait until the host has put the reply on `replyPort` and notified.

import { parentPort, workerData, receiveMessageOnPort } from "node:worker_threads";
import vm from "node:vm";

const { code, filename, cachedData, clockBuffer, signalBuffer, replyPort } = workerData;

/** signal[0]: 0 while a call is pending, 1 once the host has posted its reply. */
const signal = new Int32Array(signalBuffer);
/** clock: [mode (0 frozen, 1 ticking), emulated ms at base, real ms at base]; see clock.ts. */
const clock = new BigInt64Array(clockBuffer);

const outerDateNow = Date.now;

function emulatedNow() {
  const base = Number(Atomics.load(clock, 1));
  if (Atomics.load(clock, 0) === 0n) return base;
  return base + (outerDateNow() - Number(Atomics.load(clock, 2)));
}

function callHost(message) {
  Atomics.store(signal, 0, 0);
  parentPort.postMessage(message);
  Atomics.wait(signal, 0, 0);
  const received = receiveMessageOnPort(replyPort);
  if (!received) throw new Error("leadgrade runtime: the host woke the execution without a reply");
  return received.message;
}

const compileStarted = performance.now();
// A bundle that does not compile still gets a working worker: each run reports the error.
let bundleScript = null;
let compileError = null;
try {
  bundleScript = new vm.Script(code, { filename, cachedData: cachedData ? Buffer.from(cachedData) : undefined });
} catch (error) {
  compileError = describeError(error);
}
const cacheRejected = cachedData && bundleScript ? bundleScript.cachedDataRejected === true : undefined;
const preludeScript = new vm.Script(`(${contextPrelude.toString()})`, { filename: "leadgrade-runtime.js" });
// Running any script in a context with microtaskMode "afterEvaluate" drains its microtask queue.
const drainScript = new vm.Script("undefined", { filename: "leadgrade-runtime-drain.js" });
const compileMs = performance.now() - compileStarted;

let executionsRun = 0;

parentPort.on("message", (message) => {
  if (message.t === "run") {
    const outcome = runExecution(message);
    executionsRun += 1;
    // The code cache is most useful after a first run, when lazily compiled functions exist.
    const codeCache = executionsRun === 1 && message.wantCodeCache && bundleScript ? bundleScript.createCachedData() : undefined;
    parentPort.postMessage({ t: "done", executionId: message.executionId, ...outcome, codeCache });
  }
});
parentPort.postMessage({ t: "ready", compileMs, cacheRejected });

function runExecution(message) {
  if (compileError) return { ok: false, error: compileError };
  const timings = {};
  let t = performance.now();
  try {
    const context = vm.createContext({}, { name: `leadgrade ${message.executionId}`, microtaskMode: "afterEvaluate" });
    const runtime = preludeScript.runInContext(context)({ callHost, now: emulatedNow, timeZone: message.timeZone });
    runtime.installGlobals(message.globals);
    const event = message.hasEvent ? runtime.decode(message.event) : undefined;
    timings.contextMs = performance.now() - t;
    t = performance.now();
    bundleScript.runInContext(context);
    timings.loadMs = performance.now() - t;
    t = performance.now();
    const outcome = runtime.invoke(message.functionName, message.hasEvent, event);
    drainScript.runInContext(context);
    timings.runMs = performance.now() - t;
    return { ...outcome, timings };
  } catch (error) {
    // Errors thrown while loading the bundle (top-level code) land here.
    return { ok: false, error: describeError(error), timings };
  }
}

function describeError(error) {
  if (error !== null && typeof error === "object" && "message" in error) {
    return { name: String(error.name ?? "Error"), message: String(error.message), stack: typeof error.stack === "string" ? error.stack : undefined };
  }
  return { name: "Error", message: String(error) };
}

/**
 * The in-context half of the runtime. Its source is evaluated INSIDE each execution's vm
 * context, so every object it makes (Dates, arrays, errors, proxies) belongs to that realm and
 * `instanceof` works in the bundle. It only reaches the outside through `bridge`, which it keeps
 * in a closure: nothing of Node is reachable from the bundle's globals.
 */
function contextPrelude(bridge) {
  "use strict";
  const HANDLE = "\u0000handle";
  const NOT_EMULATED = "\u0000notEmulated";
  const global = globalThis;
  const NativeDate = Date;
  const NativeError = Error;
  const NativeTypeError = TypeError;
  const NativeProxy = Proxy;
  const isArray = Array.isArray;
  const objectToString = Object.prototype.toString;
  const hasOwn = Object.prototype.hasOwnProperty;
  const defineProperty = Object.defineProperty;
  const objectKeys = Object.keys;
  const objectCreate = Object.create;
  const getPrototypeOf = Object.getPrototypeOf;
  const reflectConstruct = Reflect.construct;
  const weakMapGet = WeakMap.prototype.get;
  const weakMapSet = WeakMap.prototype.set;
  const bridgeCall = bridge.callHost;
  const bridgeNow = bridge.now;

  // --- The script's time zone as the context's local time ------------------------------
  // Apps Script runs scripts in the script's time zone: getHours(), new Date(y, m, d),
  // toString() and Intl's default zone all use it. Worker threads share the process's zone,
  // so the local-time parts of this context's Date.prototype are re-based on the script zone.
  const timeZone = bridge.timeZone;
  const proto = NativeDate.prototype;
  const nativeGetTime = proto.getTime;
  const nativeSetTime = proto.setTime;
  const nativeGetTimezoneOffset = proto.getTimezoneOffset;
  const nativeParse = NativeDate.parse;
  const nativeUTC = NativeDate.UTC;
  const NativeDateTimeFormat = Intl.DateTimeFormat;
  const zoneParts = new NativeDateTimeFormat("en-US", {
    timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric",
  });
  const zoneName = new NativeDateTimeFormat("en-US", { timeZone, timeZoneName: "long" });
  const QUARTER_HOUR = 900000;
  const offsetCache = new Map();

  /** ms to add to UTC to get the script zone's wall time. Zone changes fall on quarter hours. */
  function offsetAt(t) {
    const bucket = Math.floor(t / QUARTER_HOUR);
    const cached = offsetCache.get(bucket);
    if (cached !== undefined) return cached;
    const start = bucket * QUARTER_HOUR;
    const parts = zoneParts.formatToParts(new NativeDate(start));
    const field = {};
    for (let i = 0; i < parts.length; i++) field[parts[i].type] = Number(parts[i].value);
    const wall = nativeUTC(field.year, field.month - 1, field.day, field.hour, field.minute, field.second);
    const offset = wall - Math.floor(start / 1000) * 1000;
    if (offsetCache.size > 20000) offsetCache.clear();
    offsetCache.set(bucket, offset);
    return offset;
  }

  /** Wall time in the script zone → UTC ms (two passes settle across offset changes). */
  function wallToUtc(wall) {
    if (wall !== wall) return NaN;
    const first = wall - offsetAt(wall);
    return wall - offsetAt(first);
  }

  function define(target, name, value) {
    defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
  }

  const FIELDS = ["FullYear", "Month", "Date", "Day", "Hours", "Minutes", "Seconds", "Milliseconds"];
  for (let i = 0; i < FIELDS.length; i++) {
    const getUTC = proto["getUTC" + FIELDS[i]];
    define(proto, "get" + FIELDS[i], function () {
      const t = nativeGetTime.call(this);
      return t !== t ? NaN : getUTC.call(new NativeDate(t + offsetAt(t)));
    });
    if (FIELDS[i] === "Day") continue;
    const setUTC = proto["setUTC" + FIELDS[i]];
    const isYear = FIELDS[i] === "FullYear";
    define(proto, "set" + FIELDS[i], function () {
      const t = nativeGetTime.call(this);
      // Spec: setFullYear on an invalid date starts from local +0; the other setters stay NaN.
      if (t !== t && !isYear) return NaN;
      const wall = new NativeDate(t !== t ? 0 : t + offsetAt(t));
      setUTC.apply(wall, arguments);
      return nativeSetTime.call(this, wallToUtc(nativeGetTime.call(wall)));
    });
  }
  define(proto, "getYear", function () {
    return this.getFullYear() - 1900;
  });
  define(proto, "getTimezoneOffset", function () {
    const t = nativeGetTime.call(this);
    return t !== t ? NaN : -offsetAt(t) / 60000;
  });

  const DAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const two = (n) => (n < 10 ? "0" : "") + n;
  function yearText(y) {
    return y < 0 ? "-" + String(-y).padStart(6, "0") : String(y).padStart(4, "0");
  }
  function datePart(wall) {
    return `${DAY_NAMES[wall.getUTCDay()]} ${MONTH_NAMES[wall.getUTCMonth()]} ${two(wall.getUTCDate())} ${yearText(wall.getUTCFullYear())}`;
  }
  function timePart(t, wall) {
    const offsetMinutes = offsetAt(t) / 60000;
    const abs = Math.abs(offsetMinutes);
    const name = zoneName.formatToParts(new NativeDate(t)).find((p) => p.type === "timeZoneName");
    return `${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}:${two(wall.getUTCSeconds())} GMT${offsetMinutes < 0 ? "-" : "+"}${two(Math.floor(abs / 60))}${two(abs % 60)}${name ? ` (${name.value})` : ""}`;
  }
  define(proto, "toString", function toString() {
    const t = nativeGetTime.call(this);
    if (t !== t) return "Invalid Date";
    const wall = new NativeDate(t + offsetAt(t));
    return `${datePart(wall)} ${timePart(t, wall)}`;
  });
  define(proto, "toDateString", function toDateString() {
    const t = nativeGetTime.call(this);
    return t !== t ? "Invalid Date" : datePart(new NativeDate(t + offsetAt(t)));
  });
  define(proto, "toTimeString", function toTimeString() {
    const t = nativeGetTime.call(this);
    return t !== t ? "Invalid Date" : timePart(t, new NativeDate(t + offsetAt(t)));
  });

  function withZone(options) {
    if (options === undefined || options === null) return { timeZone };
    if (typeof options !== "object" || options.timeZone !== undefined) return options;
    return Object.assign({}, options, { timeZone });
  }
  const LOCALE_METHODS = ["toLocaleString", "toLocaleDateString", "toLocaleTimeString"];
  for (let i = 0; i < LOCALE_METHODS.length; i++) {
    const native = proto[LOCALE_METHODS[i]];
    define(proto, LOCALE_METHODS[i], function (locales, options) {
      return native.call(this, locales, withZone(options));
    });
  }
  const ZonedDateTimeFormat = function DateTimeFormat(locales, options) {
    return reflectConstruct(NativeDateTimeFormat, [locales, withZone(options)], new.target ?? NativeDateTimeFormat);
  };
  ZonedDateTimeFormat.prototype = NativeDateTimeFormat.prototype;
  define(ZonedDateTimeFormat, "supportedLocalesOf", NativeDateTimeFormat.supportedLocalesOf);
  define(NativeDateTimeFormat.prototype, "constructor", ZonedDateTimeFormat);
  define(Intl, "DateTimeFormat", ZonedDateTimeFormat);

  // Strings without a zone ("2025-01-06 10:00", "Jan 6 2025") are local time; ISO date-only
  // strings and anything with Z / ±hh:mm / GMT are not.
  const ISO_DATE_ONLY = /^\s*[+-]?\d{4,6}(-\d\d){0,2}\s*$/;
  const HAS_ZONE = /\d:\d\d(:\d\d(\.\d+)?)?\s*(Z|[+-]\d\d(:?\d\d)?|GMT|UTC|UT|[ECMP][SD]T)\b|\b(GMT|UTC)\b/i;
  function parseInScriptZone(text) {
    const t = nativeParse(text);
    if (t !== t || ISO_DATE_ONLY.test(text) || HAS_ZONE.test(text)) return t;
    const wall = t - nativeGetTimezoneOffset.call(new NativeDate(t)) * 60000;
    return wallToUtc(wall);
  }

  // --- Date on the emulated clock -------------------------------------------------------
  // Same prototype as the native Date, so `new Date() instanceof Date`, `d.constructor === Date`
  // and dates re-created from host values are all one family.
  const EmulatedDate = function Date(...args) {
    if (new.target === undefined) return new NativeDate(bridgeNow()).toString();
    if (args.length === 0) return reflectConstruct(NativeDate, [bridgeNow()], new.target);
    if (args.length === 1) {
      const value = args[0];
      if (typeof value === "string") return reflectConstruct(NativeDate, [parseInScriptZone(value)], new.target);
      return reflectConstruct(NativeDate, [value], new.target);
    }
    // new Date(year, month, ...): wall time in the script's zone.
    return reflectConstruct(NativeDate, [wallToUtc(nativeUTC.apply(undefined, args))], new.target);
  };
  defineProperty(EmulatedDate, "length", { value: 7 });
  EmulatedDate.prototype = NativeDate.prototype;
  define(NativeDate.prototype, "constructor", EmulatedDate);
  define(EmulatedDate, "now", function now() { return bridgeNow(); });
  define(EmulatedDate, "parse", function parse(text) { return parseInScriptZone(String(text)); });
  define(EmulatedDate, "UTC", nativeUTC);
  define(global, "Date", EmulatedDate);

  // --- Errors ---------------------------------------------------------------------------
  /** G1: name "Exception", message unchanged, String(e) === "Exception: " + message. */
  function exception(message) {
    const error = new NativeError(message);
    // Enumerable like Apps Script's, whose JSON.stringify(e) shows name and message.
    defineProperty(error, "name", { value: "Exception", writable: true, configurable: true, enumerable: true });
    defineProperty(error, "message", { value: message, writable: true, configurable: true, enumerable: true });
    if (typeof error.stack === "string") {
      const firstLineEnd = error.stack.indexOf("\n");
      error.stack = "Exception: " + message + (firstLineEnd >= 0 ? error.stack.slice(firstLineEnd) : "");
    }
    return error;
  }

  // --- Values coming from the host ---------------------------------------------------------
  const handleOfProxy = new WeakMap(); // proxy -> handle id
  const proxyOfHandle = new Map(); // handle id -> proxy
  const shapePrototypes = new Map(); // shape id -> prototype of the proxies of that shape

  function isOuterDate(value) {
    return objectToString.call(value) === "[object Date]";
  }

  function decode(value) {
    if (value === null || typeof value !== "object") return value;
    if (isArray(value)) {
      const length = value.length;
      const out = new Array(length);
      for (let i = 0; i < length; i++) {
        const item = value[i];
        out[i] = item === null || typeof item !== "object" ? item : decode(item);
      }
      return out;
    }
    if (hasOwn.call(value, HANDLE)) return proxyFor(value);
    if (hasOwn.call(value, NOT_EMULATED)) return notEmulated(value[NOT_EMULATED]);
    if (isOuterDate(value)) return new NativeDate(value.getTime());
    if (ArrayBuffer.isView(value)) return Array.from(value);
    const out = {};
    const keys = objectKeys(value);
    for (let i = 0; i < keys.length; i++) out[keys[i]] = decode(value[keys[i]]);
    return out;
  }

  function methodCaller(name, shapeClass) {
    return function () {
      const id = weakMapGet.call(handleOfProxy, this);
      if (id === undefined) throw new NativeTypeError(`${shapeClass}.${name} called on an object that is not a ${shapeClass}`);
      return callMethod(id, name, arguments);
    };
  }

  function defineShape(shapeId, description) {
    const proto = {};
    shapePrototypes.set(shapeId, proto);
    const shortName = description.cls.slice(description.cls.lastIndexOf(".") + 1);
    for (let i = 0; i < description.methods.length; i++) {
      const name = description.methods[i];
      defineProperty(proto, name, { value: methodCaller(name, description.cls), writable: true, configurable: true, enumerable: false });
    }
    if (description.methods.indexOf("toString") < 0) {
      // Apps Script objects print as their class name, e.g. String(range) === "Range".
      defineProperty(proto, "toString", { value: function toString() { return shortName; }, writable: true, configurable: true, enumerable: false });
    }
    const propNames = objectKeys(description.props);
    for (let i = 0; i < propNames.length; i++) {
      defineProperty(proto, propNames[i], { value: decode(description.props[propNames[i]]), writable: false, configurable: true, enumerable: true });
    }
    return proto;
  }

  function proxyFor(wire) {
    const id = wire[HANDLE];
    const known = proxyOfHandle.get(id);
    if (known !== undefined) return known;
    const proto = shapePrototypes.get(wire.shape) ?? defineShape(wire.shape, wire.describe);
    const proxy = objectCreate(proto);
    weakMapSet.call(handleOfProxy, proxy, id);
    proxyOfHandle.set(id, proxy);
    return proxy;
  }

  function notEmulated(name) {
    return new NativeProxy(objectCreate(null), {
      get(_target, property) {
        if (typeof property === "symbol") return undefined;
        throw exception(`${name} is not emulated by leadgrade's local runtime`);
      },
      set() {
        throw exception(`${name} is not emulated by leadgrade's local runtime`);
      },
    });
  }

  // --- Values going to the host --------------------------------------------------------------
  function encode(value, depth) {
    if (value === null) return null;
    const type = typeof value;
    if (type === "function" || type === "symbol") return undefined;
    if (type !== "object") return value;
    if (depth > 64) throw exception("Value too deeply nested (or circular) to pass to an Apps Script service.");
    const id = weakMapGet.call(handleOfProxy, value);
    if (id !== undefined) return { [HANDLE]: id };
    if (isArray(value)) {
      const length = value.length;
      const out = new Array(length);
      for (let i = 0; i < length; i++) {
        const item = value[i];
        out[i] = item === null || (typeof item !== "object" && typeof item !== "function" && typeof item !== "symbol") ? item : encode(item, depth + 1);
      }
      return out;
    }
    if (value instanceof NativeDate) return value; // structured clone carries Dates
    if (ArrayBuffer.isView(value)) return value;
    const out = {};
    const keys = objectKeys(value);
    for (let i = 0; i < keys.length; i++) {
      const item = encode(value[keys[i]], depth + 1);
      if (item !== undefined) out[keys[i]] = item;
    }
    return out;
  }

  function callMethod(id, method, args) {
    const encodedArgs = new Array(args.length);
    for (let i = 0; i < args.length; i++) encodedArgs[i] = encode(args[i], 0);
    const reply = bridgeCall({ t: "call", handle: id, method, args: encodedArgs });
    if (reply.ok) return decode(reply.value);
    throw exception(reply.message);
  }

  // --- Globals and invocation ----------------------------------------------------------------
  function installGlobals(globals) {
    for (let i = 0; i < globals.length; i++) {
      const entry = globals[i];
      const value = decode(entry.value);
      const id = weakMapGet.call(handleOfProxy, value);
      if (id !== undefined) {
        // Own bound methods on the singletons, so detached calls work: arr.forEach(console.log).
        const proto = getPrototypeOf(value);
        const names = Object.getOwnPropertyNames(proto);
        for (let j = 0; j < names.length; j++) {
          const method = proto[names[j]];
          if (typeof method === "function" && names[j] !== "toString") {
            const name = names[j];
            defineProperty(value, name, { value: function () { return callMethod(id, name, arguments); }, writable: true, configurable: true, enumerable: false });
          }
        }
      }
      defineProperty(global, entry.name, { value, writable: true, configurable: true, enumerable: false });
    }
  }

  function describeThrown(error) {
    if (error !== null && typeof error === "object" && "message" in error) {
      return { name: String(error.name ?? "Error"), message: String(error.message), stack: typeof error.stack === "string" ? error.stack : undefined };
    }
    return { name: "Error", message: String(error) };
  }

  function invoke(functionName, hasEvent, event) {
    const entry = global[functionName];
    if (typeof entry !== "function") {
      return { ok: false, notFound: true, error: { name: "Exception", message: `Script function not found: ${functionName}` } };
    }
    try {
      const result = hasEvent ? entry.call(undefined, event) : entry.call(undefined);
      return { ok: true, result: encode(result, 0) };
    } catch (error) {
      return { ok: false, error: describeThrown(error) };
    }
  }

  return { installGlobals, decode, invoke };
}
