import { expect, Page } from "@playwright/test";

export const PASSWORD = "demo1234";

/** Waits until the WASM has hydrated the page (set by a browser-only Effect). */
export async function hydrated(page: Page): Promise<void> {
  await expect(page.locator("body[data-hydrated='true']")).toHaveCount(1);
}

/** Signs in through the login form and waits for the landing page. */
export async function login(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto("/login");
  await hydrated(page);
  await page.getByLabel("Correo electrónico").fill(email);
  await page.getByLabel("Contraseña").fill(password);
  await page.getByRole("button", { name: "Iniciar sesión" }).click();
  await page.waitForURL("**/crm/resumen");
  await hydrated(page);
}

/** Saves a full-page screenshot where the test script asks for them. */
export async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.EMBUDO_SCREENSHOTS ?? "screenshots";
  await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}
