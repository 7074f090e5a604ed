import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";

/**
 * Signing keys for app access tokens. The newest key signs; a new one is made once it is older than
 * the rotation interval; every key whose tokens may still be alive is published (JWKS) and accepted.
 * Keys live in a KeyStore (PostgreSQL in the app) so every instance signs and verifies alike; the
 * private half is stored sealed with AES-256-GCM under a server key.
 */
export const ACCESS_TOKEN_ALG = "EdDSA";

export interface StoredKey {
  kid: string;
  alg: string;
  publicJwk: JWK;
  /** AES-256-GCM sealed private JWK: v<secret version>.base64url(iv).base64url(ciphertext+tag) */
  privateJwk: string;
  createdAt: number;
}

export interface KeyStore {
  /** keys created at or after `since`, newest first */
  listSince(since: number): Promise<StoredKey[]>;
  add(key: StoredKey): Promise<void>;
}

export interface KeyRingOptions {
  store: KeyStore;
  /**
   * 32-byte keys that seal the private keys at rest, one per configured secret, newest first: new
   * keys are sealed with the first, and a key sealed under any listed one can be read
   */
  wrapKeys: WrapKey[];
  /** a new signing key after this long */
  rotationMs: number;
  /** the longest an access token lives: a retired key stays published this long (plus a margin) */
  accessTtlMs: number;
  clock?: () => number;
}

interface LoadedKey {
  kid: string;
  createdAt: number;
  publicJwk: JWK;
  publicKey: CryptoKey;
  privateKey?: CryptoKey;
}

export interface WrapKey {
  version: number;
  key: Uint8Array;
}

const RELOAD_MS = 30_000;
/** an unknown kid reloads the set at most this often: random kids must not each cost a query */
const FORCED_RELOAD_MS = 5_000;
const MARGIN_MS = 60_000;

