import { describe, expect, it } from "vitest";
import { accountWords, checkPasswordStrength } from "./password-strength";

describe("new-password strength (weak passwords)", () => {
  it.each(["short", "password1234", "alice@example.com1", "qwertyuiopasdf", "aaaaaaaaaaaaaaaa", "alicealicealice"])(
    "refuses %j with a reason",
    (password) => {
      const verdict = checkPasswordStrength(password, accountWords("alice@example.com"));
      expect(verdict.acceptable).toBe(false);
      expect(verdict.reason).toMatch(/\w/);
    },
  );

  it("accepts a long passphrase of unrelated words", () => {
    expect(checkPasswordStrength("copper violin harbour midnight", accountWords("alice@example.com"))).toMatchObject({ acceptable: true });
  });

  it("refuses the account's own email as a password, saying why", () => {
    expect(checkPasswordStrength("alice@example.com", accountWords("alice@example.com"))).toMatchObject({
      acceptable: false,
      reason: expect.stringMatching(/personal/),
    });
  });
});
