import { hash, verify } from "@node-rs/argon2";

/**
 * argon2id with the OWASP parameters (19 MiB memory, 2 iterations, 1 lane); these are also
 * @node-rs/argon2's defaults, spelled out so a library change cannot weaken them silently.
 * (The library's `Algorithm` const enum cannot be imported under isolatedModules: 2 = Argon2id.)
 */
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Compared against when the account does not exist, so an unknown email costs the same time as a
// wrong password and timing does not reveal which accounts exist.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  const target = storedHash ?? (await (dummyHash ??= hashPassword("timing-equaliser-not-a-password")));
  try {
    const ok = await verify(target, password);
    return ok && storedHash !== null;
  } catch {
    return false;
  }
}
