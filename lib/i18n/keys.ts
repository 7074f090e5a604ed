import type { Messages } from "./index";

/** "area.name" for every plain text in the tables ("shared.enterEmail"), so a schema can name one. */
type Leaves<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends string
    ? `${Prefix}${K}`
    : T[K] extends (...args: never[]) => unknown
      ? never
      : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type TextKey = Leaves<Messages>;

/**
 * A text named by key, for messages decided where no language is known yet: zod schemas give keys
 * as their error messages, and the action answering the form translates them (validated-action.ts).
 */
export const textKey = <K extends TextKey>(key: K): K => key;

/** The text a key names in these tables, or undefined when the string is not a key. */
export function textOf(messages: Messages, key: string): string | undefined {
  let node: unknown = messages;
  for (const part of key.split(".")) {
    if (!node || typeof node !== "object" || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" ? node : undefined;
}
