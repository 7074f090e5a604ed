"use client";

import { useActionState } from "react";
import { saveConsent } from "./actions";
import { useConsentUi } from "./consent-context";

/**
 * The banner's and the dialog's form: posts the decision to the server action (a plain form post
 * without JavaScript). What follows a saved decision happens in ConsentProvider, which sees the new
 * server render; only a failure stays here.
 */
export function useConsentForm() {
  const [result, action, pending] = useActionState(saveConsent, null);
  return { action, pending, failed: result?.ok === false };
}

/** The fields every consent form carries besides the choices. */
export function ConsentFormContext({ source }: { source: "banner" | "preferences" }) {
  const ui = useConsentUi();
  return (
    <>
      <input type="hidden" name="source" value={source} />
      {ui.gpc && <input type="hidden" name="gpc" value="1" />}
      {ui.picked.lang && <input type="hidden" name="lang" value={ui.picked.lang} />}
      {ui.picked.theme && <input type="hidden" name="theme" value={ui.picked.theme} />}
    </>
  );
}
