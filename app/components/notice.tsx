import type { HTMLAttributes } from "react";

/** A boxed message in one of four tones. The caller says whether it is announced (role alert or status). */
const TONES = {
  info: "border-sky-200 bg-sky-50 text-sky-900",
  success: "border-emerald-200 bg-emerald-50 text-emerald-900",
  warning: "border-amber-200 bg-amber-50 text-amber-900",
  error: "border-red-200 bg-red-50 text-red-900",
} as const;

export type NoticeTone = keyof typeof TONES;

export function Notice({ tone, className, ...props }: HTMLAttributes<HTMLParagraphElement> & { tone: NoticeTone }) {
  return <p className={[`rounded-md border px-3 py-2 text-sm ${TONES[tone]}`, className].filter(Boolean).join(" ")} {...props} />;
}
