/**
 * What generated TypeScript glue (libs/codegen-glue) hands the linker: the
 * schema's interfaces and modules, with a codec per message type. Hand-made
 * specs work the same way.
 */
import type { Reader, Writer } from '@karmem-ts/runtime';

/**
 * Encodes, views and decodes one message type. The generated codec of a
 * struct `X` wraps codegen-ts's `encodeX`, `viewX` and `decodeX`.
 */
export interface Codec<T = unknown, V = unknown> {
  /** The struct's name, for messages. */
  readonly name: string;
  /** Writes `value` as a whole message into `writer` (after `writer.reset()`). */
  encode(value: T, writer: Writer): unknown;
  /** A zero-copy viewer of the message `reader` holds. */
  view(reader: Reader): V;
  /** The message as plain data. */
  decode(reader: Reader): T;
}

/** A function of an interface: at most one message in, at most one out. */
export interface FunctionSpec {
  readonly name: string;
  readonly param?: Codec;
  readonly result?: Codec;
}

/**
 * An interface of the schema. The type parameters carry the generated
 * TypeScript types, so that `linked.client(module, Physics)` is typed:
 * `Client` returns viewers, `ObjectClient` plain data, and `Host` is what a
 * host implements to provide the interface to guests.
 */
export interface InterfaceSpec<Client = unknown, ObjectClient = unknown, Host = unknown> {
  readonly name: string;
  readonly functions: readonly FunctionSpec[];
  /** Type-level only: never set. */
  readonly __types?: { readonly client: Client; readonly objects: ObjectClient; readonly host: Host };
}

export interface ModuleImportSpec {
  readonly interface: string;
  /** The module that must provide it (`imports Log from logger`); absent: the host chooses. */
  readonly from?: string;
}

/** A guest module of the schema: what it exports and what it imports. */
export interface ModuleSpec {
  readonly name: string;
  readonly implements: readonly string[];
  readonly imports: readonly ModuleImportSpec[];
}

export interface SchemaSpec {
  readonly name: string;
  readonly interfaces: Readonly<Record<string, InterfaceSpec>>;
  readonly modules: Readonly<Record<string, ModuleSpec>>;
}

export type ClientOf<S> = S extends InterfaceSpec<infer C, unknown, unknown> ? C : never;
export type ObjectClientOf<S> = S extends InterfaceSpec<unknown, infer O, unknown> ? O : never;
export type HostOf<S> = S extends InterfaceSpec<unknown, unknown, infer H> ? H : never;
