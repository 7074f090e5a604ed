import { describe, expect, it } from "vitest";
import { account } from "../i18n/messages/account";
import { describeDevice, deviceName } from "./device";

const FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0";

describe("device names", () => {
  it("stores an English name and says it again in the reader's language", () => {
    const stored = describeDevice(FIREFOX_WINDOWS);
    expect(stored).toBe("Firefox 130 on Windows");
    expect(deviceName(stored, FIREFOX_WINDOWS, account.en.device)).toBe(stored);
    expect(deviceName(stored, FIREFOX_WINDOWS, account.ja.device)).toBe("Windows の Firefox 130");
  });

  it("keeps a name an app gave itself, and names a session stored without one", () => {
    expect(deviceName("Pixel 9", FIREFOX_WINDOWS, account.ja.device)).toBe("Pixel 9");
    expect(deviceName("", "", account.en.device)).toBe("Unknown device");
    expect(deviceName("", "", account.ja.device)).toBe("不明な端末");
  });
});
