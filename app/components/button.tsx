import type { ButtonHTMLAttributes } from "react";

/** The app's buttons: one look per purpose, for <button> and for links that act as one (buttonClass). */
const VARIANTS = {
  primary: "bg-brand-600 text-white hover:bg-brand-700",
  secondary: "border border-slate-400 bg-white text-slate-900 hover:bg-slate-100",
  danger: "border border-red-300 bg-white text-red-800 hover:bg-red-50",
} as const;
const SIZES = { md: "px-4 py-2", sm: "px-3 py-1.5 text-sm" } as const;

export interface ButtonLook {
  variant?: keyof typeof VARIANTS;
  size?: keyof typeof SIZES;
  /** as wide as its container (the sign-in forms) */
  wide?: boolean;
}

export function buttonClass({ variant = "primary", size = "md", wide = false }: ButtonLook = {}): string {
  return `${wide ? "block w-full" : "inline-block"} rounded-md font-medium disabled:opacity-60 ${VARIANTS[variant]} ${SIZES[size]}`;
}

/** A button; `type` defaults to "button", so only a form's real submit button submits it. */
export function Button({
  variant,
  size,
  wide,
  className,
  type = "button",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & ButtonLook) {
  return <button type={type} className={[buttonClass({ variant, size, wide }), className].filter(Boolean).join(" ")} {...props} />;
}
