import { expect, test } from "./fixtures";
import { hydrated, login, shot } from "./helpers";

test("a token is shown once, works with the API, and is revoked", async ({ page, request }) => {
  await login(page, "vendedor2@demo.embudo.mx");
  await page.goto("/cuenta/tokens");
  await hydrated(page);
  await page.getByRole("button", { name: "Crear token" }).click();
  await expect(page.getByRole("alert")).toContainText("nombre de 1 a 80");
  await page.getByLabel("Nombre del token").fill("Integración con facturación");
  await page.getByRole("button", { name: "Crear token" }).click();
  const token = await page.getByTestId("new-token").innerText();
  expect(token.length).toBeGreaterThan(30);
  await shot(page, "tokens-nuevo");
  // It works as a bearer, with the seller's own deals only.
  const res = await request.get("/api/v1/deals?limit=5", { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status()).toBe(200);
  await page.getByRole("button", { name: "Listo" }).click();
  await hydrated(page);
  const row = page.locator("tr", { hasText: "Integración con facturación" });
  await expect(row.locator("[data-field='status']")).toHaveText("Activo");
  await expect(row.locator("[data-field='last-used']")).not.toHaveText("Nunca");
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  await row.getByRole("button", { name: "Revocar" }).click();
  await expect(page.locator("tr", { hasText: "Integración con facturación" }).locator("[data-field='status']")).toHaveText("Revocado");
  await shot(page, "tokens");
  // A token that expires says when, in the list.
  await page.getByLabel("Nombre del token").fill("Mensual");
  await page.getByLabel("Caduca").selectOption({ label: "En 30 días" });
  await page.getByRole("button", { name: "Crear token" }).click();
  await expect(page.getByTestId("new-token")).toBeVisible();
  await page.getByRole("button", { name: "Listo" }).click();
  await hydrated(page);
  const monthly = page.locator("tr", { hasText: "Mensual" });
  await expect(monthly.locator("[data-field='expires']")).not.toHaveText("Nunca");
  await expect(monthly.locator("[data-field='status']")).toHaveText("Activo");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "tokens-phone");
  const refused = await request.get("/api/v1/deals", { headers: { Authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
});
