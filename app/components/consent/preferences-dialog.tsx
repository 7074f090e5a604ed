"use client";

import { useEffect, useId, useRef, type KeyboardEvent } from "react";
import { cookiesIn, GPC_CATEGORIES, OPTIONAL_CATEGORIES, type Category } from "@/lib/consent/registry";
import { useConsentUi } from "./consent-context";
import { ConsentFormContext, useConsentForm } from "./use-consent-form";
import { Button } from "../button";
import { Notice } from "../notice";

/**
 * The preferences dialog: a switch per category (essential locked on) with its purpose and cookies from
 * the registry. A native modal <dialog>: focus moves into it and stays there, Escape closes it, and
 * focus returns to the control that opened it.
 */
export function PreferencesDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const ui = useConsentUi();
  const { t } = ui;
  const dialog = useRef<HTMLDialogElement>(null);
  const { action, pending, failed } = useConsentForm();
  const titleId = useId();

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      // focus the first choice to make, not the locked essential switch
      d.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    }
    if (!open && d.open) d.close();
  }, [open]);

  // Tab and Shift+Tab cycle inside the dialog rather than leaving for the browser's own controls
  const trapFocus = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== "Tab") return;
    const focusable = [
      ...event.currentTarget.querySelectorAll<HTMLElement>(
        "input:not([disabled]):not([type=hidden]), button:not([disabled]), summary, a[href]",
      ),
    ];
    const first = focusable[0];
    const last = focusable.at(-1);
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  const current = ui.choices;
  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      lang={ui.lang}
      // Escape: "cancel" comes at once, "close" a task later, possibly after the dialog was opened
      // again; a close event for a dialog that is open once more is stale and ignored
      onCancel={onClose}
      onClose={() => {
        if (!dialog.current?.open) onClose();
      }}
      onKeyDown={trapFocus}
      data-testid="consent-preferences"
      className="m-auto w-[min(40rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50"
    >
      {open && (
        <form action={action} className="max-h-[85vh] space-y-5 overflow-y-auto p-6" aria-busy={pending}>
          <ConsentFormContext source="preferences" />
          <input type="hidden" name="choice" value="custom" />
          <div className="space-y-2">
            <h2 id={titleId} className="text-lg font-semibold">
              {t.dialogTitle}
            </h2>
            <p className="text-sm text-slate-600">{t.dialogIntro}</p>
            {ui.gpc && <Notice tone="success">{t.gpcHonoured}</Notice>}
          </div>
          <ul className="space-y-4">
            <CategorySwitch category="essential" locked checked />
            {OPTIONAL_CATEGORIES.map((category, index) => {
              const offByGpc = ui.gpc && (GPC_CATEGORIES as readonly string[]).includes(category);
              return (
                <CategorySwitch
                  key={category}
                  category={category}
                  locked={offByGpc}
                  checked={offByGpc ? false : (current?.[category] ?? false)}
                  autoFocus={index === 0}
                />
              );
            })}
          </ul>
          <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4">
            <Button type="submit" disabled={pending} className="text-sm">
              {pending ? t.saving : t.save}
            </Button>
            <Button onClick={onClose} variant="secondary" className="text-sm">
              {t.close}
            </Button>
            {failed && (
              <span role="alert" className="text-sm text-red-700">
                {t.saveFailed}
              </span>
            )}
          </div>
        </form>
      )}
    </dialog>
  );
}

function CategorySwitch({
  category,
  locked,
  checked,
  autoFocus,
}: {
  category: Category;
  locked: boolean;
  checked: boolean;
  autoFocus?: boolean;
}) {
  const { t, lang } = useConsentUi();
  const id = useId();
  const text = t.categories[category];
  const cookies = cookiesIn(category);
  return (
    <li className="rounded-md border border-slate-200 p-4">
      <div className="flex items-start justify-between gap-4">
        <label htmlFor={id} className="font-medium">
          {text.title}
        </label>
        <span className="flex items-center gap-2 text-sm text-slate-600">
          {locked && <span>{category === "essential" ? t.alwaysOn : t.offByGpc}</span>}
          <input
            id={id}
            type="checkbox"
            role="switch"
            name={category === "essential" ? undefined : category}
            defaultChecked={checked}
            disabled={locked}
            data-autofocus={autoFocus || undefined}
            aria-describedby={`${id}-description`}
            className="h-5 w-5 accent-brand-600"
          />
        </span>
      </div>
      <p id={`${id}-description`} className="mt-1 text-sm text-slate-600">
        {text.description}
      </p>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-slate-700">{cookies.map((c) => c.name).join(", ")}</summary>
        <ul className="mt-2 space-y-1 text-slate-600">
          {cookies.map((c) => (
            <li key={c.name}>
              <code>{c.name}</code>: {c.purpose[lang]} ({c.lifetime[lang]})
            </li>
          ))}
        </ul>
      </details>
    </li>
  );
}
