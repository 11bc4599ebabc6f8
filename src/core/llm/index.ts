/** The model protocol, shared by the Node client and the Apps Script adapter (pure). */
export * from "./config";
export * from "./failure";
export * from "./schema";
export * from "./prompts";
export * from "./request";
export * from "./reply";
export * from "./policy";
export * from "./modes";
