import { browserFamily } from "./device";
import type { BindingMode, SessionPolicy } from "./policy";
import type { RequestContext } from "./types";

/**
 * Session binding (hijack detection): compares a request's network (/24 or /64 prefix) and browser
 * family with those the session started on. Each signal has its own mode (off | log | step-up |
 * revoke); the strictest mode among the signals that differ decides. An address that could not be
 * read, on either side, is a mismatch: a request that hides its network must not skip the check.
 */
export type BindingSignal = "ip" | "user-agent";

export interface BindingMismatch {
  signal: BindingSignal;
  mode: BindingMode;
  expected: string;
  actual: string;
}

export interface BindingCheck {
  decision: BindingMode | "ok";
  mismatches: BindingMismatch[];
  /** identifies this mismatch, so it is audited once however many requests repeat it */
  signature: string | null;
}

const UNREADABLE = "unreadable";

const STRENGTH: Record<BindingMode | "ok", number> = { ok: 0, off: 0, log: 1, "step-up": 2, revoke: 3 };

export function checkBinding(bound: { ipPrefix: string; userAgent: string }, request: RequestContext, policy: SessionPolicy): BindingCheck {
  const mismatches: BindingMismatch[] = [];
  if (policy.bindIp !== "off" && (!bound.ipPrefix || !request.ipPrefix || bound.ipPrefix !== request.ipPrefix)) {
    mismatches.push({ signal: "ip", mode: policy.bindIp, expected: bound.ipPrefix || UNREADABLE, actual: request.ipPrefix || UNREADABLE });
  }
  if (policy.bindUserAgent !== "off") {
    const [expected, actual] = [browserFamily(bound.userAgent), browserFamily(request.userAgent)];
    if (expected !== actual) mismatches.push({ signal: "user-agent", mode: policy.bindUserAgent, expected, actual });
  }
  let decision: BindingCheck["decision"] = "ok";
  for (const m of mismatches) if (STRENGTH[m.mode] > STRENGTH[decision]) decision = m.mode;
  const signature = mismatches.length ? mismatches.map((m) => `${m.signal}:${m.actual}`).join(",") : null;
  return { decision, mismatches, signature };
}
