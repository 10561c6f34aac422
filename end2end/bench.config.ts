import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// The browser benchmark of a large board (scripts/bench-board-browser.sh),
// kept apart from the test suite.
export default defineConfig({
  ...base,
  testDir: "./bench",
  testMatch: "**/*.bench.ts",
  timeout: 120_000,
});
