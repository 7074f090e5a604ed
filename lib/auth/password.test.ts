import * as argon2 from "@node-rs/argon2";
import { describe, expect, it, vi } from "vitest";

// a pass-through spy: every call still reaches the real argon2 implementation
vi.mock("@node-rs/argon2", async (original) => {
  const real = await original<typeof import("@node-rs/argon2")>();
  return { ...real, verify: vi.fn(real.verify) };
});

const { hashPassword, verifyPassword } = await import("./password");

describe("password hashing", () => {
  it("hashes with argon2id at the OWASP parameters (19 MiB, 2 passes, 1 lane) and a fresh salt", async () => {
    const [a, b] = [await hashPassword("correct horse"), await hashPassword("correct horse")];
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
  });

  it("accepts the right password and refuses a wrong one", async () => {
    const stored = await hashPassword("correct horse");
    expect(await verifyPassword(stored, "correct horse")).toBe(true);
    expect(await verifyPassword(stored, "Correct horse")).toBe(false);
  });

  it("refuses an unreadable stored hash instead of throwing", async () => {
    expect(await verifyPassword("not-a-phc-string", "anything")).toBe(false);
  });

  it("runs a full argon2id verification for an unknown account too, so timing does not reveal which accounts exist (enumeration)", async () => {
    vi.mocked(argon2.verify).mockClear();
    expect(await verifyPassword(null, "timing-equaliser-not-a-password")).toBe(false);
    expect(argon2.verify).toHaveBeenCalledTimes(1);
    const [target] = vi.mocked(argon2.verify).mock.calls[0]!;
    expect(target).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});
