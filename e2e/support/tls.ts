import { execFileSync } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * The production project's TLS: a local CA and one certificate for 127.0.0.1 made by mkcert
 * (Debian's package) under .data/tls, once per checkout. Chromium trusts exactly this certificate
 * (--ignore-certificate-errors-spki-list with its key's hash: no blanket "ignore certificate
 * errors"); Node clients trust the CA through NODE_EXTRA_CA_CERTS. Synchronous: the Playwright
 * config needs the hash before any browser starts.
 */
const DIR = path.join(".data", "tls");

export interface TestCertificate {
  cert: string;
  key: string;
  /** the CA that signed it, for NODE_EXTRA_CA_CERTS */
  ca: string;
  /** base64 SHA-256 of the certificate's public key (SubjectPublicKeyInfo), for Chromium's pin */
  spki: string;
}

export function testCertificate(): TestCertificate {
  const files = { cert: path.join(DIR, "cert.pem"), key: path.join(DIR, "key.pem"), ca: path.join(DIR, "ca", "rootCA.pem") };
  if (!existsSync(files.cert) || !existsSync(files.ca)) {
    mkdirSync(DIR, { recursive: true, mode: 0o700 });
    try {
      execFileSync("mkcert", ["-cert-file", files.cert, "-key-file", files.key, "127.0.0.1", "localhost"], {
        env: { ...process.env, CAROOT: path.join(DIR, "ca") },
        stdio: "pipe",
      });
    } catch (error) {
      throw new Error(`the production project needs mkcert and nginx (apt-get install mkcert nginx): ${(error as Error).message}`);
    }
  }
  const publicKey = new X509Certificate(readFileSync(files.cert)).publicKey.export({ type: "spki", format: "der" });
  return { ...files, spki: createHash("sha256").update(publicKey).digest("base64") };
}
