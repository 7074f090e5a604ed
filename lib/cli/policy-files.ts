import { readFile } from "node:fs/promises";
import { parse } from "dotenv";
import { loadPolicy } from "../session/policy";
import { policyDocument } from "../session/policy-doc";

export const POLICY_DOC = "docs/session-policy.md";

/** KEY=value pairs of an env file (commented lines are not values); empty when the file is missing. */
export async function readEnvFile(path: string): Promise<Record<string, string>> {
  try {
    return parse(await readFile(path, "utf8"));
  } catch {
    return {};
  }
}

/** The policy document for the committed configuration (.env.example), whatever this machine's env says. */
export async function committedPolicyDocument(): Promise<string> {
  return policyDocument(loadPolicy(await readEnvFile(".env.example")), "the configuration committed in `.env.example`");
}
