import { expect, test as base } from "@playwright/test";

/**
 * Every test's page reports Content-Security-Policy violations: the browser
 * logs each one and fires `securitypolicyviolation`; a test whose pages
 * broke the policy fails when it ends, naming what was blocked.
 */
export const test = base.extend<{ cspGuard: void }>({
  cspGuard: [
    async ({ page }, use) => {
      const violations: string[] = [];
      await page.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (e) => {
          console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
        });
      });
      page.on("console", (msg) => {
        const text = msg.text();
        if (msg.type() === "error" && (text.startsWith("CSP violation") || text.includes("Content Security Policy"))) {
          violations.push(`${page.url()}: ${text}`);
        }
      });
      await use();
      expect(violations, "no page broke the Content-Security-Policy").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
export type { Locator, Page } from "@playwright/test";