export function createKeyRing({ store, wrapKeys, rotationMs, accessTtlMs, clock = Date.now }: KeyRingOptions) {
  let keys: LoadedKey[] = [];
  let loadedAt = -Infinity;
  let loading: Promise<void> | null = null;
  const publishedSince = () => clock() - rotationMs - accessTtlMs - MARGIN_MS;

  let loads = 0;
  let applied = 0;
  async function load() {
    const started = ++loads;
    const rows = await store.listSince(publishedSince());
    // loads overlap: one that started earlier must not replace what a later one saw (a new key)
    if (started < applied) return;
    applied = started;
    const before = new Map(keys.map((k) => [k.kid, k]));
    keys = await Promise.all(
      rows.map(
        async (row) =>
          before.get(row.kid) ?? {
            kid: row.kid,
            createdAt: row.createdAt,
            publicJwk: row.publicJwk,
            publicKey: (await importJWK(row.publicJwk, row.alg)) as CryptoKey,
          },
      ),
    );
    loadedAt = clock();
  }

  async function refresh(force = false) {
    if (!force && clock() - loadedAt < RELOAD_MS) return;
    loading ??= load().finally(() => (loading = null));
    await loading;
  }

  async function createKey(): Promise<void> {
    const { publicKey, privateKey } = await generateKeyPair(ACCESS_TOKEN_ALG, { crv: "Ed25519", extractable: true });
    const kid = randomUUID();
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ACCESS_TOKEN_ALG, use: "sig" };
    await store.add({
      kid,
      alg: ACCESS_TOKEN_ALG,
      publicJwk,
      privateJwk: seal(JSON.stringify(await exportJWK(privateKey)), wrapKeys[0]!),
      createdAt: clock(),
    });
  }

  /** kids whose private half no configured secret can read (sealed under a secret since removed) */
  const unreadable = new Set<string>();
  /** the newest key this ring can sign with (keys[] is newest first) */
  const signer = () => keys.find((k) => !unreadable.has(k.kid));
  const due = () => {
    const key = signer();
    return !key || clock() - key.createdAt >= rotationMs;
  };

  /**
   * One rotation at a time in this process (the first sign-ins of a fresh deployment arrive
   * together); it reads the store afresh, since another instance may have rotated meanwhile. Two
   * instances rotating at once make two keys, both published, harmlessly.
   */
  let rotating: Promise<void> | null = null;
  function rotate(): Promise<void> {
    rotating ??= (async () => {
      await load();
      if (due()) {
        await createKey();
        await load();
      }
    })().finally(() => (rotating = null));
    return rotating;
  }

  /**
   * The key to sign with now, made (or rotated) first when due, or when the newest key was sealed
   * under a secret no longer configured: its public half stays published, and a new key signs.
   */
  async function signingKey(): Promise<{ kid: string; key: CryptoKey }> {
    await refresh();
    for (let attempt = 0; attempt < 3; attempt++) {
      if (due()) await rotate();
      const newest = signer();
      if (!newest) break;
      if (newest.privateKey) return { kid: newest.kid, key: newest.privateKey };
      const row = (await store.listSince(newest.createdAt)).find((k) => k.kid === newest.kid);
      const jwk = row ? unseal(row.privateJwk, wrapKeys) : null;
      if (row && jwk) {
        newest.privateKey = (await importJWK(JSON.parse(jwk) as JWK, row.alg)) as CryptoKey;
        return { kid: newest.kid, key: newest.privateKey };
      }
      unreadable.add(newest.kid);
    }
    throw new Error("no signing key could be loaded after creating one");
  }

  /** The public key for a token's `kid`, or null (an unknown kid reloads once: another instance may have rotated). */
  async function verificationKey(kid: string): Promise<CryptoKey | null> {
    await refresh();
    let found = keys.find((k) => k.kid === kid);
    if (!found && clock() - loadedAt >= FORCED_RELOAD_MS) {
      await refresh(true);
      found = keys.find((k) => k.kid === kid);
    }
    return found && found.createdAt >= publishedSince() ? found.publicKey : null;
  }

  /** The JSON Web Key Set to publish: public halves only. */
  async function jwks(): Promise<{ keys: JWK[] }> {
    await signingKey();
    return { keys: keys.map((k) => k.publicJwk) };
  }

  return { signingKey, verificationKey, jwks };
}

export type KeyRing = ReturnType<typeof createKeyRing>;

// AES-256-GCM from node:crypto (not hand-rolled cryptography): a random 96-bit IV per key, the tag
// appended to the ciphertext, the version of the secret whose key sealed it in front.
function seal(plain: string, { version, key }: WrapKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `v${version}.${iv.toString("base64url")}.${body.toString("base64url")}`;
}

/** The plain text, or null when no key given can open it (its secret was removed) or it is malformed. */
function unseal(sealed: string, keys: WrapKey[]): string | null {
  const parts = sealed.split(".");
  // keys sealed before versions were recorded: try every configured key
  const [version, ivText, bodyText] = parts.length === 3 ? [Number(parts[0]!.slice(1)), parts[1], parts[2]] : [null, parts[0], parts[1]];
  const [iv, body] = [ivText, bodyText].map((part) => Buffer.from(part ?? "", "base64url"));
  if (!iv?.length || !body || body.length < 16) return null;
  for (const { key } of version === null ? keys : keys.filter((k) => k.version === version)) {
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, iv);
      decipher.setAuthTag(body.subarray(body.length - 16));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString("utf8");
    } catch {
      // the wrong key: the authentication tag does not match
    }
  }
  return null;
}

/** For tests and single-process tools. */
export class MemoryKeyStore implements KeyStore {
  readonly keys: StoredKey[] = [];
  async listSince(since: number) {
    return this.keys.filter((k) => k.createdAt >= since).sort((a, b) => b.createdAt - a.createdAt);
  }
  async add(key: StoredKey) {
    this.keys.push(key);
  }
}
