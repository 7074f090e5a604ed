/**
 * Server action requests, checked before Next sees them (edge-safe; the middleware calls it).
 *
 * Next decodes an action's arguments (React's reply encoding) before any of the app's code runs, and
 * a crafted body that does not decode becomes a 500. Every action in this app takes form data, so the
 * middleware lets through exactly the two shapes React sends for a form and refuses anything else
 * with 400 (bad input is a clear 4xx, never a 500):
 * - with JavaScript: a `Next-Action` header and a multipart body whose field "0" is a JSON array of
 *   plain values, the form itself referenced as "$K<n>";
 * - without JavaScript (progressive enhancement): a multipart form whose `$ACTION_<n>:<k>` fields are
 *   JSON, the first one a reference `{ id, bound }` to the action and its bound arguments.
 */

// React's markers for values JSON cannot carry, limited to those a form action's arguments contain:
// an escaped "$", form data, undefined, non-finite numbers, -0 and dates. Everything else (chunk,
// promise, map, set, iterator, typed array, server or temporary reference) makes React resolve
// references a form never sends.
const PLAIN_MARKER = /^\$(?:\$.*|K[0-9a-f]+|undefined|Infinity|-Infinity|-0|NaN|D.+)$/s;
const BOUND_ARGUMENTS = /^\$@[0-9a-f]+$/;
const ACTION_FIELD = /^\$ACTION_\d+:(\d+)$/;

function parseJson(text: string): { value: unknown } | null {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return null;
  }
}

/** True when every string in the value is plain text or one of the markers above. */
export function hasOnlyPlainValues(value: unknown, depth = 0): boolean {
  if (depth > 32) return false;
  if (typeof value === "string") return !value.startsWith("$") || PLAIN_MARKER.test(value);
  if (Array.isArray(value)) return value.every((v) => hasOnlyPlainValues(v, depth + 1));
  if (value !== null && typeof value === "object") return Object.values(value).every((v) => hasOnlyPlainValues(v, depth + 1));
  return true;
}

const isArgumentList = (text: string) => {
  const parsed = parseJson(text);
  return parsed !== null && Array.isArray(parsed.value) && hasOnlyPlainValues(parsed.value);
};

function isActionReference(text: string): boolean {
  const parsed = parseJson(text);
  if (!parsed || parsed.value === null || typeof parsed.value !== "object" || Array.isArray(parsed.value)) return false;
  const { id, bound } = parsed.value as { id?: unknown; bound?: unknown };
  return typeof id === "string" && (bound === null || (typeof bound === "string" && BOUND_ARGUMENTS.test(bound)));
}

/** Whether a POST may go on to Next: not an action call, or an action call shaped like a form submission. */
export async function isWellFormedActionRequest(request: Request): Promise<boolean> {
  if (request.method !== "POST") return true;
  const isActionCall = request.headers.has("next-action");
  const multipart = (request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");
  if (!multipart) {
    // a non-multipart action call only ever carries JSON arguments
    return !isActionCall || isArgumentList(await request.clone().text());
  }
  let form: FormData;
  try {
    form = await request.clone().formData();
  } catch {
    return false;
  }
  if (isActionCall) {
    const root = form.get("0");
    return typeof root === "string" && isArgumentList(root);
  }
  for (const [name, value] of form) {
    const field = ACTION_FIELD.exec(name);
    if (!field) continue;
    if (typeof value !== "string") return false;
    if (!(field[1] === "0" ? isActionReference(value) : isArgumentList(value))) return false;
  }
  return true;
}
