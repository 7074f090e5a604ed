import { describe, expect, it } from "vitest";
import { accountWords, checkPasswordStrength } from "./password-strength";

const alice = accountWords("alice@example.com");

describe("new-password strength (weak passwords)", () => {
  it.each(["short", "password1234", "alice@example.com1", "qwertyuiopasdf", "aaaaaaaaaaaaaaaa", "alicealicealice"])(
    "refuses %j with a reason",
    (password) => {
      const verdict = checkPasswordStrength(password, alice, "en");
      expect(verdict.acceptable).toBe(false);
      expect(verdict.reason).toMatch(/\w/);
    },
  );

  it("accepts a long passphrase of unrelated words", () => {
    expect(checkPasswordStrength("copper violin harbour midnight", alice, "en")).toMatchObject({ acceptable: true });
  });

  it("refuses the account's own email as a password, saying why", () => {
    expect(checkPasswordStrength("alice@example.com", alice, "en")).toMatchObject({
      acceptable: false,
      reason: "Too easy to guess: There should not be any personal or page related data.",
    });
  });

  it("says why in English as before", () => {
    expect(checkPasswordStrength("short", alice, "en").reason).toBe("Use at least 12 characters; a few unrelated words work well.");
    expect(checkPasswordStrength("x".repeat(257), alice, "en").reason).toBe("Use at most 256 characters.");
    expect(checkPasswordStrength("password1234", alice, "en").reason).toMatch(/^Too easy to guess: .+\.$/);
  });
});

describe("new-password strength in Japanese", () => {
  it("gives the same verdict, with its reason in Japanese", () => {
    for (const password of ["short", "password1234", "alice@example.com", "copper violin harbour midnight"]) {
      const en = checkPasswordStrength(password, alice, "en");
      const ja = checkPasswordStrength(password, alice, "ja");
      expect(ja).toMatchObject({ score: en.score, acceptable: en.acceptable });
      expect(ja.reason === undefined).toBe(en.reason === undefined);
    }
  });

  it("says the length, and for a guessable password the general advice rather than zxcvbn's English", () => {
    expect(checkPasswordStrength("short", alice, "ja").reason).toBe(
      "12文字以上にしてください。無関係な単語をいくつか組み合わせるのがおすすめです。",
    );
    expect(checkPasswordStrength("password1234", alice, "ja").reason).toBe(
      "推測されやすいパスワードです。無関係な単語をいくつか組み合わせるなどして、長くしてください。",
    );
  });
});
