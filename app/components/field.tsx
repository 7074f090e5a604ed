import type { InputHTMLAttributes, ReactNode } from "react";
import { Notice } from "./notice";

/**
 * A labelled input. Its error (or hint) is tied to it for screen readers: aria-invalid and
 * aria-describedby point at the message, which sits right under the field.
 */
export function Field({
  id,
  label,
  error,
  hint,
  className,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { id: string; label: string; error?: string; hint?: ReactNode }) {
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={id}
        name={id}
        aria-invalid={Boolean(error)}
        aria-describedby={describedBy}
        className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-brand-600 aria-[invalid=true]:border-red-500"
        {...input}
      />
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : hint ? (
        <div id={`${id}-hint`} className="mt-1 text-sm text-slate-500">
          {hint}
        </div>
      ) : null}
    </div>
  );
}

/** A form-level message: an alert for errors, a status for confirmations. */
export function FormMessage({ error, done }: { error?: string; done?: string }) {
  if (error) {
    return (
      <Notice tone="error" role="alert">
        {error}
      </Notice>
    );
  }
  if (done) {
    return (
      <Notice tone="success" role="status">
        {done}
      </Notice>
    );
  }
  return null;
}
