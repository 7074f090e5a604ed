import type { z } from "zod";
import { isDatabaseUnavailable } from "../db/unavailable";
import { textOf } from "../i18n/keys";
import { getMessages } from "../i18n/server";

/**
 * Typed state for form actions: errors tied to fields (rendered with aria-describedby), one form-level
 * message, and the non-secret values to refill the form with (React 19 resets uncontrolled fields).
 */
export interface FormState<Field extends string = string> {
  fieldErrors?: Partial<Record<Field, string>>;
  formError?: string;
  values?: Partial<Record<Field, string>>;
}

/** Parses FormData with a zod schema before the action runs, so every action validates the same way. */
export function validatedAction<Schema extends z.ZodObject, Field extends string & keyof z.input<Schema>>(
  schema: Schema,
  action: (data: z.output<Schema>, formData: FormData) => Promise<FormState<Field>>,
  refill: readonly Field[] = [],
) {
  const refilled = (formData: FormData) => {
    const values: Partial<Record<Field, string>> = {};
    for (const f of refill) {
      const v = formData.get(f);
      if (typeof v === "string") values[f] = v.slice(0, 256);
    }
    return values;
  };
  return async (_previous: FormState<Field>, formData: FormData): Promise<FormState<Field>> => {
    // an action is a public endpoint: a crafted call can pass anything where the form should be
    const t = await getMessages();
    if (!(formData instanceof FormData)) return { formError: t.shared.formUnreadable };
    const parsed = schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      const fieldErrors: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "") as Field;
        // schemas name their messages by text key (lib/i18n/keys.ts); zod's own defaults read as a generic refusal
        fieldErrors[field] ??= textOf(t, issue.message) ?? t.shared.invalidField;
      }
      return { fieldErrors, values: refilled(formData) };
    }
    try {
      return await action(parsed.data, formData);
    } catch (error) {
      // the database cannot be reached: say so next to the form, with what was typed kept
      if (isDatabaseUnavailable(error)) return { formError: t.shared.unavailable, values: refilled(formData) };
      throw error;
    }
  };
}
